import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { HangarError } from '@hangar/core';

/**
 * The slice of node-llama-cpp's native addon that the batch decoder drives directly.
 *
 * Why: `LlamaContextSequence.evaluate()` costs a lock, a sampler-config object, a `setImmediate` dispatch and
 * several promise hops per token, which halves throughput on small models (measured 790 tok/s against 1,830 for
 * the same decode and sample calls made directly). These members are internal to node-llama-cpp 3.22.1 (the
 * version is pinned); {@link openNativeContext} checks them at startup and fails with a clear message if a
 * different version lacks them.
 */
export interface NativeContext {
  initBatch(size: number): void;
  /** Queues tokens of one sequence; returns the batch indexes of the logits asked for. */
  addToBatch(
    sequenceId: number,
    firstTokenIndex: number,
    tokens: Uint32Array,
    logitIndexes: Uint32Array,
  ): Uint32Array;
  decodeBatch(): Promise<void>;
  sampleToken(batchLogitIndex: number, sampler: NativeSampler): Promise<number>;
  /** Removes KV cells of a sequence in [start, end); -1 means open-ended. */
  removeTokenCellsFromSequence(sequenceId: number, start: number, end: number): boolean;
  setThreads(threads: number): void;
}

/** Sampling settings understood by the native sampler. */
export interface NativeSamplerConfig {
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  seed: number;
}

export interface NativeSampler {
  applyConfig(config: NativeSamplerConfig): void;
  dispose(): void;
}

/** Native handles behind a public LlamaContext, plus a factory of samplers for its model. */
export interface NativeHandles {
  context: NativeContext;
  createSampler: (config: NativeSamplerConfig) => NativeSampler;
}

type SamplerConstructor = new (model: unknown) => NativeSampler;

/** Reaches the native context and sampler constructor behind public node-llama-cpp objects. */
export function openNativeContext(llama: Llama, model: LlamaModel, context: LlamaContext): NativeHandles {
  const nativeContext = readMember(context, '_ctx');
  const bindings = readMember(llama, '_bindings');
  const nativeModel = readMember(model, '_model');
  const Sampler = isObject(bindings) ? readMember(bindings, 'AddonSampler') : undefined;
  const methods = [
    'initBatch',
    'addToBatch',
    'decodeBatch',
    'sampleToken',
    'removeTokenCellsFromSequence',
    'setThreads',
  ];
  if (
    !isObject(nativeContext) ||
    !methods.every((name) => typeof nativeContext[name] === 'function') ||
    typeof Sampler !== 'function' ||
    nativeModel === undefined
  ) {
    throw new HangarError(
      'This node-llama-cpp build does not expose the native batch API the engine uses (tested with 3.22.1). ' +
        'Install node-llama-cpp 3.22.1.',
      { code: 'engine_unsupported_runtime', status: 500, kind: 'operational' },
    );
  }
  const SamplerClass = Sampler as SamplerConstructor;
  return {
    context: nativeContext as unknown as NativeContext,
    createSampler(config) {
      const sampler = new SamplerClass(nativeModel);
      sampler.applyConfig(config);
      return sampler;
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function readMember(owner: object, name: string): unknown {
  return (owner as Record<string, unknown>)[name];
}
