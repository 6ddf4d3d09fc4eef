import { splitRepo, type HubClient, type HubFile, type HubFileBody } from './hub-client.js';
import { ModelStoreError, type HubRequestContext } from './hub-errors.js';
import { fileBodyFrom, rangeHeaders } from './hub-file-body.js';
import type { HubHttp } from './hub-http.js';

/** ModelScope's envelope: `{ Code, Data, Message, Success, RequestId }`. */
interface MsEnvelope {
  Code?: unknown;
  Data?: unknown;
  Message?: unknown;
  Success?: unknown;
}

interface MsFile {
  Path?: unknown;
  Name?: unknown;
  Type?: unknown;
  Size?: unknown;
  Sha256?: unknown;
}

interface MsRevision {
  Revision?: unknown;
  CommitId?: unknown;
}

const commitPattern = /^[0-9a-f]{40}$/i;

/**
 * ModelScope (modelscope.cn or a private deployment): `/api/v1/models/{owner}/{name}/repo/files` lists
 * files with `Size` and `Sha256`, `/api/v1/models/{owner}/{name}/repo?Revision=&FilePath=` serves the bytes
 * (with Range), `/api/v1/models/{owner}/{name}/revisions` maps branches and tags to commits.
 */
export class ModelScopeClient implements HubClient {
  readonly source = 'modelscope' as const;
  private readonly http: HubHttp;
  private readonly tokenHint: string;

  constructor(http: HubHttp, tokenHint = 'HANGAR_MODELSCOPE_TOKEN') {
    this.http = http;
    this.tokenHint = tokenHint;
  }

  async resolveRevision(repo: string, revision: string, signal?: AbortSignal): Promise<string> {
    if (commitPattern.test(revision)) return revision.toLowerCase();
    const data = await this.getData(`${this.base(repo)}/revisions`, this.context(repo, revision), signal);
    const map = (data as { RevisionMap?: { Branches?: unknown; Tags?: unknown } } | null)?.RevisionMap;
    const entries = [map?.Branches, map?.Tags].flatMap((list) =>
      Array.isArray(list) ? (list as MsRevision[]) : [],
    );
    const entry = entries.find((candidate) => candidate.Revision === revision);
    // Some deployments list branches without commit ids: the branch name then stands for itself.
    return typeof entry?.CommitId === 'string' && entry.CommitId !== '' ? entry.CommitId : revision;
  }

  async listFiles(repo: string, revision: string, signal?: AbortSignal): Promise<HubFile[]> {
    const query = `Revision=${encodeURIComponent(revision)}&Recursive=true`;
    const data = await this.getData(
      `${this.base(repo)}/repo/files?${query}`,
      this.context(repo, revision),
      signal,
    );
    const files = (data as { Files?: unknown } | null)?.Files;
    if (!Array.isArray(files)) throw this.invalid(repo, 'no Data.Files');
    return (files as MsFile[]).flatMap((file) => {
      const path = typeof file.Path === 'string' ? file.Path : file.Name;
      if (file.Type === 'tree' || typeof path !== 'string') return [];
      const sha256 = typeof file.Sha256 === 'string' && file.Sha256 !== '' ? file.Sha256.toLowerCase() : null;
      return [{ path, sizeBytes: typeof file.Size === 'number' ? file.Size : 0, sha256 }];
    });
  }

  async openFile(
    repo: string,
    revision: string,
    path: string,
    options: { offset: number; signal?: AbortSignal },
  ): Promise<HubFileBody> {
    const query = `Revision=${encodeURIComponent(revision)}&FilePath=${encodeURIComponent(path)}`;
    const response = await this.http.get(
      `${this.base(repo)}/repo?${query}`,
      this.context(repo, revision, path),
      {
        headers: rangeHeaders(options.offset),
        signal: options.signal,
      },
    );
    return fileBodyFrom(response, null);
  }

  private base(repo: string): string {
    const parts = splitRepo(repo);
    if (!parts)
      throw new ModelStoreError(`"${repo}" is not a ModelScope repository id (owner/name).`, {
        code: 'hub_repo_not_found',
      });
    return `/api/v1/models/${encodeURIComponent(parts.owner)}/${encodeURIComponent(parts.name)}`;
  }

  private async getData(path: string, context: HubRequestContext, signal?: AbortSignal): Promise<unknown> {
    const envelope = (await this.http.getJson(path, context, signal)) as MsEnvelope | null;
    if (envelope === null || typeof envelope !== 'object') throw this.invalid(context.repo, 'not an object');
    if (envelope.Success === false || (typeof envelope.Code === 'number' && envelope.Code !== 200)) {
      const message =
        typeof envelope.Message === 'string' ? envelope.Message : `code ${String(envelope.Code)}`;
      throw new ModelStoreError(`ModelScope refused ${context.repo}@${context.revision ?? ''}: ${message}`, {
        code: 'hub_repo_not_found',
        details: { source: 'modelscope', repo: context.repo, hubCode: envelope.Code },
      });
    }
    return envelope.Data;
  }

  private context(repo: string, revision: string, path?: string): HubRequestContext {
    return {
      source: 'modelscope',
      repo,
      revision,
      path,
      tokenHint: this.tokenHint,
      hasToken: this.http.hasToken,
    };
  }

  private invalid(repo: string, what: string): ModelStoreError {
    return new ModelStoreError(`ModelScope sent an unexpected answer for ${repo} (${what}).`, {
      code: 'hub_invalid_response',
    });
  }
}
