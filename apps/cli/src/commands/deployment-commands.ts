import type { CreateDeploymentRequest, DeploymentView } from '@hangar/contracts';
import type { Command } from 'commander';
import { integerArgument, type CommandContext, type ContextFactory } from '../cli-context.js';
import { deploymentOutcome, describeFailures, describeProgress } from '../deployment-progress.js';
import { formatTable } from '../format/format-table.js';
import { formatTimestamp } from '../format/format-units.js';

interface DeployOptions {
  name?: string;
  replicas?: number;
  context?: number;
  parallel?: number;
  threads?: number;
  chatTemplate?: string;
  engine?: string;
  file?: string;
  routing?: string;
  placement?: string;
  deviceModel?: string;
  alias?: string[];
  fallback?: string[];
  engineArg?: string[];
  wait?: boolean;
  timeout: number;
}

type RoutingPolicyName = NonNullable<
  NonNullable<NonNullable<CreateDeploymentRequest['options']>['routing']>['policy']
>;

const pollIntervalMs = 1000;

/** Polls until every replica is ready (returns) or one failed (throws), printing each change of state. */
async function waitForDeployment(context: CommandContext, initial: DeploymentView, timeoutSeconds: number) {
  let deployment = initial;
  let lastLine = '';
  for (let poll = 0; ; poll += 1) {
    const line = describeProgress(deployment);
    if (line !== lastLine) context.io.stderr.write(`${line}\n`);
    lastLine = line;
    const outcome = deploymentOutcome(deployment);
    if (outcome === 'ready') return deployment;
    if (outcome === 'failed') {
      throw new Error([`deployment ${deployment.name} failed`, ...describeFailures(deployment)].join('\n  '));
    }
    if (poll * pollIntervalMs >= timeoutSeconds * 1000) {
      throw new Error(`deployment ${deployment.name} was not ready after ${timeoutSeconds}s (${line})`);
    }
    await context.io.sleep(pollIntervalMs);
    deployment = await context.client.getDeployment(deployment.name);
  }
}

function printDeployment(context: CommandContext, verb: string, deployment: DeploymentView): void {
  if (context.isJson) return context.printJson(deployment);
  context.print(
    `${verb} ${deployment.name}: ${deployment.readyReplicas}/${deployment.replicas} ready (${deployment.state})`,
  );
}

/** `hangar deploy|deployments|scale|stop|start|rm|events`. */
export function registerDeploymentCommands(program: Command, contextOf: ContextFactory): void {
  program
    .command('deploy <model>')
    .description(
      'Deploy a registered model, or a catalog model (its files are downloaded by the first instance)',
    )
    .option('--name <name>', 'deployment name (default: the model name)')
    .option(
      '--engine <engine>',
      'llama-cpp (embedded), llama-server, vllm, sglang, mindie, vllm-ascend or simulator',
    )
    .option(
      '--file <id>',
      'catalog file to deploy (fp8, bf16, awq, gguf-q4_k_m...); default: the first that fits',
    )
    .option(
      '--routing <policy>',
      'least-outstanding, engine-load, prefix-affinity, session-affinity or round-robin',
    )
    .option('--alias <name...>', 'other names clients may use for this model')
    .option('--fallback <model...>', 'models to use, in order, when this one cannot take a request')
    .option('--engine-arg <arg...>', 'extra engine arguments (refused when they conflict with the plan)')
    .option('--replicas <n>', 'number of instances', integerArgument(0))
    .option('--context <tokens>', 'context size per sequence, in tokens', integerArgument(64))
    .option('--parallel <n>', 'parallel sequences per instance', integerArgument(1))
    .option('--threads <n>', 'CPU threads per instance', integerArgument(1))
    .option('--chat-template <name>', 'chat template to use when the model has none')
    .option('--wait', 'wait until all replicas are ready (or one failed)')
    .option('--timeout <seconds>', 'how long --wait waits', integerArgument(1), 600)
    .action(async (model: string, options: DeployOptions, command: Command) => {
      const context = await contextOf(command);
      const routing =
        options.routing || options.alias || options.fallback
          ? {
              policy: options.routing as RoutingPolicyName | undefined,
              aliases: options.alias,
              fallbacks: options.fallback,
            }
          : undefined;
      const created = await context.client.createDeployment({
        model,
        name: options.name,
        engine: options.engine as CreateDeploymentRequest['engine'],
        replicas: options.replicas,
        options: {
          contextTokens: options.context,
          parallelSequences: options.parallel,
          threads: options.threads,
          fallbackChatTemplate: options.chatTemplate,
          file: options.file,
          extraArgs: options.engineArg,
          routing,
          placement:
            options.placement || options.deviceModel
              ? {
                  strategy: options.placement as 'binpack' | 'spread' | undefined,
                  deviceModel: options.deviceModel,
                }
              : undefined,
        },
      });
      if (!context.isJson)
        context.print(
          `Created deployment ${created.name} (model ${created.model}, ${created.replicas} replica${created.replicas === 1 ? '' : 's'})`,
        );
      const final = options.wait ? await waitForDeployment(context, created, options.timeout) : created;
      if (context.isJson) context.printJson(final);
      else if (options.wait) context.print(`Deployment ${final.name} is ready`);
    });

  program
    .command('deployments')
    .description('List deployments')
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(command);
      const deployments = await context.client.listDeployments();
      if (context.isJson) return context.printJson(deployments);
      const rows = deployments.map((entry) => [
        entry.name,
        entry.model,
        entry.engine,
        `${entry.readyReplicas}/${entry.replicas}`,
        entry.state,
      ]);
      context.print(formatTable(['NAME', 'MODEL', 'ENGINE', 'READY', 'STATE'], rows));
    });

  program
    .command('scale')
    .description('Change the number of replicas')
    .argument('<deployment>', 'deployment name')
    .argument('<replicas>', 'desired number of instances', integerArgument(0))
    .action(async (name: string, replicas: number, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      printDeployment(context, 'Scaled', await context.client.scaleDeployment(name, replicas));
    });

  const simple = [
    ['stop', 'Stop all instances of a deployment (keeps it)', 'Stopped', 'stopDeployment'],
    ['start', 'Start a stopped deployment again', 'Started', 'startDeployment'],
  ] as const;
  for (const [verb, description, past, method] of simple) {
    program
      .command(`${verb} <deployment>`)
      .description(description)
      .action(async (name: string, _options: unknown, command: Command) => {
        const context = await contextOf(command);
        printDeployment(context, past, await context.client[method](name));
      });
  }

  program
    .command('rm <deployment>')
    .description('Delete a deployment and stop its instances')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      await context.client.deleteDeployment(name);
      if (context.isJson) return context.printJson({ removed: name });
      context.print(`Removed deployment ${name}`);
    });

  program
    .command('events [deployment]')
    .description('Show recent events')
    .option('--limit <n>', 'how many', integerArgument(1), 50)
    .action(async (deployment: string | undefined, options: { limit: number }, command: Command) => {
      const context = await contextOf(command);
      const events = await context.client.listEvents({ deployment, limit: options.limit });
      if (context.isJson) return context.printJson(events);
      const rows = events.map((event) => [
        formatTimestamp(event.at),
        event.type,
        event.instanceId ?? '-',
        event.message,
      ]);
      context.print(formatTable(['TIME', 'TYPE', 'INSTANCE', 'MESSAGE'], rows));
    });
}
