import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createMetricsRegistry } from '@hangar/observability';
import { createGatewayMetrics } from './gateway-metrics.js';

const PROMETHEUS = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find((path) => existsSync(path));
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function queryUntilFound(baseUrl: string, query: string, timeoutMs: number): Promise<unknown[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
      if (response.ok) {
        const body = (await response.json()) as { data?: { result?: unknown[] } };
        const result = body.data?.result ?? [];
        if (result.length > 0) return result;
      }
    } catch {
      // Prometheus is still starting.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return [];
}

// Debian's `prometheus` package; CI installs it (.ci/run). Without the binary there is nothing to scrape with.
it.skipIf(PROMETHEUS === undefined)(
  'Prometheus scrapes the gateway metrics and answers a query for them',
  async () => {
    const registry = createMetricsRegistry({ collectDefaults: false });
    const metrics = createGatewayMetrics(registry);
    metrics.requestFinished({
      requestId: 'r',
      at: 0,
      userId: 'u',
      keyId: 'k',
      model: 'deepseek-r1',
      deploymentId: 'd',
      instanceId: 'i',
      endpoint: '/v1/chat/completions',
      promptTokens: 12,
      completionTokens: 34,
      reasoningTokens: 0,
      status: 200,
      errorCode: null,
      timeToFirstTokenMs: 20,
      durationMs: 200,
      isStream: true,
      attempts: 1,
      routedModel: 'deepseek-r1',
      fallbackFrom: null,
    });
    const server: Server = createServer((request, response) => {
      void registry.metrics().then((text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(text);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;

    const home = await mkdtemp(join(tmpdir(), 'hangar-prometheus-'));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const config = [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: hangar',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n');
    await writeFile(join(home, 'prometheus.yml'), config);
    const port = await freePort();
    const prometheus: ChildProcess = spawn(
      PROMETHEUS as string,
      [
        `--config.file=${join(home, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(home, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    cleanups.push(async () => {
      if (prometheus.exitCode === null) {
        prometheus.kill('SIGTERM');
        await once(prometheus, 'exit');
      }
    });

    const result = await queryUntilFound(
      `http://127.0.0.1:${port}`,
      'hangar_gateway_tokens_total{type="output"}',
      30_000,
    );
    expect(result).toEqual([
      expect.objectContaining({
        metric: expect.objectContaining({ model: 'deepseek-r1', type: 'output', job: 'hangar' }),
        value: [expect.any(Number), '34'],
      }),
    ]);
  },
  45_000,
);
