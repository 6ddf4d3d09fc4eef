import type {
  ApiKeyView,
  CreateTeamRequest,
  CreateUserRequest,
  LimitSetInput,
  SettingsView,
  TeamView,
  UpdateKeyRequest,
  UpdateUserRequest,
  UsageRowView,
  UsageSummaryView,
  UsageTotalsView,
  UserView,
} from '@hangar/contracts';
import type { HttpTransport } from './http-transport.js';

/** Which usage records a query covers. Names (user, key name or id, team) as the server shows them. */
export interface UsageFilterQuery {
  user?: string;
  key?: string;
  team?: string;
  model?: string;
  /** ISO timestamp (inclusive). */
  from?: string;
  /** ISO timestamp (exclusive). */
  to?: string;
}

/** A page of usage records. */
export interface UsageListQuery extends UsageFilterQuery {
  /** 1-1000, default 100. */
  limit?: number;
  offset?: number;
}

export type UsageGroupBy = 'user' | 'key' | 'team' | 'model' | 'day';

/** `GET /api/usage`: newest records first, and the totals of everything the filter covers. */
export interface UsagePage {
  data: UsageRowView[];
  totals: UsageTotalsView;
}

/** Users, teams, key limits, usage and settings. */
export interface GovernanceApi {
  listUsers(): Promise<UserView[]>;
  createUser(request: CreateUserRequest): Promise<UserView>;
  /** `PATCH /api/users/:username`; `team: null` takes the user out of their team. */
  updateUser(username: string, request: UpdateUserRequest): Promise<UserView>;
  listTeams(): Promise<TeamView[]>;
  createTeam(request: CreateTeamRequest): Promise<TeamView>;
  /** `PATCH /api/teams/:name`: replaces the team's limits. */
  updateTeamLimits(name: string, limits: LimitSetInput): Promise<TeamView>;
  deleteTeam(name: string): Promise<void>;
  /** `PATCH /api/keys/:id`: limits (replaced), allowed models (`null`: all), expiry (`null`: never). */
  updateKey(id: string, request: UpdateKeyRequest): Promise<ApiKeyView>;
  listUsage(query?: UsageListQuery): Promise<UsagePage>;
  /** `GET /api/usage/totals`: one row per group (or one row overall without `groupBy`). */
  usageTotals(query?: UsageFilterQuery & { groupBy?: UsageGroupBy }): Promise<UsageTotalsView[]>;
  usageSummary(window?: '1h' | '24h' | '7d'): Promise<UsageSummaryView>;
  /** `GET /api/usage/export.csv`: the CSV as a byte stream (every matching record, not paged). */
  exportUsageCsv(query?: UsageFilterQuery, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  getSettings(): Promise<SettingsView>;
  updateSettings(request: { usageRetentionDays?: number }): Promise<SettingsView>;
}

type Query = Record<string, string | number | undefined>;

/** The governance methods of the API client, over `http`. */
export function governanceMethods(http: HttpTransport): GovernanceApi {
  const segment = encodeURIComponent;
  const list = async <T>(path: string, query?: Query) =>
    (await http.json<{ data: T[] }>(path, { query })).data;
  return {
    listUsers: () => list<UserView>('/api/users'),
    createUser: (request) => http.json<UserView>('/api/users', { method: 'POST', body: request }),
    updateUser: (username, request) =>
      http.json<UserView>(`/api/users/${segment(username)}`, { method: 'PATCH', body: request }),
    listTeams: () => list<TeamView>('/api/teams'),
    createTeam: (request) => http.json<TeamView>('/api/teams', { method: 'POST', body: request }),
    updateTeamLimits: (name, limits) =>
      http.json<TeamView>(`/api/teams/${segment(name)}`, { method: 'PATCH', body: { limits } }),
    deleteTeam: (name) => http.json<void>(`/api/teams/${segment(name)}`, { method: 'DELETE' }),
    updateKey: (id, request) =>
      http.json<ApiKeyView>(`/api/keys/${segment(id)}`, { method: 'PATCH', body: request }),
    listUsage: (query) => http.json<UsagePage>('/api/usage', { query: { ...query } }),
    usageTotals: (query) => list<UsageTotalsView>('/api/usage/totals', { ...query }),
    usageSummary: (window) => http.json<UsageSummaryView>('/api/usage/summary', { query: { window } }),
    exportUsageCsv: async (query, signal) => {
      const response = await http.send('/api/usage/export.csv', { query: { ...query }, signal });
      return response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    },
    getSettings: () => http.json<SettingsView>('/api/settings'),
    updateSettings: (request) => http.json<SettingsView>('/api/settings', { method: 'PUT', body: request }),
  };
}
