import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// For tests only (not exported from index.ts). src/ and dist/ are both two levels below packages/engine-llama.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A file of `../shared/models/` beside the repository (see its README for what each one is). */
export function sharedModelPath(name: string): string {
  const path = resolve(repoRoot, '../shared/models', name);
  if (!existsSync(path)) throw new Error(`Test model missing: ${path} (see ../shared/models/README.md)`);
  return path;
}

/**
 * stories260K: a real 260K-parameter llama (64-wide embeddings, no chat template).
 * @hangar/testing's `testModelPath()` resolves the same file.
 */
export function stories260KPath(): string {
  return sharedModelPath('stories260K.gguf');
}
