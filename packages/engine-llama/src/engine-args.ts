import { basename } from 'node:path';
import { parseArgs } from 'node:util';

/** Chat templates the engine can fall back to when a GGUF carries none. */
export const fallbackChatTemplates = ['chatml', 'llama2', 'llama3', 'general', 'deepseek'] as const;
export type FallbackChatTemplate = (typeof fallbackChatTemplates)[number];

/** Flash attention setting: `auto` lets llama.cpp decide per model and device. */
export type FlashAttentionMode = 'on' | 'off' | 'auto';

/** Everything one embedded-engine process needs; the argv of `dist/main.js` maps 1:1 onto it. */
export interface EngineOptions {
  /** Path of the GGUF file. */
  modelPath: string;
  /** TCP port to listen on; 0 picks a free one. */
  port: number;
  host: string;
  /** CPU threads for generation and embeddings (never left to node-llama-cpp's default). */
  threads: number;
  /** Sequences decoded together (continuous batching); requests beyond it wait. */
  parallel: number;
  /** Context tokens per sequence (prompt + completion of one request). */
  contextTokens: number;
  /** The model name clients send in `model`. */
  modelName: string;
  /** Template used when the GGUF has no chat template of its own. */
  fallbackChatTemplate: FallbackChatTemplate;
  flashAttention: FlashAttentionMode;
  /** Tokens per decode call (prompt evaluation is chunked by it). */
  batchSize: number;
}

export const defaultEngineOptions = {
  host: '127.0.0.1',
  threads: 1,
  parallel: 1,
  contextTokens: 2048,
  fallbackChatTemplate: 'chatml',
  flashAttention: 'on',
  batchSize: 512,
} as const satisfies Partial<EngineOptions>;

export type ParseEngineArgsResult = { ok: true; options: EngineOptions } | { ok: false; message: string };

const usage =
  'usage: main.js --model <path.gguf> --port <n> [--host 127.0.0.1] [--threads <n>] [--parallel <n>] ' +
  '[--context <tokens per sequence>] [--model-name <name>] [--fallback-chat-template ' +
  `${fallbackChatTemplates.join('|')}] [--flash-attention on|off|auto] [--batch-size <n>]`;

/** Parses the engine's argv (without `node main.js`); never throws. */
export function parseEngineArgs(argv: readonly string[]): ParseEngineArgsResult {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        threads: { type: 'string' },
        parallel: { type: 'string' },
        context: { type: 'string' },
        'model-name': { type: 'string' },
        'fallback-chat-template': { type: 'string' },
        'flash-attention': { type: 'string' },
        'batch-size': { type: 'string' },
      },
    }).values;
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : String(error)}\n${usage}` };
  }
  const problems: string[] = [];
  const integer = (
    name: string,
    raw: string | undefined,
    fallback: number | undefined,
    min: number,
  ): number => {
    if (raw === undefined) {
      if (fallback === undefined) problems.push(`--${name} is required`);
      return fallback ?? 0;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      problems.push(`--${name} must be an integer >= ${min} (got "${raw}")`);
    return value;
  };
  const modelPath = values.model ?? '';
  if (modelPath === '') problems.push('--model is required');
  const port = integer('port', values.port, undefined, 0);
  if (port > 65535) problems.push(`--port must be <= 65535 (got ${port})`);
  const template = values['fallback-chat-template'] ?? defaultEngineOptions.fallbackChatTemplate;
  if (!isFallbackChatTemplate(template)) {
    problems.push(
      `--fallback-chat-template must be one of ${fallbackChatTemplates.join(', ')} (got "${template}")`,
    );
  }
  const flashAttention = values['flash-attention'] ?? defaultEngineOptions.flashAttention;
  if (flashAttention !== 'on' && flashAttention !== 'off' && flashAttention !== 'auto') {
    problems.push(`--flash-attention must be on, off or auto (got "${flashAttention}")`);
  }
  const options: EngineOptions = {
    modelPath,
    port,
    host: values.host ?? defaultEngineOptions.host,
    threads: integer('threads', values.threads, defaultEngineOptions.threads, 1),
    parallel: integer('parallel', values.parallel, defaultEngineOptions.parallel, 1),
    contextTokens: integer('context', values.context, defaultEngineOptions.contextTokens, 16),
    modelName: values['model-name'] ?? basename(modelPath).replace(/\.gguf$/i, ''),
    fallbackChatTemplate: isFallbackChatTemplate(template) ? template : 'chatml',
    flashAttention: flashAttention === 'off' || flashAttention === 'auto' ? flashAttention : 'on',
    batchSize: integer('batch-size', values['batch-size'], defaultEngineOptions.batchSize, 1),
  };
  if (problems.length > 0) return { ok: false, message: `${problems.join('\n')}\n${usage}` };
  return { ok: true, options };
}

/** Builds the argv for `node dist/main.js` from options, so launchers never spell the flags themselves. */
export function buildEngineArgs(
  options: Pick<EngineOptions, 'modelPath' | 'port'> & Partial<EngineOptions>,
): string[] {
  const full = { ...defaultEngineOptions, ...options };
  const args = ['--model', full.modelPath, '--port', String(full.port), '--host', full.host];
  args.push('--threads', String(full.threads), '--parallel', String(full.parallel));
  args.push('--context', String(full.contextTokens));
  if (full.modelName !== undefined) args.push('--model-name', full.modelName);
  args.push('--fallback-chat-template', full.fallbackChatTemplate, '--flash-attention', full.flashAttention);
  args.push('--batch-size', String(full.batchSize));
  return args;
}

function isFallbackChatTemplate(value: string): value is FallbackChatTemplate {
  return (fallbackChatTemplates as readonly string[]).includes(value);
}
