/**
 * Planner benchmark: plan + place 1,000 deployments on a simulated inventory of 500 nodes x 8 accelerators and
 * report the time per decision (median, p99). Run: `npx tsc -b packages/planner bench && node bench/dist/planner/run.js`.
 */
import { performance } from 'node:perf_hooks';
import {
  PlacementBoard,
  deviceClassesOf,
  findCatalogModel,
  isPlaced,
  parseHardwareSpec,
  planDeployment,
  requirementOf,
  type PlanInput,
  type PlannerNode,
} from '@hangar/planner';

const DEPLOYMENTS = Number(process.argv[2] ?? 1000);

/** 500 nodes: 300 x 8 H100, 100 x 8 H200, 100 x 8 Ascend 910B (names made unique). */
function simulatedInventory(): PlannerNode[] {
  const spec = ['300x8xH100-80G', '100x8xH200-141G', '100x8x910B-64G'].join('+');
  return parseHardwareSpec(spec).map((node, index) => ({
    ...node,
    name: `node-${index}`,
    labels: { rack: `r${index % 20}` },
  }));
}

/** The mix of deployments, cycled: [model, file, engine, contextTokens, concurrency, replicas]. */
const MIX: Array<[string, string, PlanInput['engine'], number | undefined, number | undefined, number]> = [
  ['deepseek-r1-distill-qwen-7b', 'bf16', 'vllm', 32768, 4, 2],
  ['deepseek-r1-distill-qwen-1.5b', 'bf16', 'vllm', undefined, undefined, 1],
  ['deepseek-r1-distill-llama-8b', 'gguf-q4_k_m', 'llama-server', 8192, 2, 1],
  ['deepseek-r1-distill-qwen-32b', 'bf16', 'sglang', 32768, 8, 1],
  ['deepseek-r1-distill-llama-70b', 'bf16', 'vllm', 32768, 4, 1],
  ['deepseek-r1-distill-qwen-14b', 'bf16', 'vllm-ascend', 16384, 4, 1],
  ['bge-m3', 'bf16', 'vllm', undefined, undefined, 2],
  ['deepseek-r1', 'fp8', 'vllm', 32768, 16, 1],
];

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function main(): void {
  const nodes = simulatedInventory();
  const board = new PlacementBoard(nodes, 'binpack');
  // The inventory changes on refresh, not per decision: its device classes are computed once, as the server would.
  const deviceClasses = deviceClassesOf(nodes);
  const decisionsMs: number[] = [];
  const planMs: number[] = [];
  let placed = 0;
  let pending = 0;
  let refused = 0;
  for (let index = 0; index < DEPLOYMENTS; index += 1) {
    const [id, fileId, engine, contextTokens, concurrency, replicas] = MIX[index % MIX.length]!;
    const model = findCatalogModel(id)!;
    const weights = model.files.find((file) => file.id === fileId)!;
    const started = performance.now();
    const result = planDeployment({
      model,
      weights,
      engine,
      nodes,
      deviceClasses,
      contextTokens,
      concurrency,
      alternativeWeights: model.files,
    });
    const planned = performance.now();
    if (result.ok) {
      const request = { deploymentId: `d${index}`, replicas, requirement: requirementOf(result.plan) };
      for (let ordinal = 0; ordinal < replicas; ordinal += 1) {
        if (isPlaced(board.place(request, ordinal))) placed += 1;
        else pending += 1;
      }
    } else {
      refused += 1;
    }
    decisionsMs.push(performance.now() - started);
    planMs.push(planned - started);
  }
  decisionsMs.sort((a, b) => a - b);
  planMs.sort((a, b) => a - b);
  const devices = nodes.reduce((sum, node) => sum + node.accelerators.length, 0);
  const lines = [
    `planner benchmark: ${DEPLOYMENTS} deployments on ${nodes.length} nodes x 8 = ${devices} accelerators (node ${process.version})`,
    `decision (plan + place): median ${percentile(decisionsMs, 0.5).toFixed(3)} ms, p99 ${percentile(decisionsMs, 0.99).toFixed(3)} ms, max ${(decisionsMs.at(-1) ?? 0).toFixed(3)} ms`,
    `plan only:               median ${percentile(planMs, 0.5).toFixed(3)} ms, p99 ${percentile(planMs, 0.99).toFixed(3)} ms`,
    `instances placed ${placed}, pending ${pending}; deployments refused ${refused}`,
    `target: median < 1 ms -> ${percentile(decisionsMs, 0.5) < 1 ? 'met' : 'NOT met'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
