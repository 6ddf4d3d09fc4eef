import type { UpdateUserRequest } from '@hangar/contracts';
import { type Command, Option } from 'commander';
import type { ContextFactory } from '../cli-context.js';
import { UsageError } from '../cli-io.js';
import { formatTable } from '../format/format-table.js';
import { formatTimestamp } from '../format/format-units.js';
import {
  addLimitOptions,
  applyLimitChanges,
  formatLimits,
  hasLimitChanges,
  limitChangesOf,
  type LimitOptions,
} from '../limit-flags.js';
import { readSecrets } from '../read-secret.js';

interface CreateUserOptions extends LimitOptions {
  role: 'admin' | 'user';
  team?: string;
  passwordStdin?: boolean;
}

interface UpdateUserOptions extends LimitOptions {
  role?: 'admin' | 'user';
  /** `--team <name>`, or `false` for `--no-team`. */
  team?: string | false;
  disable?: boolean;
  enable?: boolean;
}

const roleOption = () => new Option('--role <role>', 'admin or user').choices(['admin', 'user']);

/** `hangar user ls|create|update`. */
function registerUserCommands(program: Command, contextOf: ContextFactory): void {
  const user = program.command('user').description('Manage users (admin)');

  user
    .command('ls')
    .description('List users')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const users = await context.client.listUsers();
      if (context.isJson) return context.printJson(users);
      const rows = users.map((entry) => [
        entry.username,
        entry.role,
        entry.team ?? '-',
        entry.disabled ? 'disabled' : entry.mustChangePassword ? 'must change password' : 'active',
        formatTimestamp(entry.createdAt),
        formatLimits(entry.limits),
      ]);
      context.print(formatTable(['USERNAME', 'ROLE', 'TEAM', 'STATUS', 'CREATED', 'LIMITS'], rows));
    });

  addLimitOptions(
    user
      .command('create <username>')
      .description('Create a user (the password is prompted for, or read from stdin)')
      .addOption(roleOption().default('user'))
      .option('--team <name>', 'team to join')
      .option('--password-stdin', 'read the password from stdin'),
  ).action(async (username: string, options: CreateUserOptions, command: Command) => {
    const context = await contextOf(command);
    const isPrompting = options.passwordStdin !== true && context.io.stdin.isTTY === true;
    const prompts = ['Password: ', ...(isPrompting ? ['Repeat the password: '] : [])];
    const [password = '', repeated] = await readSecrets(context.io, prompts, !isPrompting);
    if (isPrompting && repeated !== password) throw new UsageError('the passwords do not match');
    const limits = applyLimitChanges(undefined, limitChangesOf(options));
    const created = await context.client.createUser({
      username,
      password,
      role: options.role,
      ...(options.team ? { team: options.team } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    });
    if (context.isJson) return context.printJson(created);
    context.print(
      `Created user ${created.username} (${created.role}${created.team ? `, team ${created.team}` : ''})`,
    );
  });

  addLimitOptions(
    user
      .command('update <username>')
      .description("Change a user's role, team, limits, or disable them")
      .addOption(roleOption())
      .option('--team <name>', 'move to this team')
      .option('--no-team', 'take out of their team')
      .option('--disable', 'disable the user (their sessions and keys stop working)')
      .option('--enable', 'enable a disabled user'),
  ).action(async (username: string, options: UpdateUserOptions, command: Command) => {
    const context = await contextOf(command);
    if (options.disable && options.enable) throw new UsageError('use either --disable or --enable');
    const changes = limitChangesOf(options);
    const request: UpdateUserRequest = {
      ...(options.role ? { role: options.role } : {}),
      ...(options.team !== undefined ? { team: options.team === false ? null : options.team } : {}),
      ...(options.disable || options.enable ? { disabled: options.disable === true } : {}),
    };
    if (hasLimitChanges(changes)) {
      const current = (await context.client.listUsers()).find((entry) => entry.username === username);
      request.limits = applyLimitChanges(current?.limits, changes);
    }
    if (Object.keys(request).length === 0)
      throw new UsageError('nothing to change: see `hangar user update --help`');
    const updated = await context.client.updateUser(username, request);
    if (context.isJson) return context.printJson(updated);
    context.print(
      `Updated user ${updated.username}: ${updated.role}, team ${updated.team ?? '-'}, ` +
        `${updated.disabled ? 'disabled' : 'active'}, limits ${formatLimits(updated.limits)}`,
    );
  });
}

/** `hangar team ls|create|limits|rm`. */
function registerTeamCommands(program: Command, contextOf: ContextFactory): void {
  const team = program.command('team').description('Manage teams and their shared limits (admin)');

  team
    .command('ls')
    .description('List teams')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const teams = await context.client.listTeams();
      if (context.isJson) return context.printJson(teams);
      const rows = teams.map((entry) => [
        entry.name,
        String(entry.members),
        formatTimestamp(entry.createdAt),
        formatLimits(entry.limits),
      ]);
      context.print(formatTable(['NAME', 'MEMBERS', 'CREATED', 'LIMITS'], rows));
    });

  addLimitOptions(team.command('create <name>').description('Create a team')).action(
    async (name: string, options: LimitOptions, command: Command) => {
      const context = await contextOf(command);
      const created = await context.client.createTeam({
        name,
        limits: applyLimitChanges(undefined, limitChangesOf(options)),
      });
      if (context.isJson) return context.printJson(created);
      context.print(`Created team ${created.name} (limits: ${formatLimits(created.limits)})`);
    },
  );

  addLimitOptions(
    team
      .command('limits <name>')
      .description("Show or change a team's limits (limits not named keep their value)"),
  ).action(async (name: string, options: LimitOptions, command: Command) => {
    const context = await contextOf(command);
    const current = (await context.client.listTeams()).find((entry) => entry.name === name);
    const changes = limitChangesOf(options);
    const result = hasLimitChanges(changes)
      ? await context.client.updateTeamLimits(name, applyLimitChanges(current?.limits, changes))
      : current;
    if (!result) throw new UsageError(`no team '${name}': see \`hangar team ls\``);
    if (context.isJson) return context.printJson(result);
    context.print(`Team ${result.name} limits: ${formatLimits(result.limits)}`);
  });

  team
    .command('rm <name>')
    .description('Delete a team (its members stay, without a team)')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      await context.client.deleteTeam(name);
      if (context.isJson) return context.printJson({ removed: name });
      context.print(`Removed team ${name}`);
    });
}

/** `hangar user ...` and `hangar team ...`. */
export function registerGovernanceCommands(program: Command, contextOf: ContextFactory): void {
  registerUserCommands(program, contextOf);
  registerTeamCommands(program, contextOf);
}
