import { parseArgs } from 'node:util';

/** How the simulator renders reasoning (DeepSeek-R1 style). */
export const REASONING_MODES = ['none', 'tags', 'tags-open-in-prompt', 'field'] as const;
/**
 * - `none`: plain answers.
 * - `tags`: `<think>…</think>` left in `content` (an engine without a reasoning parser: the gateway must split).
 * - `tags-open-in-prompt`: like `tags` but without the opening tag (R1 templates put `<think>` in the prompt).
 * - `field`: reasoning in `reasoning_content` (vLLM/SGLang with `--reasoning-parser`).
 */
export type ReasoningMode = (typeof REASONING_MODES)[number];

/** Failure modes: what goes wrong, on purpose. */
export const FAIL_MODES = [
  'none',
  'oom',
  'nccl',
  'missing-weights',
  'die-mid-stream',
  'never-ready',
] as const;
/**
 * - `oom` / `nccl` / `missing-weights`: after the startup delay, print the line a real engine prints, then exit 1.
 * - `die-mid-stream`: request number `crashAfter + 1` dies half-way through its tokens (the process exits).
 * - `never-ready`: `/health` answers 503 forever.
 */
export type FailMode = (typeof FAIL_MODES)[number];

/** Everything a simulator instance does; the argv of `dist/main.js` maps 1:1 onto it. */
export interface SimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  modelName: string;
  /** Time to first token for a prompt with no prefix-cache hit. */
  ttftMs: number;
  /** Delay between two streamed tokens. */
  tokenMs: number;
  /** KV cache size in tokens: running sequences hold prompt + output tokens; beyond it requests wait. */
  kvCapacityTokens: number;
  /** Sequences decoded at once (`--max-num-seqs`); beyond it requests wait. */
  maxNumSeqs: number;
  /** Prompt + completion tokens one request may use (`--max-model-len`). */
  maxModelLen: number;
  /** `/health` answers 503 for this long after start. */
  startupDelayMs: number;
  /** Exit after serving this many requests (null: never). */
  crashAfter: number | null;
  failMode: FailMode;
  reasoning: ReasoningMode;
  /** Prefix caching on: prompts sharing 16-token blocks with earlier prompts get a shorter TTFT. */
  prefixCaching: boolean;
  /** Mixed into every request's seed: two simulators with different seeds say different things. */
  seed: number;
  /** Tokens a request generates when `max_tokens` does not stop it first. */
  outputTokens: number;
  embeddingDimensions: number;
  /** Also expose pre-0.9 vLLM names (`vllm:gpu_cache_usage_perc`, `vllm:time_per_output_token_seconds`). */
  legacyMetricNames: boolean;
}

export const defaultSimulatorOptions: SimulatorOptions = {
  port: 0,
  host: '127.0.0.1',
  modelName: 'simulated-model',
  ttftMs: 20,
  tokenMs: 5,
  kvCapacityTokens: 65_536,
  maxNumSeqs: 256,
  maxModelLen: 8192,
  startupDelayMs: 0,
  crashAfter: null,
  failMode: 'none',
  reasoning: 'none',
  prefixCaching: true,
  seed: 0,
  outputTokens: 16,
  embeddingDimensions: 32,
  legacyMetricNames: false,
};

export type ParseSimulatorArgsResult =
  { ok: true; options: SimulatorOptions } | { ok: false; message: string };

const usage =
  'usage: main.js --port <n> --model-name <name> [--host 127.0.0.1] [--ttft-ms 20] [--token-ms 5] ' +
  '[--kv-capacity-tokens 65536] [--max-num-seqs 256] [--max-model-len 8192] [--startup-delay-ms 0] ' +
  `[--crash-after <n>] [--fail-mode ${FAIL_MODES.join('|')}] [--reasoning ${REASONING_MODES.join('|')}] ` +
  '[--no-prefix-caching] [--seed 0] [--output-tokens 16] [--embedding-dimensions 32] [--legacy-metric-names]';

const integerFlags = {
  port: 'port',
  'ttft-ms': 'ttftMs',
  'token-ms': 'tokenMs',
  'kv-capacity-tokens': 'kvCapacityTokens',
  'max-num-seqs': 'maxNumSeqs',
  'max-model-len': 'maxModelLen',
  'startup-delay-ms': 'startupDelayMs',
  seed: 'seed',
  'output-tokens': 'outputTokens',
  'embedding-dimensions': 'embeddingDimensions',
} as const satisfies Record<string, keyof SimulatorOptions>;

/** Parses the simulator's argv (without `node main.js`); never throws. */
export function parseSimulatorArgs(argv: readonly string[]): ParseSimulatorArgsResult {
  const stringOptions = Object.fromEntries(
    [...Object.keys(integerFlags), 'host', 'model-name', 'crash-after', 'fail-mode', 'reasoning'].map(
      (name) => [name, { type: 'string' as const }],
    ),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...stringOptions,
        'no-prefix-caching': { type: 'boolean' },
        'legacy-metric-names': { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : String(error)}\n${usage}` };
  }
  const problems: string[] = [];
  const options: SimulatorOptions = { ...defaultSimulatorOptions };
  for (const [flag, key] of Object.entries(integerFlags)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0)
      problems.push(`--${flag} must be an integer >= 0 (got "${raw}")`);
    else options[key] = value;
  }
  if (typeof values['host'] === 'string') options.host = values['host'];
  if (typeof values['model-name'] === 'string') options.modelName = values['model-name'];
  const crashAfter = values['crash-after'];
  if (typeof crashAfter === 'string') {
    const value = Number(crashAfter);
    if (!Number.isInteger(value) || value < 0)
      problems.push(`--crash-after must be an integer >= 0 (got "${crashAfter}")`);
    else options.crashAfter = value;
  }
  const failMode = values['fail-mode'];
  if (typeof failMode === 'string') {
    if (isOneOf(FAIL_MODES, failMode)) options.failMode = failMode;
    else problems.push(`--fail-mode must be one of ${FAIL_MODES.join(', ')} (got "${failMode}")`);
  }
  const reasoning = values['reasoning'];
  if (typeof reasoning === 'string') {
    if (isOneOf(REASONING_MODES, reasoning)) options.reasoning = reasoning;
    else problems.push(`--reasoning must be one of ${REASONING_MODES.join(', ')} (got "${reasoning}")`);
  }
  options.prefixCaching = values['no-prefix-caching'] !== true;
  options.legacyMetricNames = values['legacy-metric-names'] === true;
  if (options.port > 65535) problems.push(`--port must be <= 65535 (got ${options.port})`);
  if (options.maxNumSeqs < 1) problems.push('--max-num-seqs must be >= 1');
  if (problems.length > 0) return { ok: false, message: `${problems.join('\n')}\n${usage}` };
  return { ok: true, options };
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
