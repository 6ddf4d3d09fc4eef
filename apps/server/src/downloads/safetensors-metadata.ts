import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelMetadata } from '@hangar/core';

interface HuggingFaceConfig {
  architectures?: string[];
  model_type?: string;
  max_position_embeddings?: number;
  num_hidden_layers?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number;
  hidden_size?: number;
  vocab_size?: number;
  torch_dtype?: string;
  quantization_config?: { quant_method?: string };
}

/** What a safetensors folder's `config.json` says about the model (and its total weight bytes). */
export async function safetensorsMetadata(
  directory: string,
): Promise<{ metadata: ModelMetadata; sizeBytes: number }> {
  let config: HuggingFaceConfig = {};
  try {
    config = JSON.parse(await readFile(join(directory, 'config.json'), 'utf8')) as HuggingFaceConfig;
  } catch {
    // A folder without config.json still registers; the planner then relies on the catalog.
  }
  let sizeBytes = 0;
  for (const entry of await readdir(directory, { recursive: true })) {
    if (entry.endsWith('.safetensors')) sizeBytes += (await stat(join(directory, entry))).size;
  }
  const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  return {
    sizeBytes,
    metadata: {
      architecture: config.model_type ?? config.architectures?.[0] ?? 'unknown',
      contextTokens: number(config.max_position_embeddings),
      parameterCount: null,
      quantization: config.quantization_config?.quant_method ?? config.torch_dtype ?? null,
      embeddingLength: number(config.hidden_size),
      layerCount: number(config.num_hidden_layers),
      hasChatTemplate: true,
      vocabularySize: number(config.vocab_size),
      headCount: number(config.num_attention_heads),
      headCountKv: number(config.num_key_value_heads ?? config.num_attention_heads),
    },
  };
}
