/**
 * The naive baseline: node-llama-cpp 3.22.1's public API (one context with `parallel` sequences, one
 * `evaluate` loop per request) behind the smallest OpenAI-style `/v1/completions` SSE server. Bench-only.
 * argv: <model> <port> <threads> <parallel> <contextPerSequence> <on|off>
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';

const [modelPath = '', port = '0', threads = '2', parallel = '1', contextPerSequence = '512', flash = 'on'] =
  process.argv.slice(2);

const llama = await getLlama({
  gpu: false,
  maxThreads: Number(threads),
  build: 'never',
  // The local OpenMP build of `npm run build:native` when there is one (as the engine), else the prebuilt one.
  cmakeOptions: { GGML_NATIVE: 'ON', GGML_OPENMP: 'ON' },
  logLevel: LlamaLogLevel.warn,
});
const model = await llama.loadModel({ modelPath, defaultContextFlashAttention: flash === 'on' });
const context = await model.createContext({
  sequences: Number(parallel),
  contextSize: Number(contextPerSequence) * Number(parallel),
  threads: Number(threads),
  flashAttention: flash === 'on',
});
const free: LlamaContextSequence[] = Array.from({ length: Number(parallel) }, () => context.getSequence());
const waiting: ((sequence: LlamaContextSequence) => void)[] = [];

async function acquire(): Promise<LlamaContextSequence> {
  return free.pop() ?? new Promise((resolve) => waiting.push(resolve));
}

async function release(sequence: LlamaContextSequence): Promise<void> {
  await sequence.clearHistory();
  const next = waiting.shift();
  if (next === undefined) free.push(sequence);
  else next(sequence);
}

async function complete(
  request: IncomingMessage,
  response: ServerResponse,
  loaded: LlamaModel,
): Promise<void> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  const { prompt, max_tokens: maxTokens = 16 } = JSON.parse(body) as { prompt: string; max_tokens?: number };
  const sequence = await acquire();
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (value: unknown): boolean => response.write(`data: ${JSON.stringify(value)}\n\n`);
  let count = 0;
  try {
    for await (const token of sequence.evaluate(loaded.tokenize(prompt, false), { temperature: 0 })) {
      count++;
      send({
        object: 'text_completion',
        choices: [{ index: 0, text: loaded.detokenize([token]), finish_reason: null }],
      });
      if (count >= maxTokens) break;
    }
  } finally {
    await release(sequence);
  }
  send({ object: 'text_completion', choices: [{ index: 0, text: '', finish_reason: 'length' }] });
  send({ object: 'text_completion', choices: [], usage: { completion_tokens: count } });
  response.end('data: [DONE]\n\n');
}

createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(200).end('ok');
    return;
  }
  complete(request, response, model).catch((error: unknown) => {
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  });
}).listen(Number(port), '127.0.0.1');
