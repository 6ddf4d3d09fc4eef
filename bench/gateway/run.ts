/**
 * `npm run bench:gateway`: added latency, max requests/s, streamed TTFT and memory of Hangar's gateway against
 * direct access, a bare Node proxy (node-floor.ts), nginx and Portkey's gateway, measured side by side in
 * alternating rounds; then 1,000 concurrent streams through the gateway; then the routing-quality comparison
 * (see routing-quality.ts).
 * Options: --rounds N (3), --requests N (2000, at concurrency 1), --seconds S (3, at concurrency 64),
 * --portkey DIR (/tmp/portkey), --client wrk|node (wrk when installed: the load generator at concurrency 64),
 * --skip-routing.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, quantile, runLoad, type LoadTarget } from './load.js';
import {
  signalTree,
  startNginx,
  startNodeServer,
  startPortkey,
  treeCpuMs,
  treeRssBytes,
  type Started,
} from './processes.js';
import { runRoutingQuality } from './routing-quality.js';
import { findWrk, runWrk } from './wrk.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
};
const rounds = Number(option('rounds', '3'));
const requestsAtOne = Number(option('requests', '2000'));
const secondsAt64 = Number(option('seconds', '3'));
const portkeyDir = option('portkey', '/tmp/portkey');
const wrk = option('client', 'wrk') === 'wrk' ? findWrk() : undefined;
const loadGenerator = wrk === undefined ? 'the Node client (bench/gateway/load.ts)' : 'wrk (one thread)';
const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, '../../results');
const out = (line = ''): boolean => process.stdout.write(`${line}\n`);

interface Sample {
  p50At1: number;
  p99At1: number;
  p50At64: number;
  p99At64: number;
  rps: number;
  /** CPU time of the target's process tree per request at concurrency 64 (µs). */
  cpuUsPerRequest: number;
  ttftP50: number;
  rssMiB: number;
  errors: number;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hangar-bench-gateway-'));
  const started: Started[] = [];
  const notes: string[] = [];
  try {
    const responder = await startNodeServer('responder', join(here, 'responder.js'), []);
    started.push(responder);
    const upstreamPort = Number(new URL(responder.baseUrl).port);
    const gateway = await startNodeServer('hangar', join(here, 'gateway-process.js'), [
      '--upstream',
      responder.baseUrl,
      '--log',
      join(dir, 'access.log'),
    ]);
    started.push(gateway);
    const targets: (LoadTarget & { pid: number | undefined })[] = [
      { name: 'direct', baseUrl: responder.baseUrl, headers: {}, pid: responder.child.pid },
      {
        name: 'hangar',
        baseUrl: gateway.baseUrl,
        headers: { authorization: 'Bearer hk-bench' },
        pid: gateway.child.pid,
      },
    ];
    const floor = await startNodeServer('node-floor', join(here, 'node-floor.js'), [
      '--upstream',
      responder.baseUrl,
    ]);
    started.push(floor);
    targets.push({ name: 'node-floor', baseUrl: floor.baseUrl, headers: {}, pid: floor.child.pid });
    const nginx = await startNginx(dir, upstreamPort);
    if (typeof nginx === 'string') notes.push(nginx);
    else {
      started.push(nginx);
      targets.push({ name: 'nginx', baseUrl: nginx.baseUrl, headers: {}, pid: nginx.child.pid });
    }
    const portkey = await startPortkey(portkeyDir);
    if (typeof portkey === 'string') notes.push(portkey);
    else {
      started.push(portkey);
      targets.push({
        name: 'portkey',
        baseUrl: portkey.baseUrl,
        headers: {
          authorization: 'Bearer sk-bench',
          'x-portkey-provider': 'openai',
          'x-portkey-custom-host': `${responder.baseUrl}/v1`,
        },
        pid: portkey.child.pid,
      });
    }
    for (const target of targets) {
      const check = await runLoad(target, { concurrency: 1, requests: 3, isStream: false });
      if (check.errors > 0) throw new Error(`${target.name} answers errors: check its configuration`);
      // Warm-up to a steady state: one full load at 64 and one at concurrency 1, so that a JIT-compiled
      // target (the Node ones) is measured with its hot code optimised, as it runs in production.
      await loadAt64(target, dir);
      await runLoad(target, { concurrency: 1, requests: requestsAtOne, isStream: false });
      await runLoad(target, { concurrency: 8, requests: 200, isStream: true });
    }

    const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < rounds; round++) {
      const order = targets.map(
        (_, index) => targets[(index + round) % targets.length] as (typeof targets)[number],
      );
      for (const target of order) {
        // Only the target measured, and the responder every target needs, may run.
        const paused = targets.filter(
          (other) => other !== target && other.pid !== undefined && other.pid !== responder.child.pid,
        );
        for (const other of paused) signalTree(other.pid as number, 'SIGSTOP');
        // Dirty pages (the access log of a previous load at 64: tens of MB) are written back now, not in the
        // middle of this target's measurement.
        spawnSync('sync');
        let one: Awaited<ReturnType<typeof runLoad>>;
        let many: Awaited<ReturnType<typeof loadAt64>>;
        let stream: Awaited<ReturnType<typeof runLoad>>;
        let cpuUsPerRequest: number;
        let rssMiB: number;
        try {
          one = await runLoad(target, { concurrency: 1, requests: requestsAtOne, isStream: false });
          const cpuBefore = treeCpuMs(target.pid ?? 0);
          many = await loadAt64(target, dir);
          cpuUsPerRequest =
            ((treeCpuMs(target.pid ?? 0) - cpuBefore) * 1000) /
            Math.max(1, many.requestsPerSecond * secondsAt64);
          rssMiB = treeRssBytes(target.pid ?? 0) / 2 ** 20;
          stream = await runLoad(target, { concurrency: 1, requests: 300, isStream: true });
        } finally {
          for (const other of paused) signalTree(other.pid as number, 'SIGCONT');
        }
        samples.get(target.name)?.push({
          p50At1: median(one.latenciesMs),
          p99At1: quantile(one.latenciesMs, 0.99),
          p50At64: many.p50Ms,
          p99At64: many.p99Ms,
          rps: many.requestsPerSecond,
          cpuUsPerRequest,
          ttftP50: median(stream.firstByteMs),
          rssMiB,
          errors: one.errors + many.errors + stream.errors,
        });
        out(`round ${round + 1}/${rounds} ${target.name}: ${many.requestsPerSecond.toFixed(0)} req/s at 64`);
      }
    }
    const streams = await thousandStreams(gateway.baseUrl, dir, started);
    const report = reportOf(
      samples,
      targets.map((target) => target.name),
      streams,
      notes,
    );
    out(report);
    await mkdir(resultsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await writeFile(join(resultsDir, `gateway-${stamp}.md`), report);
    await writeFile(
      join(resultsDir, `gateway-${stamp}.json`),
      JSON.stringify({ samples: Object.fromEntries(samples), streams, notes }, null, 2),
    );
  } finally {
    for (const process of started.reverse()) await process.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (!args.includes('--skip-routing')) out(await runRoutingQuality());
}

/** Concurrency 64 for `--seconds`: wrk when installed, else the Node client. */
async function loadAt64(target: LoadTarget, dir: string) {
  const durationMs = secondsAt64 * 1000;
  if (wrk !== undefined) return runWrk(wrk, target, { concurrency: 64, durationMs, dir });
  const result = await runLoad(target, { concurrency: 64, durationMs, isStream: false });
  return {
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: median(result.latenciesMs),
    p99Ms: quantile(result.latenciesMs, 0.99),
    errors: result.errors,
  };
}

/** 1,000 streams at once through the gateway to a responder that streams 20 chunks 50 ms apart. */
async function thousandStreams(_unused: string, dir: string, started: Started[]) {
  const slow = await startNodeServer('slow-responder', join(here, 'responder.js'), [
    '--chunks',
    '20',
    '--chunk-delay-ms',
    '50',
  ]);
  started.push(slow);
  const gateway = await startNodeServer('hangar-streams', join(here, 'gateway-process.js'), [
    '--upstream',
    slow.baseUrl,
    '--log',
    join(dir, 'access-streams.log'),
  ]);
  started.push(gateway);
  const target = { name: 'hangar', baseUrl: gateway.baseUrl, headers: { authorization: 'Bearer hk-bench' } };
  const result = await runLoad(target, { concurrency: 1_000, requests: 1_000, isStream: true });
  return {
    streams: 1_000,
    completed: result.latenciesMs.length - result.errors,
    errors: result.errors,
    durationP50Ms: median(result.latenciesMs),
    durationMaxMs: Math.max(...result.latenciesMs),
    maxGapMs: result.maxGapMs,
    gatewayRssMiB: treeRssBytes(gateway.child.pid ?? 0) / 2 ** 20,
  };
}

function spread(values: number[], digits: number): string {
  const sorted = [...values].sort((left, right) => left - right);
  return `${median(sorted).toFixed(digits)} (${(sorted[0] ?? 0).toFixed(digits)}–${(sorted.at(-1) ?? 0).toFixed(digits)})`;
}

function reportOf(
  samples: Map<string, Sample[]>,
  names: string[],
  streams: Awaited<ReturnType<typeof thousandStreams>>,
  notes: string[],
): string {
  const direct = samples.get('direct') ?? [];
  const added = (name: string, pick: (sample: Sample) => number): number[] =>
    (samples.get(name) ?? []).map((sample, round) => pick(sample) - pick(direct[round] as Sample));
  const lines = [
    `# Gateway benchmark (${rounds} rounds, medians with min–max over rounds)`,
    '',
    `Concurrency 1 and streams: the Node client; concurrency 64: ${loadGenerator}.`,
    '',
    '| target | added p50 @1 (ms) | added p99 @1 (ms) | added p50 @64 (ms) | added p99 @64 (ms) | req/s @64 | CPU µs/request @64 | added stream first byte p50 (ms) | RSS after load (MiB) | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const name of names) {
    const list = samples.get(name) ?? [];
    const cells = [
      spread(
        added(name, (s) => s.p50At1),
        3,
      ),
      spread(
        added(name, (s) => s.p99At1),
        3,
      ),
      spread(
        added(name, (s) => s.p50At64),
        2,
      ),
      spread(
        added(name, (s) => s.p99At64),
        2,
      ),
      spread(
        list.map((s) => s.rps),
        0,
      ),
      spread(
        list.map((s) => s.cpuUsPerRequest),
        0,
      ),
      spread(
        added(name, (s) => s.ttftP50),
        3,
      ),
      spread(
        list.map((s) => s.rssMiB),
        0,
      ),
      String(list.reduce((sum, s) => sum + s.errors, 0)),
    ];
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  const ratio = (over: string, of = 'hangar'): string => {
    const target = samples.get(of) ?? [];
    const peer = samples.get(over);
    if (peer === undefined) return 'not measured';
    return spread(
      target.map((sample, round) => sample.rps / (peer[round] as Sample).rps),
      2,
    );
  };
  lines.push(
    '',
    `Max req/s ratio hangar / nginx (per round): ${ratio('nginx')} (target >= 0.7)`,
    `Max req/s ratio hangar / portkey (per round): ${ratio('portkey')} (target >= 3)`,
    `Max req/s ratio node-floor / nginx (per round): ${ratio('nginx', 'node-floor')} ` +
      '(node:http and the upstream client with no gateway work: where a Node gateway starts)',
    '',
    `1,000 concurrent streams through hangar (20 chunks, 50 ms apart): ${streams.completed} completed, ` +
      `${streams.errors} errors, duration p50 ${streams.durationP50Ms.toFixed(0)} ms, max ${streams.durationMaxMs.toFixed(0)} ms, ` +
      `longest gap between chunks ${streams.maxGapMs.toFixed(0)} ms, gateway RSS ${streams.gatewayRssMiB.toFixed(0)} MiB`,
  );
  for (const note of notes) lines.push('', `Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

await main();
