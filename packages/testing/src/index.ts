export { createSeededRandom } from './seeded-random.js';
export type { SeededRandom } from './seeded-random.js';
export { createSyntheticVocabulary, vocabularyMetadata } from './synthetic-vocabulary.js';
export type { SyntheticVocabulary } from './synthetic-vocabulary.js';
export { llamaGgufSpec } from './llama-gguf-spec.js';
export type { LlamaShape, LlamaWeightsOptions } from './llama-gguf-spec.js';
export { smolShape, tinyLlamaShape, writeSmolShapeGguf, writeTinyLlamaGguf } from './tiny-gguf.js';
export type { SmolShapeOptions, TinyLlamaOptions } from './tiny-gguf.js';
export { sharedModelPath, sharedModelsDir, testModelPath, tinyModelPath } from './test-model-path.js';
