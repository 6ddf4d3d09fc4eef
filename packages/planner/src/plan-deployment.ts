import { ENGINE_PROFILES, isQuantizationSupported } from './engine-profiles.js';
import { evaluateLayout, type Evaluation, type EvaluationInput } from './evaluate-layout.js';
import { deviceClassesOf, type DeviceClass } from './hardware.js';
import { deviceCountsUpTo } from './layout.js';
import { buildRefusal } from './refusal.js';
import type { KvCacheDtype, PlanInput, PlanRefusal, PlanResult } from './types.js';

/** Most nodes one instance may span when the planner chooses (explicit layouts may ask for more). */
const MAX_NODES = 8;

function refuse(reason: PlanRefusal['reason'], message: string, suggestions: string[] = []): PlanRefusal {
  return { ok: false, reason, message, suggestions };
}

/** Layout shapes to try on a device class, fewest devices first: 1, 2, 4, 8 per node, then whole nodes. */
export function shapesFor(
  deviceClass: DeviceClass,
  isMultiDevice: boolean,
  isMultiNode: boolean,
): Array<[number, number]> {
  const largest = deviceClass.nodes[0]?.deviceCount ?? 0;
  const shapes: Array<[number, number]> = deviceCountsUpTo(largest, isMultiDevice).map((count) => [count, 1]);
  if (isMultiNode && isMultiDevice) {
    const fullNodes = deviceClass.nodes.filter((node) => node.deviceCount >= largest).length;
    // Whole nodes in powers of two, as the engines' multi-node recipes use them (TP16, PP2, TP32 ...).
    for (let nodes = 2; nodes <= Math.min(fullNodes, MAX_NODES); nodes *= 2) shapes.push([largest, nodes]);
  }
  return shapes;
}

/**
 * Sizes a deployment: weights per device, KV bytes per token (MHA/GQA/MLA), reserve per engine, KV tokens,
 * context × concurrency, the parallel layout and the engine flags; or a refusal that says why and what would fit.
 * Pure: the hardware is `input.nodes` (live inventory or a what-if spec). It picks the smallest layout that fits.
 */
export function planDeployment(input: PlanInput): PlanResult {
  const { model, weights, engine } = input;
  const profile = ENGINE_PROFILES[engine];
  const options = input.options ?? {};
  if (!model.isServable) {
    return refuse(
      'model_not_servable',
      `${model.name} cannot be served yet: ${(model.notServableReason ?? 'no engine supports it').replace(/\.$/, '')}.`,
    );
  }
  if (!profile.formats.includes(weights.format)) {
    const engines = Object.entries(ENGINE_PROFILES)
      .filter(([, entry]) => entry.formats.includes(weights.format))
      .map(([name]) => name);
    return refuse(
      'unsupported_engine',
      `${engine} does not load ${weights.format} weights; use ${engines.filter((name) => name !== 'simulator').join(' or ')}.`,
    );
  }
  const kvDtype: Exclude<KvCacheDtype, 'auto'> =
    options.kvCacheDtype === undefined || options.kvCacheDtype === 'auto'
      ? profile.defaultKvDtype
      : options.kvCacheDtype;
  if (!profile.kvDtypes.includes(kvDtype)) {
    return refuse(
      'unsupported_engine',
      `${engine} does not support a ${kvDtype} KV cache; use ${profile.kvDtypes.join(', ')}.`,
    );
  }
  const maxContext = model.architecture.maxContextTokens;
  if (input.contextTokens !== undefined && input.contextTokens > maxContext) {
    return refuse(
      'context_too_long',
      `${model.name} supports at most ${maxContext} tokens of context; asked for ${input.contextTokens}.`,
      [`Set contextTokens to ${maxContext} or less.`],
    );
  }
  const classes = (input.deviceClasses ?? deviceClassesOf(input.nodes)).filter(
    (deviceClass) =>
      profile.vendors.includes(deviceClass.vendor) &&
      isQuantizationSupported(deviceClass.vendor, weights.quantization),
  );
  if (classes.length === 0) {
    return refuse(
      'no_compatible_accelerator',
      `No accelerator here runs ${engine} with ${weights.quantization} weights (${engine} runs on ${profile.vendors.join(', ')}).`,
    );
  }

  const failures: Evaluation[] = [];
  let best: Extract<Evaluation, { kind: 'fits' }> | null = null;
  for (const deviceClass of classes) {
    for (const [devicesPerNode, nodeCount] of shapesFor(
      deviceClass,
      profile.isMultiDevice,
      profile.isMultiNode,
    )) {
      const evaluation = evaluateLayout(
        evaluationInput(input, deviceClass, devicesPerNode, nodeCount, kvDtype),
      );
      if (evaluation.kind !== 'fits') {
        failures.push(evaluation);
        continue;
      }
      if (best === null || isBetter(evaluation, best)) best = evaluation;
      break;
    }
  }
  if (best !== null) return { ok: true, plan: best.plan };
  return buildRefusal(input, failures, kvDtype, planDeployment);
}

function evaluationInput(
  input: PlanInput,
  deviceClass: DeviceClass,
  devicesPerNode: number,
  nodeCount: number,
  kvDtype: Exclude<KvCacheDtype, 'auto'>,
): EvaluationInput {
  return {
    model: input.model,
    weights: input.weights,
    engine: input.engine,
    deviceClass,
    devicesPerNode,
    nodeCount,
    options: input.options ?? {},
    kvDtype,
    contextTokens: input.contextTokens,
    concurrency: input.concurrency,
  };
}

/** Fewer devices, then fewer nodes, then less memory in all. */
function isBetter(
  candidate: Extract<Evaluation, { kind: 'fits' }>,
  current: Extract<Evaluation, { kind: 'fits' }>,
): boolean {
  const size = (evaluation: Extract<Evaluation, { kind: 'fits' }>): [number, number, number] => {
    const { layout, device } = evaluation.plan;
    const devices = layout.devicesPerNode * layout.nodeCount;
    return [devices, layout.nodeCount, devices * device.memoryTotalBytes];
  };
  const [a, b] = [size(candidate), size(current)];
  for (let at = 0; at < a.length; at += 1)
    if ((a[at] ?? 0) !== (b[at] ?? 0)) return (a[at] ?? 0) < (b[at] ?? 0);
  return false;
}
