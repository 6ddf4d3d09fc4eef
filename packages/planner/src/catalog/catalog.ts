import type { CatalogModel } from './catalog-types.js';
import { COMPANION_MODELS } from './companions.js';
import { DEEPSEEK_V3_MODELS } from './deepseek-v3.js';
import { R1_DISTILL_MODELS } from './r1-distill.js';

const CATALOG: readonly CatalogModel[] = [...DEEPSEEK_V3_MODELS, ...R1_DISTILL_MODELS, ...COMPANION_MODELS];

/** Every model of the built-in catalog, DeepSeek-V3/R1 first. */
export function listCatalog(): readonly CatalogModel[] {
  return CATALOG;
}

/** A catalog model by id (`deepseek-r1`), Hugging Face id (`deepseek-ai/DeepSeek-R1`) or name; case-insensitive. */
export function findCatalogModel(id: string): CatalogModel | undefined {
  const wanted = id.trim().toLowerCase();
  return CATALOG.find(
    (model) =>
      model.id === wanted ||
      model.name.toLowerCase() === wanted ||
      model.sources.huggingFace.toLowerCase() === wanted ||
      model.sources.modelScope?.toLowerCase() === wanted,
  );
}
