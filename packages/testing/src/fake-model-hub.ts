import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  gitBlobSha1,
  serveContent,
  sha256Hex,
  type FileFaults,
  type TransferRecord,
} from './fake-hub-serving.js';

/** A file of a fake repository. */
export interface FakeHubFile {
  path: string;
  content: Uint8Array | string;
  /** Stored with Git LFS: HF lists its sha256 and redirects its download to the CDN. Default: not json/md/txt/py. */
  isLfs?: boolean;
}

/** A repository of the fake hub. */
export interface FakeHubRepo {
  source: 'huggingface' | 'modelscope';
  /** `owner/name`. */
  repo: string;
  files: FakeHubFile[];
  /** The head commit (40 hex); default derived from the repo id. */
  commit?: string;
  /** Needs `Authorization: Bearer <token>` (gated / private): 401 without it. */
  isGated?: boolean;
}

/** One request the fake hub or its CDN received. */
export interface RecordedHubRequest {
  server: 'hub' | 'cdn';
  method: string;
  /** Path and query as received. */
  url: string;
  authorization: string | undefined;
  range: string | undefined;
  status: number;
  /** Body bytes of a file transfer (0 for API calls). */
  bytesSent: number;
  /** Repository file path of a transfer. */
  filePath?: string;
}

/** A running fake of the Hugging Face and ModelScope APIs on 127.0.0.1, with a CDN on a second port. */
export interface FakeModelHub {
  /** Hub endpoint (for both sources): `http://127.0.0.1:<port>`. */
  url: string;
  /** The CDN Hugging Face LFS downloads redirect to (another host:port). */
  cdnUrl: string;
  /** The token it accepts. */
  token: string;
  requests: RecordedHubRequest[];
  /** Body bytes sent for a repository file, over all transfers. */
  bytesServed(path: string): number;
  /** The next `times` transfers of `path` stop after `afterBytes` bytes (connection destroyed). */
  cutNext(path: string, afterBytes: number, times?: number): void;
  /** The next `times` transfers of `path` send wrong bytes. */
  corruptNext(path: string, times?: number): void;
  /** The next transfer of `path` pauses after `afterBytes` bytes until the returned `release()`. */
  holdNext(path: string, afterBytes: number): { release(): void };
  /** The next `count` hub API/resolve requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

interface RepoEntry {
  config: FakeHubRepo;
  commit: string;
  files: Map<string, { content: Uint8Array; isLfs: boolean; sha256: string }>;
}

const textLike = /\.(json|md|txt|py)$/i;
const defaultBranch = { huggingface: 'main', modelscope: 'master' } as const;

function toEntry(config: FakeHubRepo): RepoEntry {
  const files = new Map<string, { content: Uint8Array; isLfs: boolean; sha256: string }>();
  for (const file of config.files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    files.set(file.path, {
      content,
      isLfs: file.isLfs ?? !textLike.test(file.path),
      sha256: sha256Hex(content),
    });
  }
  return { config, commit: config.commit ?? sha256Hex(Buffer.from(config.repo)).slice(0, 40), files };
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Starts a fake model hub speaking the parts of the Hugging Face and ModelScope HTTP APIs that Hangar's
 * model store uses: HF `GET /api/models/{repo}/revision/{rev}?blobs=true` and `/{repo}/resolve/{rev}/{path}`
 * (LFS files 302 to the CDN with `X-Repo-Commit`, `X-Linked-Etag`, `X-Linked-Size`); ModelScope
 * `/api/v1/models/{owner}/{name}/revisions`, `/repo/files?Revision=&Recursive=` and
 * `/repo?Revision=&FilePath=`. Range requests, 401 for gated repos, 404 with HF's `X-Error-Code`, and the
 * faults above (cut transfers, corrupted bytes, held transfers, 429 with Retry-After).
 */
export async function startFakeModelHub(options: {
  repos: FakeHubRepo[];
  token?: string;
}): Promise<FakeModelHub> {
  const token = options.token ?? 'hub-test-token';
  const repos = new Map(options.repos.map((repo) => [`${repo.source}:${repo.repo}`, toEntry(repo)]));
  const faults = new Map<string, FileFaults>();
  const gates = new Set<() => void>();
  const requests: RecordedHubRequest[] = [];
  const recorded = new WeakSet<IncomingMessage>();
  let rateLimit = { count: 0, retryAfterSeconds: 0 };
  const faultsOf = (path: string) => faults.get(path) ?? faults.set(path, {}).get(path) ?? {};
  const hub = createServer();
  const cdn = createServer();
  const url = await listen(hub);
  const cdnUrl = await listen(cdn);

  function record(
    server: 'hub' | 'cdn',
    request: IncomingMessage,
    transfer: TransferRecord,
    filePath?: string,
  ) {
    recorded.add(request);
    const { authorization, range } = request.headers;
    requests.push({
      server,
      method: request.method ?? 'GET',
      url: request.url ?? '',
      authorization,
      range,
      ...transfer,
      filePath,
    });
  }

  const isAuthorized = (request: IncomingMessage) => request.headers.authorization === `Bearer ${token}`;

  async function sendFile(
    request: IncomingMessage,
    response: ServerResponse,
    server: 'hub' | 'cdn',
    entry: RepoEntry,
    path: string,
    headers: Record<string, string>,
  ) {
    const file = entry.files.get(path);
    if (!file) return json(response, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
    record(
      server,
      request,
      await serveContent(request, response, file.content, headers, faultsOf(path)),
      path,
    );
  }

  function findRepo(
    source: FakeHubRepo['source'],
    repo: string,
    revision: string | null,
    response: ServerResponse,
    request: IncomingMessage,
  ) {
    const entry = repos.get(`${source}:${repo}`);
    if (!entry) {
      json(
        response,
        404,
        {
          error: 'Repository not found',
          Code: 10010205001,
          Message: `model ${repo} not found`,
          Success: false,
        },
        { 'x-error-code': 'RepoNotFound' },
      );
      return undefined;
    }
    if (entry.config.isGated && !isAuthorized(request)) {
      json(
        response,
        401,
        {
          error: 'Access to this model is restricted',
          Code: 10010205002,
          Message: 'unauthorized',
          Success: false,
        },
        { 'x-error-code': 'GatedRepo' },
      );
      return undefined;
    }
    if (revision !== null && revision !== defaultBranch[source] && revision !== entry.commit) {
      json(
        response,
        404,
        { error: 'Invalid rev id', Code: 10010205003, Message: 'revision not found', Success: false },
        { 'x-error-code': 'RevisionNotFound' },
      );
      return undefined;
    }
    return entry;
  }

  async function handleHuggingFace(request: IncomingMessage, response: ServerResponse, path: string) {
    const info = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/?]+)/.exec(path);
    if (info) {
      const entry = findRepo(
        'huggingface',
        info[1] ?? '',
        decodeURIComponent(info[2] ?? ''),
        response,
        request,
      );
      if (!entry) return;
      const siblings = [...entry.files].map(([rfilename, file]) => ({
        rfilename,
        size: file.content.length,
        blobId: gitBlobSha1(file.content),
        ...(file.isLfs ? { lfs: { sha256: file.sha256, size: file.content.length, pointerSize: 134 } } : {}),
      }));
      return json(response, 200, {
        _id: 'fake',
        id: entry.config.repo,
        modelId: entry.config.repo,
        sha: entry.commit,
        private: false,
        gated: entry.config.isGated ? 'manual' : false,
        siblings,
      });
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (!resolve) return json(response, 404, { error: 'not found' });
    const entry = findRepo(
      'huggingface',
      resolve[1] ?? '',
      decodeURIComponent(resolve[2] ?? ''),
      response,
      request,
    );
    if (!entry) return;
    const filePath = (resolve[3] ?? '').split('/').map(decodeURIComponent).join('/');
    const file = entry.files.get(filePath);
    if (!file) return json(response, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
    const common = { 'x-repo-commit': entry.commit };
    if (!file.isLfs)
      return sendFile(request, response, 'hub', entry, filePath, {
        ...common,
        etag: `"${gitBlobSha1(file.content)}"`,
      });
    response
      .writeHead(302, {
        ...common,
        location: `${cdnUrl}/repos/${entry.config.repo}/${file.sha256}?file=${encodeURIComponent(filePath)}&signature=fake`,
        'x-linked-etag': `"${file.sha256}"`,
        'x-linked-size': String(file.content.length),
        etag: `"${file.sha256}"`,
      })
      .end();
    record('hub', request, { status: 302, bytesSent: 0 }, filePath);
  }

  async function handleModelScope(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    query: URLSearchParams,
  ) {
    const match = /^\/api\/v1\/models\/([^/]+)\/([^/]+)\/(revisions|repo\/files|repo)$/.exec(path);
    if (!match) return json(response, 404, { Code: 404, Message: 'no such API', Success: false });
    const repo = `${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`;
    const revision = match[3] === 'revisions' ? null : (query.get('Revision') ?? 'master');
    const entry = findRepo('modelscope', repo, revision, response, request);
    if (!entry) return;
    const envelope = (data: unknown) => ({
      Code: 200,
      Data: data,
      Message: 'success',
      RequestId: 'fake',
      Success: true,
    });
    if (match[3] === 'revisions') {
      const branch = { Revision: 'master', CommitId: entry.commit, CreatedBy: 'fake' };
      return json(response, 200, envelope({ RevisionMap: { Branches: [branch], Tags: [] } }));
    }
    if (match[3] === 'repo/files') {
      const folders = new Set(
        [...entry.files.keys()].flatMap((file) =>
          file.includes('/') ? [file.slice(0, file.lastIndexOf('/'))] : [],
        ),
      );
      const trees = [...folders].map((folder) => ({
        Name: folder.split('/').pop(),
        Path: folder,
        Type: 'tree',
        Size: 0,
        Sha256: '',
        Revision: entry.commit,
      }));
      const blobs = [...entry.files].map(([filePath, file]) => ({
        Name: filePath.split('/').pop(),
        Path: filePath,
        Type: 'blob',
        Size: file.content.length,
        Sha256: file.sha256,
        IsLFS: file.isLfs,
        Revision: entry.commit,
      }));
      return json(response, 200, envelope({ Files: [...trees, ...blobs] }));
    }
    return sendFile(request, response, 'hub', entry, query.get('FilePath') ?? '', {});
  }

  hub.on('request', (request, response) => {
    const parsed = new URL(request.url ?? '/', url);
    if (rateLimit.count > 0) {
      rateLimit.count -= 1;
      json(
        response,
        429,
        { error: 'Too many requests' },
        { 'retry-after': String(rateLimit.retryAfterSeconds) },
      );
      return record('hub', request, { status: 429, bytesSent: 0 });
    }
    const done = parsed.pathname.startsWith('/api/v1/')
      ? handleModelScope(request, response, parsed.pathname, parsed.searchParams)
      : handleHuggingFace(request, response, parsed.pathname);
    void done.then(() => {
      if (!recorded.has(request)) record('hub', request, { status: response.statusCode, bytesSent: 0 });
    });
  });

  cdn.on('request', (request, response) => {
    const parsed = new URL(request.url ?? '/', cdnUrl);
    const match = /^\/repos\/([^/]+\/[^/]+)\/[0-9a-f]{64}$/.exec(parsed.pathname);
    const entry = match ? repos.get(`huggingface:${match[1] ?? ''}`) : undefined;
    if (!entry) return json(response, 403, { error: 'bad signature' });
    void sendFile(request, response, 'cdn', entry, parsed.searchParams.get('file') ?? '', {});
  });

  return {
    url,
    cdnUrl,
    token,
    requests,
    bytesServed: (path) =>
      requests.filter((entry) => entry.filePath === path).reduce((sum, entry) => sum + entry.bytesSent, 0),
    cutNext: (path, afterBytes, times = 1) => void (faultsOf(path).cut = { afterBytes, times }),
    corruptNext: (path, times = 1) => void (faultsOf(path).corrupt = { times }),
    holdNext(path, afterBytes) {
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      gates.add(release);
      faultsOf(path).hold = { afterBytes, gate };
      return { release };
    },
    rateLimitNext: (count, retryAfterSeconds) => void (rateLimit = { count, retryAfterSeconds }),
    async close() {
      for (const release of gates) release();
      for (const server of [hub, cdn]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
