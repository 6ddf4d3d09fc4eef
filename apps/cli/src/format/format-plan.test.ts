import { describe, expect, it } from 'vitest';
import { formatLayout, formatPlanResult } from './format-plan.js';

describe('formatLayout', () => {
  it('names the parallelism, the node spread and the expert / attention modes', () => {
    expect(
      formatLayout({
        tensorParallel: 8,
        pipelineParallel: 1,
        dataParallel: 2,
        expertParallel: true,
        dataParallelAttention: true,
        nodeCount: 1,
        devicesPerNode: 8,
      }),
    ).toBe('TP 8 × PP 1 × DP 2 (1 node × 8 devices), expert parallel, data-parallel attention');
  });

  it('reads missing degrees as 1', () => {
    expect(formatLayout({})).toBe('TP 1 × PP 1 × DP 1');
  });
});

describe('formatPlanResult', () => {
  it('prints a refusal without suggestions as one line', () => {
    expect(
      formatPlanResult({
        ok: false,
        model: 'Janus-Pro-7B',
        hardware: 'this node',
        reason: 'model_not_servable',
        message: 'No engine serves Janus-Pro.',
        suggestions: [],
      }),
    ).toBe('Janus-Pro-7B does not fit on this node (model_not_servable): No engine serves Janus-Pro.');
  });
});
