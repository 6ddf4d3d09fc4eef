import type { ApiKeyView, UpdateKeyRequest } from '@hangar/contracts';
import type { Command } from 'commander';
import { integerArgument, type ContextFactory } from '../cli-context.js';
import { UsageError } from '../cli-io.js';
import { formatTable } from '../format/format-table.js';
import { formatTimestamp } from '../format/format-units.js';
import {
  addLimitOptions,
  applyLimitChanges,
  formatLimits,
  hasLimitChanges,
  limitChangesOf,
  modelListArgument,
  type LimitOptions,
} from '../limit-flags.js';

interface CreateKeyOptions extends LimitOptions {
  name: string;
  models?: string[];
  expiresInDays?: number;
}

interface KeyLimitsOptions extends LimitOptions {
  models?: string[];
  allModels?: boolean;
}

/** The restrictions of a key that has any: allowed models, expiry, limits. */
function describeRestrictions(key: ApiKeyView): string[] {
  const lines: string[] = [];
  if (key.allowedModels && key.allowedModels.length > 0)
    lines.push(`Models: ${key.allowedModels.join(', ')}`);
  if (key.expiresAt) lines.push(`Expires: ${formatTimestamp(key.expiresAt)}`);
  if (key.limits && formatLimits(key.limits) !== 'none') lines.push(`Limits: ${formatLimits(key.limits)}`);
  return lines;
}

/** `hangar key create|ls|limits|revoke`. */
export function registerKeyCommands(program: Command, contextOf: ContextFactory): void {
  const key = program.command('key').description('Manage API keys for the /v1 gateway');

  addLimitOptions(
    key
      .command('create')
      .description('Create an API key (shown once)')
      .requiredOption('--name <name>', 'a name to recognise the key by')
      .option('--models <list>', 'comma-separated models the key may call (default: all)', modelListArgument)
      .option(
        '--expires-in-days <n>',
        'days until the key stops working (default: never)',
        integerArgument(1),
      ),
  ).action(async (options: CreateKeyOptions, command: Command) => {
    const context = await contextOf(command);
    const limits = applyLimitChanges(undefined, limitChangesOf(options));
    const created = await context.client.createKey({
      name: options.name,
      ...(options.models ? { allowedModels: options.models } : {}),
      ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    });
    if (context.isJson) return context.printJson(created);
    context.print(`Created API key ${created.name} (${created.id})`);
    for (const line of describeRestrictions(created)) context.print(line);
    context.print();
    context.print(`  ${created.key}`);
    context.print();
    context.print('Copy it now: it will not be shown again.');
  });

  key
    .command('ls')
    .description('List API keys')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const keys = await context.client.listKeys();
      if (context.isJson) return context.printJson(keys);
      const rows = keys.map((entry) => [
        entry.id,
        entry.name,
        `${entry.prefix}…`,
        formatTimestamp(entry.createdAt),
        formatTimestamp(entry.lastUsedAt),
        entry.revokedAt ? 'revoked' : 'active',
        formatTimestamp(entry.expiresAt),
        entry.allowedModels?.join(',') || 'all',
        formatLimits(entry.limits),
      ]);
      context.print(
        formatTable(
          ['ID', 'NAME', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS', 'EXPIRES', 'MODELS', 'LIMITS'],
          rows,
        ),
      );
    });

  addLimitOptions(
    key
      .command('limits <id>')
      .description("Show or change a key's limits and allowed models (limits not named keep their value)")
      .option('--models <list>', 'comma-separated models the key may call', modelListArgument)
      .option('--all-models', 'let the key call every model'),
  ).action(async (id: string, options: KeyLimitsOptions, command: Command) => {
    const context = await contextOf(command);
    if (options.models && options.allModels) throw new UsageError('use either --models or --all-models');
    const current = (await context.client.listKeys()).find((entry) => entry.id === id || entry.name === id);
    if (!current) throw new UsageError(`no API key '${id}': see \`hangar key ls\``);
    const changes = limitChangesOf(options);
    const request: UpdateKeyRequest = {
      ...(hasLimitChanges(changes) ? { limits: applyLimitChanges(current.limits, changes) } : {}),
      ...(options.models ? { allowedModels: options.models } : {}),
      ...(options.allModels ? { allowedModels: null } : {}),
    };
    const result =
      Object.keys(request).length > 0 ? await context.client.updateKey(current.id, request) : current;
    if (context.isJson) return context.printJson(result);
    context.print(`API key ${result.name} (${result.id})`);
    context.print(`Models: ${result.allowedModels?.join(', ') || 'all'}`);
    context.print(`Limits: ${formatLimits(result.limits)}`);
  });

  key
    .command('revoke <id>')
    .description('Revoke an API key')
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      await context.client.revokeKey(id);
      if (context.isJson) return context.printJson({ revoked: id });
      context.print(`Revoked API key ${id}`);
    });
}
