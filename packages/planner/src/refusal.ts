import { ENGINE_PROFILES, isQuantizationSupported } from './engine-profiles.js';
import { evaluateLayout, type Evaluation } from './evaluate-layout.js';
import { ACCELERATOR_PROFILES, describeHardware } from './hardware.js';
import { formatBytes } from './units.js';
import type { KvCacheDtype, PlanInput, PlanRefusal, PlanResult } from './types.js';

/** The planner itself, passed in (not imported) to keep the modules acyclic. */
export type Planner = (input: PlanInput) => PlanResult;

const SUGGESTED_SHAPES: Array<[number, number]> = [
  [1, 1],
  [2, 1],
  [4, 1],
  [8, 1],
  [16, 1],
  [8, 2],
  [8, 4],
];

/** Up to `limit` known hardware shapes that would fit, smallest first (`2x8 H100-80G`, `8x H200-141G`). */
export function suggestHardware(
  input: PlanInput,
  kvDtype: Exclude<KvCacheDtype, 'auto'>,
  limit = 3,
): string[] {
  const profile = ENGINE_PROFILES[input.engine];
  const fits: Array<{ text: string; vendor: string; devices: number; memory: number }> = [];
  for (const accelerator of ACCELERATOR_PROFILES) {
    if (
      !profile.vendors.includes(accelerator.vendor) ||
      !isQuantizationSupported(accelerator.vendor, input.weights.quantization)
    )
      continue;
    for (const [devicesPerNode, nodeCount] of SUGGESTED_SHAPES) {
      if (devicesPerNode > 1 && !profile.isMultiDevice) break;
      if (nodeCount > 1 && !profile.isMultiNode) break;
      if (devicesPerNode === 16 && accelerator.vendor !== 'ascend') continue;
      const evaluation = evaluateLayout({
        model: input.model,
        weights: input.weights,
        engine: input.engine,
        deviceClass: accelerator,
        devicesPerNode,
        nodeCount,
        options: input.options ?? {},
        kvDtype,
        contextTokens: input.contextTokens,
        concurrency: input.concurrency,
      });
      if (evaluation.kind !== 'fits') continue;
      const devices = devicesPerNode * nodeCount;
      fits.push({
        text: describeHardware(nodeCount, devicesPerNode, accelerator.name),
        vendor: accelerator.vendor,
        devices,
        memory: devices * accelerator.memoryTotalBytes,
      });
      break;
    }
  }
  // The vendor the caller already has comes first: "Needs 2x8 H100-80G or 8x H200-141G" for an H100 owner.
  const owned = new Set(input.nodes.flatMap((node) => node.accelerators.map((device) => device.vendor)));
  const rank = (fit: { vendor: string }): number => (owned.has(fit.vendor) ? 0 : 1);
  fits.sort((a, b) => rank(a) - rank(b) || a.memory - b.memory || a.devices - b.devices);
  return fits.slice(0, limit).map((fit) => fit.text);
}

/** Other files of the model that fit this hardware with this engine. */
function suggestFiles(input: PlanInput, plan: Planner): string[] {
  const suggestions: string[] = [];
  for (const alternative of input.alternativeWeights ?? []) {
    if (
      alternative.quantization === input.weights.quantization &&
      alternative.format === input.weights.format
    )
      continue;
    const result = plan({ ...input, weights: alternative, alternativeWeights: [] });
    if (result.ok)
      suggestions.push(
        `Pick the ${alternative.id} file (${formatBytes(alternative.sizeBytes)}): it fits ${result.plan.explanation[0] ?? ''}`,
      );
  }
  return suggestions;
}

/** The refusal for a plan where no layout fit: the closest failure, and what would fit instead. */
export function buildRefusal(
  input: PlanInput,
  failures: Evaluation[],
  kvDtype: Exclude<KvCacheDtype, 'auto'>,
  plan: Planner,
): PlanRefusal {
  const hardware = suggestHardware(input, kvDtype);
  const files = suggestFiles(input, plan);
  const needs = hardware.length > 0 ? `Needs ${hardware.join(' or ')}` : 'No known hardware fits it';
  const quantization = input.weights.quantization.toUpperCase();

  const kvFailures = failures.filter(
    (failure): failure is Extract<Evaluation, { kind: 'kv' }> => failure.kind === 'kv',
  );
  const closestKv = kvFailures.sort((a, b) => b.budget.kvTokensTotal - a.budget.kvTokensTotal)[0];
  if (closestKv !== undefined) {
    const { budget, contextTokens, concurrency } = closestKv;
    const perRank = budget.kvTokensPerDevice;
    const tips = [`Lower contextTokens to ${Math.max(0, Math.floor(perRank / 1024) * 1024)} or less.`];
    const fittingConcurrency = Math.floor(budget.kvTokensTotal / Math.max(1, contextTokens));
    if (fittingConcurrency >= 1) tips.push(`Lower concurrency to ${fittingConcurrency}.`);
    if (kvDtype !== 'fp8' && ENGINE_PROFILES[input.engine].kvDtypes.includes('fp8'))
      tips.push('Use kvCacheDtype fp8 to halve the KV cache.');
    return {
      ok: false,
      reason: 'insufficient_kv_cache',
      message:
        `With ${closestKv.hardware} the weights fit (${formatBytes(budget.weightsBytes)} per device) but only ${formatBytes(Math.max(0, budget.kvRoomBytes))} ` +
        `is left for the KV cache: ${budget.kvTokensTotal} tokens against the ${contextTokens} × ${concurrency} needed. ${needs} for that, or change the request.`,
      suggestions: [...tips, ...hardware.map((text) => `Use ${text}.`), ...files],
    };
  }
  const weightFailures = failures.filter(
    (failure): failure is Extract<Evaluation, { kind: 'weights' }> => failure.kind === 'weights',
  );
  const closest = weightFailures.sort(
    (a, b) => b.deviceCount - a.deviceCount || a.budget.weightsBytes - b.budget.weightsBytes,
  )[0];
  if (closest !== undefined) {
    const { budget } = closest;
    return {
      ok: false,
      reason: 'insufficient_memory',
      message:
        `${needs}; with ${closest.hardware} the ${quantization} shard is ${formatBytes(budget.weightsBytes)} per device ` +
        `against ${formatBytes(budget.usableBytes)} usable (${formatBytes(budget.reserveBytes)} of it kept for activations).`,
      suggestions: [...hardware.map((text) => `Use ${text}.`), ...files],
    };
  }
  const invalids = failures.filter((failure) => failure.kind === 'invalid_layout');
  const invalid = invalids.find((failure) => !failure.message.startsWith('does not use')) ?? invalids[0];
  return {
    ok: false,
    reason: 'invalid_parallelism',
    message: invalid
      ? `With ${invalid.hardware}: ${invalid.message}.`
      : 'No parallel layout fits this hardware.',
    suggestions: [
      `Choose a tensor parallel size that divides the ${input.model.architecture.attentionHeadCount} attention heads.`,
    ],
  };
}
