export {
  ModelStore,
  defaultEndpoints,
  type ModelStoreOptions,
  type DeleteUnusedResult,
} from './model-store.js';
export {
  DownloadHandle,
  type DownloadRequest,
  type DownloadResult,
  type DownloadSnapshot,
  type DownloadEvents,
} from './download-handle.js';
export type {
  DownloadState,
  DownloadFileState,
  DownloadProgress,
  DownloadFileProgress,
} from './download-progress.js';
export type { ModelSource, HubClient, HubFile, HubFileBody, HubSourceOptions } from './hub-client.js';
export { ModelStoreError, isModelStoreError, type ModelStoreErrorCode } from './hub-errors.js';
export {
  HubHttp,
  defaultRetryPolicy,
  type RetryPolicy,
  type Sleep,
  type HubHttpOptions,
} from './hub-http.js';
export { HuggingFaceClient } from './huggingface-client.js';
export { ModelScopeClient } from './modelscope-client.js';
export {
  compileGlob,
  filterFiles,
  pickGgufQuant,
  ggufQuantOf,
  safetensorsInclude,
  type GgufPick,
} from './file-filter.js';
export {
  modelDirectory,
  revisionFolder,
  lockFileName,
  manifestFileName,
  partSuffix,
} from './model-layout.js';
export type { StoredFile, ModelManifest } from './model-manifest.js';
export type { StoredModel } from './store-inventory.js';
