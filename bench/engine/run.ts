/**
 * Embedded engine vs llama.cpp's llama-server: aggregate greedy decode throughput at 1 and 4 streams, same GGUF,
 * threads, machine and client, targets alternating round by round. See bench/README.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { writeSmolShapeGguf } from '@hangar/testing';
import { cpuSnapshot, foreignCpuPercent } from './cpu-monitor.js';
import { readEngineNativeBuild } from './engine-build.js';
import { ensureLlamaServer } from './llama-server-build.js';
import { measureStreams } from './measure.js';
import type { Measurement } from './measure.js';
import { markdownReport, summarizeMeasurements } from './report.js';
import { startTarget } from './server-process.js';
import type { RunningTarget, TargetSpec } from './server-process.js';
import { enginePrebuiltTarget, engineTarget, llamaServerTarget, naiveTarget } from './targets.js';
import type { SharedSettings } from './targets.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to bench/dist/engine/run.js; the repository root is three levels up either way.
const repoRoot = resolve(here, here.includes(`${join('bench', 'dist')}`) ? '../../..' : '../..');
const resultsDir = join(repoRoot, 'bench', 'results');
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'llama-server,engine' },
    streams: { type: 'string', default: '1,4' },
    rounds: { type: 'string', default: '5' },
    tokens: { type: 'string', default: '64' },
    threads: { type: 'string', default: '2' },
    context: { type: 'string', default: '512' },
    'flash-attention': { type: 'string', default: 'on' },
    'batch-size': { type: 'string', default: '512' },
    model: { type: 'string' },
    'max-other-cpu': { type: 'string', default: '10' },
  },
});

async function main(): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const streamCounts = values.streams.split(',').map(Number);
  const modelPath = values.model ?? (await smolShapeModel());
  const settings: SharedSettings = {
    modelPath,
    threads: Number(values.threads),
    parallel: Math.max(...streamCounts),
    contextPerSequence: Number(values.context),
    flashAttention: values['flash-attention'] === 'off' ? 'off' : 'on',
    batchSize: Number(values['batch-size']),
  };
  const specs = await targetSpecs(values.targets.split(','), settings);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const running: RunningTarget[] = [];
  const measurements: Measurement[] = [];
  const engineBinaries: string[] = [];
  // Ctrl-C or a kill must not leave servers behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.all(running.map((target) => target.close())).finally(() => process.exit(130));
    });
  }
  try {
    for (const spec of specs) {
      log(`starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}`);
      const logPath = join(resultsDir, `${stamp}-${spec.name}.log`);
      running.push(await startTarget(spec, logPath, 300_000));
      if (spec.name.startsWith('engine')) {
        const binary = await readEngineNativeBuild(logPath);
        engineBinaries.push(`${spec.name}: ${binary}`);
        log(`${spec.name} binary: ${binary}`);
      }
    }
    const rounds = Number(values.rounds);
    for (let round = 0; round <= rounds; round++) {
      // Round 0 warms every target up (and is not recorded); the order of targets rotates each round.
      const order = running.map((_, index) => running[(index + round) % running.length]!);
      for (const streams of streamCounts) {
        for (const target of order) {
          const measurement = await measureOnce(
            target,
            streams,
            round,
            running.map((other) => other.pid),
          );
          if (round > 0) measurements.push(measurement);
          log(
            `${round === 0 ? 'warm-up' : `round ${round}`} ${target.spec.name} x${streams}: ` +
              `${measurement.tokensPerSecond.toFixed(1)} tok/s ${measurement.warnings.join('; ')}`,
          );
        }
      }
    }
  } finally {
    await Promise.all(running.map((target) => target.close()));
  }
  // Ratios are against llama-server; without it, against the first target listed.
  const baseline = specs.some((spec) => spec.name === 'llama-server') ? 'llama-server' : specs[0]!.name;
  const rows = summarizeMeasurements(measurements, baseline);
  const report = markdownReport(rows, {
    date: new Date().toISOString(),
    'ratio baseline': baseline,
    model: modelPath,
    threads: settings.threads,
    'engine binary': engineBinaries.join('; ') || 'not measured',
    'parallel sequences': settings.parallel,
    'context per sequence': settings.contextPerSequence,
    'flash attention': settings.flashAttention,
    'batch size': settings.batchSize,
    'tokens per request': Number(values.tokens),
    rounds: Number(values.rounds),
    'max other CPU %': Number(values['max-other-cpu']),
  });
  await writeFile(
    join(resultsDir, `engine-${stamp}.json`),
    JSON.stringify({ settings, engineBinaries, rows, measurements }, null, 2),
  );
  await writeFile(join(resultsDir, `engine-${stamp}.md`), report);
  process.stdout.write(report);
}

/**
 * Measures once; when other processes took more than `--max-other-cpu` % of the machine meanwhile, waits for
 * a quiet second and measures again (up to 8 tries, then keeps the last figure, flagged in the report).
 */
async function measureOnce(
  target: RunningTarget,
  streams: number,
  round: number,
  ownPids: readonly number[],
): Promise<Measurement> {
  const maxOther = Number(values['max-other-cpu']);
  let measurement: Measurement | undefined;
  for (let attempt = 1; attempt <= 8; attempt++) {
    await waitForQuiet(ownPids, maxOther);
    const before = await cpuSnapshot(ownPids, now);
    measurement = await measureStreamsOf(target, streams, round);
    measurement.foreignCpuPercent = foreignCpuPercent(before, await cpuSnapshot(ownPids, now), cpus().length);
    if (measurement.foreignCpuPercent === null || measurement.foreignCpuPercent <= maxOther)
      return measurement;
    log(
      `${target.spec.name} x${streams}: other processes took ${measurement.foreignCpuPercent.toFixed(0)}% CPU, again`,
    );
  }
  return measurement!;
}

async function waitForQuiet(ownPids: readonly number[], maxOther: number): Promise<void> {
  const deadline = now() + 120_000;
  while (now() < deadline) {
    const before = await cpuSnapshot(ownPids, now);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const other = foreignCpuPercent(before, await cpuSnapshot(ownPids, now), cpus().length);
    if (other === null || other <= maxOther) return;
  }
}

const now = (): number => performance.now();

function measureStreamsOf(target: RunningTarget, streams: number, round: number): Promise<Measurement> {
  return measureStreams({
    target: target.spec.name,
    baseUrl: target.baseUrl,
    model: target.spec.model,
    streams,
    maxTokens: Number(values.tokens),
    round,
    now,
  });
}

async function smolShapeModel(): Promise<string> {
  const path = join(resultsDir, 'smol-shape-q8_0.gguf');
  if (!existsSync(path)) {
    log(`writing ${path}`);
    await writeSmolShapeGguf(path);
  }
  return path;
}

async function targetSpecs(names: string[], settings: SharedSettings): Promise<TargetSpec[]> {
  const specs: TargetSpec[] = [];
  for (const [index, name] of names.entries()) {
    const port = 18_400 + index;
    if (name === 'llama-server') {
      const binary = await ensureLlamaServer(
        { repoRoot, buildRoot: join(repoRoot, 'vendor', 'llama.cpp-build') },
        log,
      );
      specs.push(llamaServerTarget(binary, settings, port));
    } else if (name === 'engine' || name === 'engine-prebuilt') {
      const mainJs = join(repoRoot, 'packages/engine-llama/dist/main.js');
      if (!existsSync(mainJs))
        throw new Error(`${mainJs} is missing: build it with npx tsc -b packages/engine-llama`);
      const target = name === 'engine' ? engineTarget : enginePrebuiltTarget;
      specs.push(target(mainJs, settings, port));
    } else if (name === 'node-llama-cpp') {
      specs.push(naiveTarget(join(here, 'naive-server.js'), settings, port));
    } else {
      throw new Error(`unknown target ${name} (llama-server, engine, engine-prebuilt, node-llama-cpp)`);
    }
  }
  return specs;
}

await main();
