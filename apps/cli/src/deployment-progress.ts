import type { DeploymentView } from '@hangar/contracts';

export type DeploymentOutcome = 'ready' | 'failed' | 'pending';

/** Ready when every desired replica is ready; failed as soon as one instance failed. */
export function deploymentOutcome(deployment: DeploymentView): DeploymentOutcome {
  if (deployment.instances.some((instance) => instance.state === 'failed')) return 'failed';
  if (deployment.readyReplicas >= deployment.replicas) return 'ready';
  return 'pending';
}

/** One progress line: `web: 1/2 ready (web-0 ready, web-1 starting)`. */
export function describeProgress(deployment: DeploymentView): string {
  const states = deployment.instances.map((instance) => `${instance.id} ${instance.state}`).join(', ');
  return `${deployment.name}: ${deployment.readyReplicas}/${deployment.replicas} ready${states ? ` (${states})` : ''}`;
}

/** Why a deployment failed, one line per failed instance. */
export function describeFailures(deployment: DeploymentView): string[] {
  return deployment.instances
    .filter((instance) => instance.state === 'failed')
    .map((instance) => `${instance.id} failed: ${instance.lastError ?? 'no error recorded'}`);
}
