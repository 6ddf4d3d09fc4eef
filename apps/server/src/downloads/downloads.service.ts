import { NotFoundError, errorMessage } from '@hangar/core';
import type { DownloadView, PullModelRequest } from '@hangar/contracts';
import { existsSync } from 'node:fs';
import type { Model } from '@hangar/core';
import {
  ModelStore,
  safetensorsInclude,
  type DownloadHandle,
  type DownloadProgress,
  type DownloadSnapshot,
} from '@hangar/model-store';
import { findCatalogModel } from '@hangar/planner';
import type { Logger } from '@hangar/observability';
import type { Store } from '@hangar/store';
import type { ModelsService } from '../models/models.service.js';

export function downloadView(snapshot: DownloadSnapshot): DownloadView {
  const { targetName, directory, createdAtMs, finishedAtMs, ...rest } = snapshot;
  return {
    ...rest,
    name: targetName,
    path: directory,
    createdAt: new Date(createdAtMs).toISOString(),
    finishedAt: finishedAtMs === null ? null : new Date(finishedAtMs).toISOString(),
  };
}

/**
 * Pulls model files from Hugging Face or ModelScope into the data directory and registers the model when the
 * files are there. Several callers asking for the same files share one transfer.
 */
export class DownloadsService {
  constructor(
    private readonly modelStore: ModelStore,
    private readonly models: ModelsService,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  pull(request: PullModelRequest, signal?: AbortSignal): DownloadHandle {
    const name = request.name ?? request.repo.split('/')[1]!.slice(0, 64);
    const handle = this.modelStore.download(
      {
        source: request.source,
        repo: request.repo,
        ...(request.revision ? { revision: request.revision } : {}),
        ...(request.include ? { include: request.include } : {}),
        ...(request.quant ? { quant: request.quant } : {}),
        targetName: name,
      },
      signal,
    );
    handle.done.then(
      async (result) => {
        if (this.store.models.findByName(name)) return;
        try {
          await this.models.registerDownloaded({
            name,
            source: request.source,
            repo: request.repo,
            path: result.modelPath,
          });
        } catch (error) {
          this.logger.error({ repo: request.repo, error: errorMessage(error) }, 'model-register-failed');
        }
      },
      (error: unknown) =>
        this.logger.warn({ repo: request.repo, error: errorMessage(error) }, 'download-failed'),
    );
    return handle;
  }

  /**
   * The model's files on disk. A hub model whose files are not there yet is downloaded first (joining a download
   * already running for the same files); `onProgress` sees the transfer.
   */
  async ensureModelFiles(model: Model, onProgress: (progress: DownloadProgress) => void): Promise<string> {
    if (model.path !== '' && existsSync(model.path)) return model.path;
    if (model.source === 'local' || !model.repo) {
      throw new NotFoundError(
        `The file of model '${model.name}' is gone: ${model.path}`,
        'model_file_not_found',
      );
    }
    const file = findCatalogModel(model.metadata.catalogId ?? '')?.files.find(
      (candidate) => candidate.id === model.metadata.catalogFileId,
    );
    const include =
      file?.format === 'gguf' && file.fileName
        ? [file.fileName]
        : model.format === 'safetensors'
          ? [...safetensorsInclude]
          : undefined;
    const handle = this.modelStore.download({
      source: model.source,
      repo: model.repo,
      ...(include ? { include } : {}),
      targetName: model.name,
    });
    handle.on('download-progress', onProgress);
    try {
      const result = await handle.done;
      const path = model.format === 'safetensors' ? result.directory : result.modelPath;
      this.models.setFiles(
        model.id,
        path,
        result.files.reduce((sum, stored) => sum + stored.sizeBytes, 0),
      );
      return path;
    } finally {
      handle.off('download-progress', onProgress);
    }
  }

  list(): DownloadView[] {
    return this.modelStore.list().map((handle) => downloadView(handle.snapshot()));
  }

  get(id: string): DownloadView {
    const handle = this.modelStore.get(id);
    if (!handle)
      throw new NotFoundError(`No download '${id}'. See \`hangar downloads\`.`, 'download_not_found');
    return downloadView(handle.snapshot());
  }

  async cancel(id: string): Promise<void> {
    if (!(await this.modelStore.cancel(id)))
      throw new NotFoundError(`No download '${id}' in progress`, 'download_not_found');
  }

  close(): Promise<void> {
    return this.modelStore.close();
  }
}
