import { Readable } from 'node:stream';
import { NotFoundError, type Clock, type Team, type User } from '@hangar/core';
import {
  createTeamRequestSchema,
  createUserRequestSchema,
  settingsSchema,
  updateTeamRequestSchema,
  updateUserRequestSchema,
  usageQuerySchema,
  usageSummaryQuerySchema,
  usageTotalsQuerySchema,
  type SettingsView,
  type TeamView,
  type UserView,
} from '@hangar/contracts';
import type { Store, UsageFilter } from '@hangar/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../governance/users.service.js';
import { csvHeader, csvLine, nameLookup, usageRowView, usageSummary } from '../governance/usage-views.js';
import { parseInput } from './http-errors.js';
import { requireAdmin, requireUser } from './session-auth.js';

export interface GovernanceRoutesDeps {
  users: UsersService;
  store: Store;
  clock: Clock;
  home: string;
  version: string;
  modelSources: NonNullable<SettingsView['modelSources']>;
  /** Applies a new retention at once. */
  onRetentionChanged: (days: number) => void;
  retentionDays: () => number;
}

function userView(user: User, teams: Map<string, Team>): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    team: user.teamId ? (teams.get(user.teamId)?.name ?? null) : null,
    limits: { ...user.limits },
    disabled: Boolean(user.disabledAt),
    mustChangePassword: user.mustChangePassword,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

const toMs = (value: string | number | undefined): number | undefined =>
  value === undefined ? undefined : typeof value === 'number' ? value : Date.parse(value);

/** Users, teams, usage and settings. Admins see everything; a user sees their own usage only. */
export function registerGovernanceRoutes(app: FastifyInstance, deps: GovernanceRoutesDeps): void {
  const { users, store } = deps;
  const teamsById = () => new Map(store.teams.list().map((team) => [team.id, team]));

  app.get('/api/users', async (request) => {
    requireAdmin(request);
    const teams = teamsById();
    return { data: users.list().map((user) => userView(user, teams)) };
  });
  app.post('/api/users', async (request, reply) => {
    requireAdmin(request);
    const user = await users.create(parseInput(createUserRequestSchema, request.body));
    return reply.status(201).send(userView(user, teamsById()));
  });
  app.patch<{ Params: { username: string } }>('/api/users/:username', async (request) => {
    const admin = requireAdmin(request);
    const user = users.update(
      request.params.username,
      parseInput(updateUserRequestSchema, request.body),
      admin.id,
    );
    return userView(user, teamsById());
  });

  app.get('/api/teams', async (request) => {
    requireAdmin(request);
    return {
      data: users.listTeams().map((team): TeamView => ({
        id: team.id,
        name: team.name,
        limits: { ...team.limits },
        members: team.members,
        createdAt: new Date(team.createdAt).toISOString(),
      })),
    };
  });
  app.post('/api/teams', async (request, reply) => {
    requireAdmin(request);
    const team = users.createTeam(parseInput(createTeamRequestSchema, request.body));
    return reply.status(201).send({
      ...team,
      limits: { ...team.limits },
      members: 0,
      createdAt: new Date(team.createdAt).toISOString(),
    });
  });
  app.patch<{ Params: { name: string } }>('/api/teams/:name', async (request) => {
    requireAdmin(request);
    const team = users.updateTeam(
      request.params.name,
      parseInput(updateTeamRequestSchema, request.body).limits,
    );
    return { ...team, createdAt: new Date(team.createdAt).toISOString() };
  });
  app.delete<{ Params: { name: string } }>('/api/teams/:name', async (request, reply) => {
    requireAdmin(request);
    users.deleteTeam(request.params.name);
    return reply.status(204).send();
  });

  /** Query -> ledger filter; non-admins are pinned to themselves. */
  const filterOf = (
    request: FastifyRequest,
    query: {
      user?: string | undefined;
      key?: string | undefined;
      team?: string | undefined;
      model?: string | undefined;
      from?: string | number | undefined;
      to?: string | number | undefined;
    },
  ): UsageFilter => {
    const me = requireUser(request);
    const byName = <T extends { id: string }>(found: T | undefined, what: string, name: string): string => {
      if (!found) throw new NotFoundError(`No ${what} '${name}'`, `${what}_not_found`);
      return found.id;
    };
    const keyId =
      query.key === undefined
        ? undefined
        : (store.apiKeys.findById(query.key)?.id ??
          byName(
            store.apiKeys.list().find((key) => key.name === query.key),
            'key',
            query.key,
          ));
    return {
      userId:
        me.role === 'admin'
          ? query.user === undefined
            ? undefined
            : byName(store.users.findByUsername(query.user), 'user', query.user)
          : me.id,
      keyId,
      teamId:
        query.team === undefined ? undefined : byName(store.teams.findByName(query.team), 'team', query.team),
      model: query.model,
      from: toMs(query.from),
      to: toMs(query.to),
    };
  };

  app.get('/api/usage', async (request) => {
    const query = parseInput(usageQuerySchema, request.query);
    const filter = filterOf(request, query);
    const names = nameLookup(store);
    return {
      data: store.usage
        .list({ ...filter, limit: query.limit, offset: query.offset })
        .map((row) => usageRowView(row, names)),
      totals: store.usage.totals(filter)[0] ?? {
        group: null,
        requests: 0,
        errors: 0,
        promptTokens: 0,
        completionTokens: 0,
        reasoningTokens: 0,
      },
    };
  });

  app.get('/api/usage/totals', async (request) => {
    const query = parseInput(usageTotalsQuerySchema, request.query);
    const names = nameLookup(store);
    const label = (group: string | null): string | null => {
      if (group === null) return null;
      if (query.groupBy === 'user') return names.user(group);
      if (query.groupBy === 'key') return names.key(group);
      if (query.groupBy === 'team') return names.team(group);
      return group;
    };
    return {
      data: store.usage
        .totals(filterOf(request, query), query.groupBy)
        .map((total) => ({ ...total, group: label(total.group) })),
    };
  });

  app.get('/api/usage/summary', async (request) => {
    const { window } = parseInput(usageSummaryQuerySchema, request.query);
    const me = requireUser(request);
    return usageSummary(store, window, deps.clock.now(), me.role === 'admin' ? {} : { userId: me.id });
  });

  app.get('/api/usage/export.csv', async (request, reply) => {
    const filter = filterOf(request, parseInput(usageQuerySchema, request.query));
    const names = nameLookup(store);
    const lines: string[] = [csvHeader()];
    store.usage.forEach(filter, (row) => lines.push(csvLine(usageRowView(row, names))));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="hangar-usage.csv"')
      .send(Readable.from(lines));
  });

  app.get('/api/settings', async (request) => {
    requireUser(request);
    return settingsView();
  });
  app.put('/api/settings', async (request) => {
    requireAdmin(request);
    const body = parseInput(settingsSchema, request.body);
    if (body.usageRetentionDays !== undefined) {
      store.settings.set('usageRetentionDays', body.usageRetentionDays);
      deps.onRetentionChanged(body.usageRetentionDays);
    }
    return settingsView();
  });

  function settingsView(): SettingsView {
    return {
      usageRetentionDays: deps.retentionDays(),
      home: deps.home,
      version: deps.version,
      modelSources: deps.modelSources,
    };
  }
}
