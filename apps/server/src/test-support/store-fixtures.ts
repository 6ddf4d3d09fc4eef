import type { Store } from '@hangar/store';

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
