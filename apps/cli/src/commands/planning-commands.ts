import type { Command } from 'commander';
import { integerArgument, type ContextFactory } from '../cli-context.js';
import { ExitCodeError } from '../cli-io.js';
import { formatCatalog, formatCatalogModel } from '../format/format-catalog.js';
import { formatNodes } from '../format/format-nodes.js';
import { formatPlanResult } from '../format/format-plan.js';

interface PlanOptions {
  gpus?: string;
  file?: string;
  engine?: string;
  context?: number;
  concurrency?: number;
}

/** `hangar nodes`, `hangar catalog [show <id>]`, `hangar plan <model>`. */
export function registerPlanningCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('nodes')
    .description('Show the detected hardware: CPU, RAM and accelerators with their live memory and load')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const nodes = await context.client.listNodes();
      if (context.isJson) return context.printJson(nodes);
      context.print(formatNodes(nodes));
    });

  const catalog = program
    .command('catalog')
    .description('List the built-in model catalog')
    .option('--task <task>', 'only models for this task: chat, embedding, rerank, vision-chat')
    .action(async (options: { task?: string }, command: Command) => {
      const context = await contextOf(command);
      const all = await context.client.listCatalog();
      const models = options.task ? all.filter((model) => model.task === options.task) : all;
      if (context.isJson) return context.printJson(models);
      context.print(formatCatalog(models));
    });

  catalog
    .command('show <id>')
    .description("Show a catalog model's facts and files")
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const model = await context.client.getCatalogModel(id);
      if (context.isJson) return context.printJson(model);
      context.print(formatCatalogModel(model));
    });

  program
    .command('plan <model>')
    .description(
      'Plan a model (registered or catalog) on this node or on described hardware, without deploying',
    )
    .option('--gpus <spec>', 'what-if hardware such as 8xH100-80G or 2x8xH100-80G (default: this node)')
    .option('--file <id>', 'catalog file (fp8, bf16, gguf-q4_k_m, ...; default: the first)')
    .option('--engine <engine>', 'engine (default: llama-cpp for GGUF, vllm otherwise)')
    .option('--context <tokens>', 'context per sequence, in tokens', integerArgument(1))
    .option('--concurrency <n>', 'sequences decoded at once', integerArgument(1))
    .action(async (model: string, options: PlanOptions, command: Command) => {
      const context = await contextOf(command);
      const result = await context.client.createPlan({
        model,
        ...(options.file ? { file: options.file } : {}),
        ...(options.engine ? { engine: options.engine } : {}),
        ...(options.gpus ? { hardware: options.gpus } : {}),
        ...(options.context ? { contextTokens: options.context } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      });
      if (context.isJson) context.printJson(result);
      else context.print(formatPlanResult(result));
      // A refusal is an answer, but scripts asking "does it fit?" read the exit status.
      if (!result.ok) throw new ExitCodeError(1);
    });
}
