import type { DeploymentPlanView, PlanResultView, PlanView } from '@hangar/contracts';
import { formatKeyValues } from './format-table.js';
import { formatBytes } from './format-units.js';

const count = (value: number): string => value.toLocaleString('en-US');

/** `TP 8 × PP 2 × DP 1 (2 nodes × 8 devices), expert parallel`. */
export function formatLayout(layout: Readonly<Record<string, number | boolean | undefined>>): string {
  const number = (key: string) => (typeof layout[key] === 'number' ? layout[key] : 1);
  const parts = [
    `TP ${number('tensorParallel')} × PP ${number('pipelineParallel')} × DP ${number('dataParallel')}`,
  ];
  if (typeof layout['nodeCount'] === 'number' && typeof layout['devicesPerNode'] === 'number') {
    const nodes = layout['nodeCount'];
    parts[0] += ` (${nodes} node${nodes === 1 ? '' : 's'} × ${layout['devicesPerNode']} devices)`;
  }
  if (layout['expertParallel'] === true) parts.push('expert parallel');
  if (layout['dataParallelAttention'] === true) parts.push('data-parallel attention');
  return parts.join(', ');
}

/** The lines of a plan that fits: layout, memory per device, KV cache, engine args, then the reasoning. */
export function formatPlan(plan: PlanView): string {
  const memory =
    `weights ${formatBytes(plan.weightsBytesPerDevice)} + KV cache ${formatBytes(plan.kvCacheBytesPerDevice)}` +
    ` + reserve ${formatBytes(plan.reserveBytesPerDevice)}; needs ${formatBytes(plan.requiredBytesPerDevice)}` +
    ` free of ${formatBytes(plan.device.memoryTotalBytes)}`;
  const pairs: [string, string][] = [
    ['engine', plan.engine],
    [
      'weights',
      `${plan.weights.quantization} ${plan.weights.format}, ${formatBytes(plan.weights.sizeBytes)}`,
    ],
    ['device', `${plan.device.vendor} ${plan.device.model} (${formatBytes(plan.device.memoryTotalBytes)})`],
    ['layout', formatLayout({ ...plan.layout })],
    ['memory/device', memory],
    [
      'KV cache',
      `${count(plan.kvTokensTotal)} tokens (${plan.kvCacheDtype}, ${formatBytes(plan.kvBytesPerToken)}/token)`,
    ],
    [
      'sequences',
      `${plan.concurrency} × ${count(plan.contextTokens)} tokens (at most ${plan.maxConcurrency})`,
    ],
    ['engine args', plan.engineArgs.length > 0 ? plan.engineArgs.join(' ') : '-'],
  ];
  return [formatKeyValues(pairs), '', 'How:', ...plan.explanation.map((line) => `  - ${line}`)].join('\n');
}

/** `hangar plan`: the plan, or the refusal with its suggestions. */
export function formatPlanResult(result: PlanResultView): string {
  if (result.ok) return [`${result.model} fits on ${result.hardware}`, formatPlan(result.plan)].join('\n');
  const lines = [`${result.model} does not fit on ${result.hardware} (${result.reason}): ${result.message}`];
  if (result.suggestions.length > 0) {
    lines.push('Suggestions:', ...result.suggestions.map((suggestion) => `  - ${suggestion}`));
  }
  return lines.join('\n');
}

/** The plan a deployment was admitted with (`hangar deployment show`). */
export function formatDeploymentPlan(plan: DeploymentPlanView): string {
  const pairs: [string, string][] = [
    ['device', plan.device],
    ['layout', formatLayout(plan.layout)],
    [
      'memory/device',
      `weights ${formatBytes(plan.weightsBytesPerDevice)}, needs ${formatBytes(plan.requiredBytesPerDevice)} free`,
    ],
    ['KV cache', `${count(plan.kvTokensTotal)} tokens (${formatBytes(plan.kvBytesPerToken)}/token)`],
    [
      'sequences',
      `${plan.concurrency} × ${count(plan.contextTokens)} tokens (at most ${plan.maxConcurrency})`,
    ],
    ['engine args', plan.engineArgs.length > 0 ? plan.engineArgs.join(' ') : '-'],
  ];
  return [formatKeyValues(pairs), ...plan.explanation.map((line) => `  - ${line}`)].join('\n');
}
