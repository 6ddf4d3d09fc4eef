/**
 * Routing quality: three simulator engines (packages/engine-simulator: TTFT shrinks with the share of the prompt
 * found in its prefix cache; KV capacity bounds running sequences) behind the gateway with each policy in turn,
 * on a workload of 12 shared system prompts (~1,000 tokens each) with distinct user questions. Each instance's
 * prefix cache holds about 6 system prompts: all 12 fit only when each instance sees a third of them.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { systemClock, type ModelRoute, type RoutingPolicy } from '@hangar/core';
import { startSimulator, type SimulatorHandle } from '@hangar/engine-simulator';
import { createGateway } from '@hangar/gateway';
import { median, quantile } from './load.js';

const POLICIES: RoutingPolicy[] = ['round-robin', 'least-outstanding', 'prefix-affinity'];
const SYSTEM_PROMPTS = 12;
const REQUESTS = 480;
const CONCURRENCY = 12;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const silentLogger = { info() {}, warn() {}, error() {}, child: () => silentLogger };

async function measure(policy: RoutingPolicy) {
  const engines: SimulatorHandle[] = [];
  for (let index = 0; index < 3; index++) {
    const engine = await startSimulator({
      modelName: 'sim',
      ttftMs: 200,
      tokenMs: 5,
      outputTokens: 16,
      kvCapacityTokens: 6_144,
      seed: index,
    });
    await engine.ready;
    engines.push(engine);
  }
  const route: ModelRoute = {
    model: 'sim',
    deploymentId: 'd',
    createdAt: 0,
    policy,
    upstreams: engines.map((engine, index) => ({
      instanceId: `i${index}`,
      deploymentId: 'd',
      baseUrl: engine.url,
      needsReasoningSplit: false,
    })),
  };
  const random = seeded(1);
  const gateway = createGateway({
    directory: { resolve: () => route, list: () => [route] },
    authenticator: { authenticate: () => ({ userId: 'u', username: 'u', keyId: null }) },
    usage: { record() {} },
    logger: silentLogger,
    clock: systemClock,
    random: { next: random },
    accessLog: false,
  });
  const server = createServer((request, response) => void gateway.handle(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
    connections: CONCURRENCY,
  });
  const prompts = Array.from({ length: SYSTEM_PROMPTS }, (_, index) =>
    Array.from({ length: 250 }, (_, word) => `s${index}w${word}`.padEnd(16, '.')).join(''),
  );
  const pick = seeded(7);
  const ttfts: number[] = [];
  let sent = 0;
  const startedAt = performance.now();
  const worker = async (): Promise<void> => {
    while (sent < REQUESTS) {
      const number = sent++;
      const system = prompts[Math.floor(pick() * SYSTEM_PROMPTS)] as string;
      const body = JSON.stringify({
        model: 'sim',
        stream: true,
        max_tokens: 16,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: `Question number ${number}: what is ${number} squared?` },
        ],
      });
      const begin = performance.now();
      const response = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
        body,
      });
      let first = -1;
      for await (const chunk of response.body) {
        if (first < 0 && String(chunk).includes('"content"')) first = performance.now() - begin;
      }
      ttfts.push(first);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - startedAt) / 1000;
  await pool.close();
  await gateway.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const engine of engines) await engine.close();
  return {
    policy,
    ttftP50: median(ttfts),
    ttftP90: quantile(ttfts, 0.9),
    requestsPerSecond: REQUESTS / seconds,
  };
}

/** Runs every policy on fresh engines (cold caches) and returns a markdown table. */
export async function runRoutingQuality(): Promise<string> {
  const lines = [
    `# Routing quality (${REQUESTS} streamed requests, ${CONCURRENCY} at once, ${SYSTEM_PROMPTS} shared system prompts, 3 simulator engines, 200 ms uncached TTFT)`,
    '',
    '| policy | TTFT p50 (ms) | TTFT p90 (ms) | requests/s |',
    '| --- | --- | --- | --- |',
  ];
  for (const policy of POLICIES) {
    const result = await measure(policy);
    lines.push(
      `| ${policy} | ${result.ttftP50.toFixed(0)} | ${result.ttftP90.toFixed(0)} | ${result.requestsPerSecond.toFixed(1)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
