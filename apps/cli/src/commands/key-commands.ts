import type { Command } from 'commander';
import type { ContextFactory } from '../cli-context.js';
import { formatTable } from '../format/format-table.js';
import { formatTimestamp } from '../format/format-units.js';

/** `hangar key create|ls|revoke`. */
export function registerKeyCommands(program: Command, contextOf: ContextFactory): void {
  const key = program.command('key').description('Manage API keys for the /v1 gateway');

  key
    .command('create')
    .description('Create an API key (shown once)')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .action(async (options: { name: string }, command: Command) => {
      const context = await contextOf(command);
      const created = await context.client.createKey({ name: options.name });
      if (context.isJson) return context.printJson(created);
      context.print(`Created API key ${created.name} (${created.id})`);
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
      ]);
      context.print(formatTable(['ID', 'NAME', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'], rows));
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
