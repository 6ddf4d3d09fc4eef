import type { Readable } from 'node:stream';

/** Where model files come from. */
export type ModelSource = 'huggingface' | 'modelscope';

/** One file of a hub repository at a revision. */
export interface HubFile {
  /** Path inside the repository, `/`-separated (`Q4_K_M/model-00001-of-00002.gguf`). */
  path: string;
  sizeBytes: number;
  /** Hex sha256 of the content when the hub gives it (HF: LFS files only; ModelScope: `Sha256`). */
  sha256: string | null;
}

/** A file transfer started by `HubClient.openFile`. */
export interface HubFileBody {
  /** The byte offset the body starts at: the requested offset for a 206, 0 when the hub ignored Range. */
  offset: number;
  /** Total size of the file when the hub said it (`Content-Range` or `Content-Length`). */
  totalBytes: number | null;
  /** sha256 the hub announced for this file (HF `X-Linked-Etag`), if any. */
  sha256: string | null;
  body: Readable;
}

/** Where a hub lives and how to authenticate to it. */
export interface HubSourceOptions {
  /** Base URL: `https://huggingface.co`, a mirror such as `https://hf-mirror.com`, `https://www.modelscope.cn`. */
  endpoint?: string;
  /** Access token, sent as `Authorization: Bearer <token>` to the endpoint's host only. */
  token?: string;
}

/** The operations the store needs from a model hub. */
export interface HubClient {
  readonly source: ModelSource;
  /** Resolves a branch, tag or commit to the commit it points at. */
  resolveRevision(repo: string, revision: string, signal?: AbortSignal): Promise<string>;
  /** Lists every file (not folder) of `repo` at `revision`. */
  listFiles(repo: string, revision: string, signal?: AbortSignal): Promise<HubFile[]>;
  /** Opens a file for reading from `offset` (HTTP Range), following redirects. */
  openFile(
    repo: string,
    revision: string,
    path: string,
    options: { offset: number; signal?: AbortSignal },
  ): Promise<HubFileBody>;
}

/** Splits `owner/name`; anything else is rejected by the caller's validation. */
export function splitRepo(repo: string): { owner: string; name: string } | null {
  const match = /^([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)$/.exec(repo);
  return match ? { owner: match[1] ?? '', name: match[2] ?? '' } : null;
}

/** Encodes each segment of a repository file path for a URL, keeping the slashes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
