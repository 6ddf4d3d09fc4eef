import type { InstanceView } from '@hangar/contracts';
import type { Command } from 'commander';
import { integerArgument, type ContextFactory } from '../cli-context.js';
import { formatTable } from '../format/format-table.js';
import { formatDuration } from '../format/format-units.js';
import { newLogLines } from '../log-lines.js';

/** The `hangar ps` table, with the last error of failed instances below it. */
export function formatInstances(instances: readonly InstanceView[]): string {
  const rows = instances.map((instance) => [
    instance.id,
    instance.deployment,
    instance.state,
    instance.port == null ? '-' : String(instance.port),
    instance.pid == null ? '-' : String(instance.pid),
    String(instance.restarts),
    formatDuration(instance.uptimeSeconds),
  ]);
  const table = formatTable(['ID', 'DEPLOYMENT', 'STATE', 'PORT', 'PID', 'RESTARTS', 'UPTIME'], rows);
  const errors = instances
    .filter((instance) => instance.state === 'failed' && instance.lastError)
    .map((instance) => `${instance.id}: ${instance.lastError}`);
  return errors.length > 0 ? `${table}\n\nLast errors:\n  ${errors.join('\n  ')}` : table;
}

const followIntervalMs = 1000;
/** While following, ask for a wider window than shown so a burst between polls is not lost. */
const followWindowLines = 1000;

/** `hangar ps` and `hangar logs`. */
export function registerInstanceCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('ps [deployment]')
    .description('List instances (of one deployment, or all)')
    .action(async (deployment: string | undefined, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const all = await context.client.listInstances();
      const instances = deployment ? all.filter((instance) => instance.deployment === deployment) : all;
      if (context.isJson) return context.printJson(instances);
      context.print(formatInstances(instances));
    });

  program
    .command('logs <instance-id>')
    .description("Print an instance's log")
    .option('--tail <n>', 'number of lines', integerArgument(1), 100)
    .option('-f, --follow', 'keep printing new lines (every second) until interrupted')
    .action(async (id: string, options: { tail: number; follow?: boolean }, command: Command) => {
      const context = await contextOf(command);
      // Every poll of a follow asks for the same window, so consecutive windows can be compared.
      const window = options.follow ? Math.max(options.tail, followWindowLines) : options.tail;
      const first = await context.client.getInstanceLogs(id, { tail: window });
      if (context.isJson && !options.follow) return context.printJson(first);
      for (const line of first.lines.slice(-options.tail)) context.print(line);
      if (!options.follow) return;
      let previous = first.lines;
      for (;;) {
        await context.io.sleep(followIntervalMs);
        const next = await context.client.getInstanceLogs(id, { tail: window });
        for (const line of newLogLines(previous, next.lines)) context.print(line);
        previous = next.lines;
      }
    });
}
