import { SseParser } from './sse-lines.js';

/** What one streamed `/v1/completions` request measured. */
export interface StreamResult {
  /** `usage.completion_tokens` when the server reports it, else the number of chunks that carried text. */
  completionTokens: number;
  /** Chunks that carried text (a server may hold back bytes of an incomplete UTF-8 character). */
  textChunks: number;
  usageReported: boolean;
  startedAtMs: number;
  firstTokenAtMs: number | null;
  finishedAtMs: number;
  finishReason: string | null;
}

/** A streamed, greedy completion request. */
export interface CompletionRequest {
  baseUrl: string;
  model: string;
  prompt: string;
  maxTokens: number;
}

interface CompletionChunk {
  choices?: { text?: string; finish_reason?: string | null }[];
  usage?: { completion_tokens?: number } | null;
}

/** Sends one streamed `/v1/completions` request (temperature 0) and times it; same code for every target. */
export async function streamCompletion(request: CompletionRequest, now: () => number): Promise<StreamResult> {
  const startedAtMs = now();
  const response = await fetch(`${request.baseUrl}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: request.model,
      prompt: request.prompt,
      max_tokens: request.maxTokens,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  if (!response.ok || response.body === null) {
    throw new Error(`${request.baseUrl} answered ${response.status}: ${await response.text()}`);
  }
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let textChunks = 0;
  let usageTokens: number | null = null;
  let firstTokenAtMs: number | null = null;
  let finishReason: string | null = null;
  for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
    for (const event of parser.push(decoder.decode(bytes, { stream: true }))) {
      if (event.kind === 'done') continue;
      const chunk = event.value as CompletionChunk;
      const choice = chunk.choices?.[0];
      if (choice?.text !== undefined && choice.text !== '') {
        textChunks++;
        firstTokenAtMs ??= now();
      }
      if (typeof choice?.finish_reason === 'string') finishReason = choice.finish_reason;
      if (typeof chunk.usage?.completion_tokens === 'number') usageTokens = chunk.usage.completion_tokens;
    }
  }
  return {
    completionTokens: usageTokens ?? textChunks,
    textChunks,
    usageReported: usageTokens !== null,
    startedAtMs,
    firstTokenAtMs,
    finishedAtMs: now(),
    finishReason,
  };
}
