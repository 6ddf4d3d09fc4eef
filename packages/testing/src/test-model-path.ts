import { existsSync } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTinyLlamaGguf } from './tiny-gguf.js';

// src/ and dist/ are both two levels below packages/testing.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The project's shared model folder (`../shared/models` beside the repository root); it may not exist. */
export const sharedModelsDir = resolve(repoRoot, '../shared/models');

/** The path of `name` in {@link sharedModelsDir}, or null when that file is absent. */
export function sharedModelPath(name: string): string | null {
  const path = join(sharedModelsDir, name);
  return existsSync(path) ? path : null;
}

// Bump when the tiny model's content changes, so stale copies in the temp folder are not reused.
const tinyModelVersion = 1;

/**
 * A small real GGUF to run engines on: `../shared/models/stories260K.gguf` when present, else a tiny llama
 * written once into the OS temp folder (and reused by later calls and processes).
 */
export async function testModelPath(): Promise<string> {
  return sharedModelPath('stories260K.gguf') ?? tinyModelPath();
}

/** The tiny llama GGUF written by {@link writeTinyLlamaGguf} with default options, written once to tmpdir. */
export async function tinyModelPath(): Promise<string> {
  const path = join(tmpdir(), `hangar-tiny-llama-v${tinyModelVersion}.gguf`);
  const existing = await stat(path).catch(() => null);
  if (existing !== null && existing.size > 0) return path;
  // Write beside it and rename, so concurrent test workers never see a half-written file.
  const partial = `${path}.${process.pid}.${Date.now()}.partial`;
  await writeTinyLlamaGguf(partial);
  await rename(partial, path);
  return path;
}
