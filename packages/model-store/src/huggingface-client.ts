import { encodePath, type HubClient, type HubFile, type HubFileBody } from './hub-client.js';
import { ModelStoreError, type HubRequestContext } from './hub-errors.js';
import { fileBodyFrom, firstHeader, rangeHeaders, sha256FromEtag } from './hub-file-body.js';
import type { HubHttp } from './hub-http.js';

/** `GET /api/models/{repo}/revision/{revision}?blobs=true`, the parts used. */
interface HfModelInfo {
  sha?: unknown;
  siblings?: unknown;
}

interface HfSibling {
  rfilename?: unknown;
  size?: unknown;
  lfs?: { sha256?: unknown; size?: unknown } | null;
}

/**
 * Hugging Face Hub (or a mirror such as hf-mirror.com that serves the same paths): model info for the
 * commit and file list, `/{repo}/resolve/{revision}/{path}` for the bytes (LFS files redirect to a CDN and
 * announce their sha256 in `X-Linked-Etag` and their size in `X-Linked-Size`).
 */
export class HuggingFaceClient implements HubClient {
  readonly source = 'huggingface' as const;
  private readonly http: HubHttp;
  private readonly tokenHint: string;

  constructor(http: HubHttp, tokenHint = 'HANGAR_HF_TOKEN') {
    this.http = http;
    this.tokenHint = tokenHint;
  }

  async resolveRevision(repo: string, revision: string, signal?: AbortSignal): Promise<string> {
    const info = await this.modelInfo(repo, revision, signal);
    if (typeof info.sha !== 'string' || info.sha === '') throw this.invalid(repo, 'no commit sha');
    return info.sha;
  }

  async listFiles(repo: string, revision: string, signal?: AbortSignal): Promise<HubFile[]> {
    const info = await this.modelInfo(repo, revision, signal);
    if (!Array.isArray(info.siblings)) throw this.invalid(repo, 'no siblings');
    return (info.siblings as HfSibling[]).flatMap((sibling) => {
      if (typeof sibling.rfilename !== 'string') return [];
      const lfs = sibling.lfs ?? null;
      const size = typeof lfs?.size === 'number' ? lfs.size : sibling.size;
      return [
        {
          path: sibling.rfilename,
          sizeBytes: typeof size === 'number' ? size : 0,
          sha256: typeof lfs?.sha256 === 'string' ? lfs.sha256.toLowerCase() : null,
        },
      ];
    });
  }

  async openFile(
    repo: string,
    revision: string,
    path: string,
    options: { offset: number; signal?: AbortSignal },
  ): Promise<HubFileBody> {
    const response = await this.http.get(
      `/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`,
      this.context(repo, revision, path),
      { headers: rangeHeaders(options.offset), signal: options.signal },
    );
    return fileBodyFrom(response, sha256FromEtag(firstHeader(response.hops, 'x-linked-etag')));
  }

  private async modelInfo(repo: string, revision: string, signal?: AbortSignal): Promise<HfModelInfo> {
    const body = await this.http.getJson(
      `/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`,
      this.context(repo, revision),
      signal,
    );
    if (body === null || typeof body !== 'object') throw this.invalid(repo, 'not an object');
    return body;
  }

  private context(repo: string, revision: string, path?: string): HubRequestContext {
    return {
      source: 'huggingface',
      repo,
      revision,
      path,
      tokenHint: this.tokenHint,
      hasToken: this.http.hasToken,
    };
  }

  private invalid(repo: string, what: string): ModelStoreError {
    return new ModelStoreError(`Hugging Face sent unexpected model info for ${repo} (${what}).`, {
      code: 'hub_invalid_response',
    });
  }
}
