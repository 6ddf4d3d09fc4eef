import type { DeploymentView } from '@hangar/contracts';
import type { Command } from 'commander';
import type { ContextFactory } from '../cli-context.js';
import { formatDeploymentPlan } from '../format/format-plan.js';
import { formatKeyValues } from '../format/format-table.js';
import { formatTimestamp } from '../format/format-units.js';
import { formatInstances } from './instance-commands.js';

/** `hangar deployment show <name>`: state, options, the admitted plan with its reasoning, the instances. */
export function formatDeploymentDetails(deployment: DeploymentView): string {
  const options = Object.entries(deployment.options)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const lines = [
    `Deployment ${deployment.name}`,
    formatKeyValues([
      ['model', deployment.model],
      ['engine', deployment.engine],
      ['state', deployment.state],
      ['replicas', `${deployment.readyReplicas}/${deployment.replicas} ready`],
      ['options', options.length > 0 ? options.join(', ') : '-'],
      ['created', formatTimestamp(deployment.createdAt)],
    ]),
    '',
    deployment.plan ? `Plan:\n${formatDeploymentPlan(deployment.plan)}` : 'Plan: none recorded',
  ];
  if (deployment.instances.length > 0) lines.push('', formatInstances(deployment.instances));
  return lines.join('\n');
}

/** `hangar deployment show <name>`. */
export function registerDeploymentShowCommand(program: Command, contextOf: ContextFactory): void {
  program
    .command('deployment')
    .description('Inspect one deployment')
    .command('show <name>')
    .description('Show a deployment with the plan it was admitted with and its instances')
    .action(async (name: string, _options: unknown, command: Command) => {
      const context = await contextOf(command);
      const deployment = await context.client.getDeployment(name);
      if (context.isJson) return context.printJson(deployment);
      context.print(formatDeploymentDetails(deployment));
    });
}
