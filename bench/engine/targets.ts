import { embeddedEngineEnv } from '@hangar/engines';
import type { TargetSpec } from './server-process.js';

/** Settings every target gets, so that they are measured alike. */
export interface SharedSettings {
  modelPath: string;
  threads: number;
  /** Sequences decoded at once (the most concurrent streams measured). */
  parallel: number;
  /** Context tokens per sequence. */
  contextPerSequence: number;
  flashAttention: 'on' | 'off';
  /** Tokens per decode call. */
  batchSize: number;
}

const modelName = 'bench-model';

/** llama.cpp's own server; `-c` is the total context, split over `-np` slots. */
export function llamaServerTarget(binary: string, settings: SharedSettings, port: number): TargetSpec {
  const { threads, parallel } = settings;
  return {
    name: 'llama-server',
    command: binary,
    port,
    model: modelName,
    args: [
      ...['-m', settings.modelPath, '--host', '127.0.0.1', '--port', String(port), '--alias', modelName],
      ...['-t', String(threads), '-tb', String(threads), '-np', String(parallel)],
      ...['-c', String(settings.contextPerSequence * parallel), '-b', String(settings.batchSize)],
      ...['-fa', settings.flashAttention, '--no-webui'],
    ],
  };
}

/** Hangar's embedded engine (`packages/engine-llama/dist/main.js`); `--context` is per sequence. */
export function engineTarget(mainJs: string, settings: SharedSettings, port: number): TargetSpec {
  return {
    name: 'engine',
    command: process.execPath,
    port,
    model: modelName,
    args: [
      mainJs,
      ...['--model', settings.modelPath, '--port', String(port), '--host', '127.0.0.1'],
      ...['--threads', String(settings.threads), '--parallel', String(settings.parallel)],
      ...['--context', String(settings.contextPerSequence), '--model-name', modelName],
      ...['--flash-attention', settings.flashAttention, '--batch-size', String(settings.batchSize)],
    ],
    // As Hangar launches it (see embeddedEngineEnv in packages/engines).
    env: { ...embeddedEngineEnv },
  };
}

/**
 * The engine forced onto node-llama-cpp's prebuilt binaries even when `npm run build:native` has made a local
 * OpenMP build: node-llama-cpp adds `NODE_LLAMA_CPP_CMAKE_OPTION_*` variables to the CMake options it looks a
 * local build up by, so a differing value finds no local build and falls back to the prebuilt one.
 */
export function enginePrebuiltTarget(mainJs: string, settings: SharedSettings, port: number): TargetSpec {
  return {
    ...engineTarget(mainJs, settings, port),
    name: 'engine-prebuilt',
    env: { ...embeddedEngineEnv, NODE_LLAMA_CPP_CMAKE_OPTION_GGML_OPENMP: 'OFF' },
  };
}

/** The naive baseline: node-llama-cpp's own API behind a minimal server (`naive-server.js`). */
export function naiveTarget(naiveJs: string, settings: SharedSettings, port: number): TargetSpec {
  return {
    name: 'node-llama-cpp',
    command: process.execPath,
    port,
    model: modelName,
    args: [
      naiveJs,
      ...[settings.modelPath, String(port), String(settings.threads), String(settings.parallel)],
      ...[String(settings.contextPerSequence), settings.flashAttention],
    ],
  };
}
