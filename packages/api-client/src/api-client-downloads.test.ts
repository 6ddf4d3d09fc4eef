import type { DownloadView, PullModelRequest } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';

const view: DownloadView = {
  id: 'dl-1',
  source: 'huggingface',
  repo: 'deepseek-ai/tiny',
  revision: 'main',
  commit: null,
  include: ['*Q4_K_M*.gguf'],
  quant: null,
  name: 'tiny',
  state: 'queued',
  bytesDone: 0,
  bytesTotal: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
  files: [],
  path: '/home/.hangar/models/huggingface/deepseek-ai/tiny/main',
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
};

describe('api client: downloads', () => {
  it('pulls, lists, gets and cancels downloads on the documented routes', async () => {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const client = createApiClient({
      baseUrl: 'http://h:1',
      token: 't',
      fetch: async (url, init) => {
        calls.push({
          method: init.method ?? 'GET',
          url,
          body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
        });
        if (init.method === 'DELETE') return new Response(null, { status: 204 });
        const body = url.endsWith('/api/downloads') ? { data: [view] } : view;
        return new Response(JSON.stringify(body), { status: init.method === 'POST' ? 202 : 200 });
      },
    });
    const request: PullModelRequest = {
      source: 'huggingface',
      repo: 'deepseek-ai/tiny',
      include: ['*Q4_K_M*.gguf'],
      name: 'tiny',
    };
    expect(await client.pullModel(request)).toEqual(view);
    expect(await client.listDownloads()).toEqual([view]);
    expect(await client.getDownload('dl/1')).toEqual(view);
    expect(await client.cancelDownload('dl-1')).toBeUndefined();
    expect(calls).toEqual([
      { method: 'POST', url: 'http://h:1/api/models/pull', body: request },
      { method: 'GET', url: 'http://h:1/api/downloads', body: undefined },
      { method: 'GET', url: 'http://h:1/api/downloads/dl%2F1', body: undefined },
      { method: 'DELETE', url: 'http://h:1/api/downloads/dl-1', body: undefined },
    ]);
  });
});
