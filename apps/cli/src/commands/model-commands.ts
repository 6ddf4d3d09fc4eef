import type { ModelView } from '@hangar/contracts';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { ContextFactory } from '../cli-context.js';
import { formatKeyValues, formatTable } from '../format/format-table.js';
import { formatBytes, formatParameterCount } from '../format/format-units.js';

/** The metadata lines `hangar model add` prints. */
export function describeModel(model: ModelView): string {
  return formatKeyValues([
    ['architecture', model.architecture],
    ['context', model.contextTokens == null ? '-' : `${model.contextTokens} tokens`],
    ['parameters', formatParameterCount(model.parameterCount)],
    ['quantization', model.quantization ?? '-'],
    ['size', formatBytes(model.sizeBytes)],
    ['chat template', model.hasChatTemplate ? 'yes' : 'no'],
    ['path', model.path],
  ]);
}

/** `hangar model add|ls|rm`. */
export function registerModelCommands(program: Command, contextOf: ContextFactory): void {
  const model = program.command('model').description('Register, list and remove models');

  model
    .command('add <path>')
    .description('Register a local model file (GGUF) on the server')
    .option('--name <name>', 'name to serve it under (default: from the file)')
    .action(async (path: string, options: { name?: string }, command: Command) => {
      const context = await contextOf(command);
      // Relative paths are the user's, from their working directory; the server sees absolute ones.
      const added = await context.client.addModel({ path: resolve(path), name: options.name });
      if (context.isJson) return context.printJson(added);
      context.print(`Added model ${added.name}`);
      context.print(describeModel(added));
    });

  model
    .command('ls')
    .description('List registered models')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const models = await context.client.listModels();
      if (context.isJson) return context.printJson(models);
      const rows = models.map((entry) => [
        entry.name,
        entry.architecture,
        formatParameterCount(entry.parameterCount),
        entry.quantization ?? '-',
        entry.contextTokens == null ? '-' : String(entry.contextTokens),
        formatBytes(entry.sizeBytes),
      ]);
      context.print(
        formatTable(['NAME', 'ARCHITECTURE', 'PARAMETERS', 'QUANTIZATION', 'CONTEXT', 'SIZE'], rows),
      );
    });

  model
    .command('rm <name>')
    .description('Remove a registered model')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      await context.client.deleteModel(name);
      if (context.isJson) return context.printJson({ removed: name });
      context.print(`Removed model ${name}`);
    });
}
