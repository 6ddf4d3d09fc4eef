import type { Command } from 'commander';
import type { ContextFactory } from '../cli-context.js';
import { formatTable } from '../format/format-table.js';

/** `hangar engines`: which inference engines this node has. */
export function registerEngineCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('engines')
    .description('List the inference engines Hangar can launch here, with versions and install hints')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const engines = await context.client.listEngines();
      if (context.isJson) return context.printJson(engines);
      const rows = engines.map((engine) => [
        engine.engine,
        engine.displayName + (engine.isSimulator ? ' (simulator)' : ''),
        engine.installed ? 'yes' : 'no',
        engine.version ?? '-',
        engine.executable ?? '-',
      ]);
      context.print(formatTable(['ENGINE', 'NAME', 'INSTALLED', 'VERSION', 'WHERE'], rows));
      const missing = engines.filter((engine) => !engine.installed && engine.installHint);
      if (missing.length > 0) {
        context.print();
        for (const engine of missing) context.print(`${engine.engine}: ${engine.installHint}`);
      }
    });
}
