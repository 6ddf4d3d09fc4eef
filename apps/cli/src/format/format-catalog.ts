import type { CatalogModelView } from '@hangar/contracts';
import { formatKeyValues, formatTable } from './format-table.js';
import { formatBytes, formatParameterCount } from './format-units.js';

function parameters(model: CatalogModelView): string {
  const { parameterCount, activeParameterCount } = model.architecture;
  const total = formatParameterCount(parameterCount);
  return activeParameterCount < parameterCount
    ? `${total} (${formatParameterCount(activeParameterCount)} active)`
    : total;
}

/** `hangar catalog`: one row per model; models no engine serves are named below the table with why. */
export function formatCatalog(models: readonly CatalogModelView[]): string {
  const rows = models.map((model) => [
    model.id,
    model.isServable ? model.name : `${model.name} (not servable)`,
    model.task,
    parameters(model),
    String(model.architecture.maxContextTokens),
    model.files.map((file) => file.id).join(', '),
  ]);
  const table = formatTable(['ID', 'NAME', 'TASK', 'PARAMS', 'CONTEXT', 'FILES'], rows);
  const notes = models
    .filter((model) => !model.isServable)
    .map((model) => `${model.id} is not servable: ${model.notServableReason ?? 'no engine serves it yet'}`);
  return notes.length > 0 ? `${table}\n\n${notes.join('\n')}` : table;
}

function attention(model: CatalogModelView): string {
  const { architecture } = model;
  const experts = architecture.experts
    ? `, MoE ${architecture.experts.routed} experts (${architecture.experts.active} active)`
    : '';
  return `${architecture.attention.toUpperCase()}, ${architecture.layerCount} layers${experts}`;
}

/** `hangar catalog show <id>`: the model's facts and its files. */
export function formatCatalogModel(model: CatalogModelView): string {
  const sources = [`huggingface ${model.sources.huggingFace}`];
  if (model.sources.modelScope) sources.push(`modelscope ${model.sources.modelScope}`);
  const facts = formatKeyValues([
    ['task', model.task],
    ['family', model.family],
    ['parameters', parameters(model)],
    ['context', `${model.architecture.maxContextTokens} tokens`],
    ['architecture', attention(model)],
    ['reasoning', model.isReasoning ? 'yes (<think>)' : 'no'],
    ['servable', model.isServable ? 'yes' : `no: ${model.notServableReason ?? 'no engine serves it yet'}`],
    ['sources', sources.join(', ')],
  ]);
  const files = formatTable(
    ['FILE', 'FORMAT', 'QUANTIZATION', 'SIZE', 'ENGINES'],
    model.files.map((file) => [
      file.id,
      file.format,
      file.quantization,
      `${file.isSizeEstimate ? '~' : ''}${formatBytes(file.sizeBytes)}`,
      file.engines.join(', '),
    ]),
  );
  return [`${model.name} (${model.id})`, `  ${model.description}`, facts, '', files].join('\n');
}
