import { describe, expect, it } from 'vitest';
import {
  toCreateRequest,
  toPlanRequest,
  validateDeployment,
  type DeploymentFormValues,
} from './deployment-form';

const values = (fields: Partial<DeploymentFormValues> = {}): DeploymentFormValues => ({
  model: 'stories',
  engine: 'llama-cpp',
  replicas: 1,
  ...fields,
});

describe('validateDeployment', () => {
  it('accepts a model with defaults', () => {
    expect(validateDeployment(values())).toEqual({});
    expect(
      validateDeployment(values({ name: 'r1-7b:q4', contextTokens: 4096, parallelSequences: 4, threads: 8 })),
    ).toEqual({});
  });

  it('names each field out of range, as the server would refuse it', () => {
    expect(
      validateDeployment(
        values({
          model: ' ',
          name: '-bad',
          replicas: 65,
          contextTokens: 32,
          parallelSequences: 0,
          threads: 1.5,
        }),
      ),
    ).toEqual({
      model: 'deployments.modelRequired',
      name: 'deployments.nameInvalid',
      replicas: 'deployments.replicasInvalid',
      contextTokens: 'deployments.contextInvalid',
      parallelSequences: 'deployments.parallelInvalid',
      threads: 'deployments.threadsInvalid',
    });
    expect(validateDeployment(values({ name: 'x'.repeat(65) })).name).toBe('deployments.nameInvalid');
  });
});

describe('toCreateRequest', () => {
  it('leaves blank options and name out so the server defaults apply', () => {
    expect(toCreateRequest(values({ name: '  ', contextTokens: null, threads: 2 }))).toEqual({
      model: 'stories',
      engine: 'llama-cpp',
      replicas: 1,
      options: { threads: 2 },
    });
    expect(toCreateRequest(values({ name: ' s ', replicas: 0 }))).toMatchObject({ name: 's', replicas: 0 });
  });
});

describe('toPlanRequest', () => {
  it('asks the planner about the same model, engine, context and concurrency', () => {
    expect(toPlanRequest(values({ contextTokens: 4096, parallelSequences: 4, threads: 2 }))).toEqual({
      model: 'stories',
      engine: 'llama-cpp',
      contextTokens: 4096,
      concurrency: 4,
    });
    expect(toPlanRequest(values({ engine: undefined }))).toEqual({ model: 'stories' });
    expect(toPlanRequest(values({ engine: 'not-an-engine' }))).toEqual({ model: 'stories' });
  });
});

describe('model file, routing and placement', () => {
  it('sends the file, routing and placement the wizard set, in the shape of POST /api/deployments', () => {
    expect(
      toCreateRequest(
        values({
          model: 'deepseek-r1-distill-qwen-7b',
          engine: 'vllm',
          replicas: 2,
          file: 'bf16',
          routingPolicy: 'prefix-affinity',
          aliases: [' r1 ', 'deepseek-r1', 'r1'],
          fallbacks: ['r1-small'],
          placementStrategy: 'spread',
          deviceModel: 'NVIDIA L40S',
          nodeLabels: ['zone=a', 'rack=3', 'empty='],
        }),
      ),
    ).toEqual({
      model: 'deepseek-r1-distill-qwen-7b',
      engine: 'vllm',
      replicas: 2,
      options: {
        file: 'bf16',
        routing: { policy: 'prefix-affinity', aliases: ['r1', 'deepseek-r1'], fallbacks: ['r1-small'] },
        placement: {
          strategy: 'spread',
          deviceModel: 'NVIDIA L40S',
          nodeLabels: { zone: 'a', rack: '3', empty: '' },
        },
      },
    });
  });

  it('leaves routing and placement out when only partly or not set', () => {
    expect(toCreateRequest(values({ aliases: [], nodeLabels: [], fallbacks: [] })).options).toEqual({});
    expect(toCreateRequest(values({ placementStrategy: 'binpack' })).options).toEqual({
      placement: { strategy: 'binpack' },
    });
  });

  it('asks the planner about the same file and device model', () => {
    expect(
      toPlanRequest(values({ file: 'gguf-q4_k_m', deviceModel: 'NVIDIA L40S', aliases: ['x'] })),
    ).toEqual({
      model: 'stories',
      file: 'gguf-q4_k_m',
      engine: 'llama-cpp',
      deviceModel: 'NVIDIA L40S',
    });
  });

  it('refuses aliases, fallbacks and labels the server would refuse', () => {
    expect(
      validateDeployment(
        values({
          aliases: ['ok', 'not ok'],
          fallbacks: Array.from({ length: 9 }, (_, index) => `f${index}`),
          nodeLabels: ['zone'],
        }),
      ),
    ).toEqual({
      aliases: 'deployments.aliasesInvalid',
      fallbacks: 'deployments.fallbacksInvalid',
      nodeLabels: 'deployments.nodeLabelsInvalid',
    });
    expect(
      validateDeployment(values({ aliases: Array.from({ length: 17 }, (_, index) => `a${index}`) })).aliases,
    ).toBe('deployments.aliasesInvalid');
  });
});
