import { realpath, stat } from 'node:fs/promises';
import { basename, sep } from 'node:path';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type Clock,
  type Model,
  type ModelMetadata,
} from '@hangar/core';
import { GgufFormatError, readGgufHeader, summarizeGguf } from '@hangar/gguf';
import type { Store } from '@hangar/store';
import { generateId } from '../auth/secrets.js';
import { safetensorsMetadata } from '../downloads/safetensors-metadata.js';
import type { CatalogFile, CatalogModel } from '@hangar/planner';

/** Registers local model files: only inside the allowed directories, only real GGUF files. */
export class ModelsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly allowedDirs: readonly string[],
  ) {}

  list(): Model[] {
    return this.store.models.list();
  }

  get(name: string): Model {
    const model = this.store.models.findByName(name);
    if (!model)
      throw new NotFoundError(`No model named '${name}'. See \`hangar model ls\`.`, 'model_not_found');
    return model;
  }

  async add(path: string, name: string | undefined): Promise<Model> {
    const filePath = await this.resolveAllowedFile(path);
    const modelName = name ?? defaultName(filePath);
    this.assertNameFree(modelName);
    return this.insert(modelName, filePath, 'local', null, await this.ggufMetadata(filePath));
  }

  /** Registers files Hangar downloaded itself (a GGUF file, or a safetensors folder). */
  async registerDownloaded(download: {
    name: string;
    source: 'huggingface' | 'modelscope';
    repo: string;
    path: string;
  }): Promise<Model> {
    this.assertNameFree(download.name);
    const info = await stat(download.path);
    if (info.isDirectory()) {
      const { metadata, sizeBytes } = await safetensorsMetadata(download.path);
      return this.insert(
        download.name,
        download.path,
        download.source,
        download.repo,
        metadata,
        'safetensors',
        sizeBytes,
      );
    }
    return this.insert(
      download.name,
      download.path,
      download.source,
      download.repo,
      await this.ggufMetadata(download.path),
    );
  }

  /**
   * The registered model for a catalog file (created unsaved when new: the caller stores it with its deployment).
   * Its files are fetched by the first instance that needs them; until then its path is empty.
   */
  catalogModel(catalog: CatalogModel, file: CatalogFile): Model {
    const existing = this.store.models.findByName(catalog.id);
    if (existing) return existing;
    const source = file.huggingFace ? 'huggingface' : 'modelscope';
    return {
      id: generateId('m-'),
      name: catalog.id,
      source,
      format: file.format,
      repo: file.huggingFace ?? file.modelScope,
      path: '',
      sizeBytes: file.sizeBytes,
      metadata: {
        architecture: catalog.family,
        contextTokens: catalog.architecture.maxContextTokens,
        parameterCount: catalog.architecture.parameterCount,
        quantization: file.quantization,
        embeddingLength: catalog.architecture.hiddenSize,
        layerCount: catalog.architecture.layerCount,
        hasChatTemplate: true,
        vocabularySize: catalog.architecture.vocabularySize,
        headCount: catalog.architecture.attentionHeadCount,
        headCountKv: catalog.architecture.kvHeadCount,
        catalogId: catalog.id,
        catalogFileId: file.id,
        isReasoning: catalog.isReasoning,
      },
      createdAt: this.clock.now(),
    };
  }

  /** Records where a hub model's files landed. */
  setFiles(id: string, path: string, sizeBytes: number): void {
    this.store.models.updateFiles(id, path, sizeBytes);
  }

  private assertNameFree(name: string): void {
    if (this.store.models.findByName(name)) {
      throw new ConflictError(
        `A model named '${name}' exists already; pass --name to choose another`,
        'model_exists',
      );
    }
  }

  private async ggufMetadata(filePath: string): Promise<ModelMetadata> {
    let summary;
    try {
      summary = summarizeGguf(await readGgufHeader(filePath));
    } catch (error) {
      if (error instanceof GgufFormatError)
        throw new ValidationError(error.message, { path: filePath }, error.code);
      throw error;
    }
    return {
      architecture: summary.architecture,
      contextTokens: summary.contextTokens,
      parameterCount: summary.parameterCount,
      quantization: summary.quantization,
      embeddingLength: summary.embeddingLength,
      layerCount: summary.layerCount,
      hasChatTemplate: summary.hasChatTemplate,
      vocabularySize: summary.vocabularySize,
      headCount: summary.headCount,
      headCountKv: summary.headCountKv,
    };
  }

  private async insert(
    name: string,
    path: string,
    source: Model['source'],
    repo: string | null,
    metadata: ModelMetadata,
    format: Model['format'] = 'gguf',
    sizeBytes?: number,
  ): Promise<Model> {
    const model: Model = {
      id: generateId('m-'),
      name,
      source,
      format,
      repo,
      path,
      sizeBytes: sizeBytes ?? (await stat(path)).size,
      metadata,
      createdAt: this.clock.now(),
    };
    this.store.models.insert(model);
    return model;
  }

  remove(name: string): void {
    const model = this.get(name);
    const users = this.store.deployments.countByModel(model.id);
    if (users > 0) {
      throw new ConflictError(
        `Model '${name}' is used by ${users} deployment(s); remove them first`,
        'model_in_use',
      );
    }
    this.store.models.delete(model.id);
  }

  /** Resolves symlinks and `..` before checking, so nothing outside the allowed directories gets in. */
  private async resolveAllowedFile(path: string): Promise<string> {
    let resolved: string;
    try {
      resolved = await realpath(path);
    } catch {
      throw new ValidationError(`No file at ${path}`, { path }, 'model_file_not_found');
    }
    const allowed = await Promise.all(this.allowedDirs.map((dir) => realpath(dir).catch(() => dir)));
    if (
      !allowed.some((dir) => resolved === dir || resolved.startsWith(dir.endsWith(sep) ? dir : dir + sep))
    ) {
      throw new ValidationError(
        `${path} is outside the directories models may be registered from (${allowed.join(', ')}). ` +
          'Move the file there or add its directory to HANGAR_MODEL_DIRS.',
        { path, allowedDirs: allowed },
        'model_path_not_allowed',
      );
    }
    const info = await stat(resolved);
    if (!info.isFile()) throw new ValidationError(`${path} is not a file`, { path }, 'model_file_not_found');
    return resolved;
  }
}

function defaultName(path: string): string {
  const base = basename(path).replace(/\.gguf$/i, '');
  const cleaned = base.replace(/[^a-zA-Z0-9._:-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return (cleaned || 'model').slice(0, 64);
}
