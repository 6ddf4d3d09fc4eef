import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// For tests only (not exported from index.ts). src/ and dist/ are both two levels below packages/engine-llama.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * `../shared/models/stories260K.gguf` beside the repository: a real 260K-parameter llama (64-wide embeddings,
 * no chat template). @hangar/testing's `testModelPath()` resolves the same file.
 */
export function stories260KPath(): string {
  const path = resolve(repoRoot, '../shared/models/stories260K.gguf');
  if (!existsSync(path)) throw new Error(`Test model missing: ${path} (see ../shared/models/README.md)`);
  return path;
}
