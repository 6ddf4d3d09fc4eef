import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@hangar/store';

/**
 * A store in a fresh temporary directory (also returned, for a test's other files); `cleanups` gets the
 * closing of the store and the removal of the directory.
 */
export function openTempStore(cleanups: (() => void)[]): { store: Store; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-test-'));
  const store = openStore({ path: join(dir, 'hangar.db') });
  cleanups.push(() => {
    void store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, dir };
}

/** Stores a minimal local GGUF model row (`id` and `name` alike) for tests that need a deployment's model. */
export function insertTestModel(store: Store, id: string): void {
  store.models.insert({
    id,
    name: id,
    source: 'local',
    format: 'gguf',
    path: '/x',
    sizeBytes: 1,
    createdAt: 1,
    metadata: {
      architecture: 'llama',
      contextTokens: 128,
      parameterCount: 1,
      quantization: 'F32',
      embeddingLength: 8,
      layerCount: 1,
      hasChatTemplate: false,
      vocabularySize: 8,
    },
  });
}
