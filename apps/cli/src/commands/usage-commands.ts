import type { UsageFilterQuery, UsageGroupBy } from '@hangar/api-client';
import { type Command, Option } from 'commander';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { integerArgument, type CommandContext, type ContextFactory } from '../cli-context.js';
import type { OutputStream } from '../cli-io.js';
import { formatKeyValues } from '../format/format-table.js';
import { formatBytes } from '../format/format-units.js';
import { formatTotalsLine, formatUsageRows, formatUsageTotals, sumTotals } from '../format/format-usage.js';
import { parseSince, parseUntil } from '../time-range.js';

interface UsageFilterOptions {
  user?: string;
  key?: string;
  team?: string;
  model?: string;
  since?: string;
  until?: string;
}

interface UsageOptions extends UsageFilterOptions {
  groupBy?: UsageGroupBy;
  limit: number;
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--user <username>', 'only this user')
    .option('--key <key>', 'only this API key (name or id)')
    .option('--team <name>', 'only this team')
    .option('--model <name>', 'only this model')
    .option('--since <when>', 'from a duration ago (1h, 24h, 7d) or an ISO date/time')
    .option('--until <when>', 'up to an ISO date/time');
}

/** The flags as the server's filter; `nowMs` anchors `--since 24h`. */
export function usageFilterOf(options: UsageFilterOptions, nowMs: number): UsageFilterQuery {
  return {
    user: options.user,
    key: options.key,
    team: options.team,
    model: options.model,
    from: options.since === undefined ? undefined : parseSince(options.since, nowMs),
    to: options.until === undefined ? undefined : parseUntil(options.until),
  };
}

/** Writes chunks to `stream`, waiting for it to drain, and resolves to the bytes written. */
async function writeAll(chunks: AsyncIterable<Uint8Array>, stream: OutputStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  return bytes;
}

async function exportCsv(context: CommandContext, filter: UsageFilterQuery, out: string | undefined) {
  const body = await context.client.exportUsageCsv(filter);
  if (out === undefined) return void (await writeAll(body, context.io.stdout));
  const file = createWriteStream(out);
  try {
    await once(file, 'open');
    const bytes = await writeAll(body, file);
    file.end();
    await once(file, 'finish');
    context.io.stderr.write(`Wrote ${formatBytes(bytes)} of usage records to ${out}\n`);
  } finally {
    file.destroy();
  }
}

/** `hangar usage [export]` and `hangar settings`. */
export function registerUsageCommands(program: Command, contextOf: ContextFactory): void {
  const usage = addFilterOptions(
    program.command('usage').description('Show gateway usage: requests and tokens'),
  )
    .addOption(
      new Option('--group-by <what>', 'totals per user, key, team, model or day').choices([
        'user',
        'key',
        'team',
        'model',
        'day',
      ]),
    )
    .option('--limit <n>', 'how many records (1-1000)', integerArgument(1), 50)
    .action(async (options: UsageOptions, command: Command) => {
      const context = await contextOf(command);
      const filter = usageFilterOf(options, Date.now());
      if (options.groupBy) {
        const totals = await context.client.usageTotals({ ...filter, groupBy: options.groupBy });
        if (context.isJson) return context.printJson(totals);
        context.print(formatUsageTotals(options.groupBy, totals));
        return context.print(formatTotalsLine(sumTotals(totals)));
      }
      const page = await context.client.listUsage({ ...filter, limit: options.limit });
      if (context.isJson) return context.printJson(page);
      context.print(formatUsageRows(page.data));
      context.print(formatTotalsLine(page.totals));
    });

  addFilterOptions(usage.command('export').description('Export usage records as CSV (all that match)'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      // The filter flags may land on `usage` or on `export` depending on where they are written.
      const options = command.optsWithGlobals<UsageFilterOptions & { out?: string }>();
      await exportCsv(context, usageFilterOf(options, Date.now()), options.out);
    });

  program
    .command('settings')
    .description('Show server settings, or change them (admin)')
    .option('--usage-retention-days <n>', 'days usage records are kept', integerArgument(1))
    .action(async (options: { usageRetentionDays?: number }, command: Command) => {
      const context = await contextOf(command);
      const settings =
        options.usageRetentionDays === undefined
          ? await context.client.getSettings()
          : await context.client.updateSettings({ usageRetentionDays: options.usageRetentionDays });
      if (context.isJson) return context.printJson(settings);
      context.print(
        formatKeyValues([
          ['usage retention', `${settings.usageRetentionDays} days`],
          ['home', settings.home],
          ['version', settings.version],
        ]),
      );
    });
}
