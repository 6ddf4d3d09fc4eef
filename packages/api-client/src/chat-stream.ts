import type { ChatCompletionChunk } from '@hangar/contracts';
import { ApiError, apiErrorFromBody, statusForOpenAIType } from './api-error.js';
import { parseServerSentEvents } from './sse-parser.js';

async function* readBody(body: ReadableStream<Uint8Array>, baseUrl: string, signal?: AbortSignal) {
  const reader = body.getReader();
  try {
    for (;;) {
      const result = await reader.read().catch((error: unknown) => {
        if (signal?.aborted) throw error;
        throw new ApiError(`The connection to the Hangar server at ${baseUrl} was lost mid-answer`, {
          status: 0,
          code: 'connection_lost',
          cause: error,
        });
      });
      if (result.done) return;
      yield result.value;
    }
  } finally {
    // Leaving early (consumer stopped, error) cancels the request so the server stops generating.
    reader.cancel().catch(() => undefined);
  }
}

function parseChunk(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch (error) {
    throw new ApiError(`The server sent a stream event that is not JSON: ${data.slice(0, 120)}`, {
      status: 502,
      code: 'invalid_stream_event',
      cause: error,
    });
  }
}

/**
 * Reads an OpenAI chat-completion SSE body: yields each chunk until `data: [DONE]`; an error event
 * (`data: {"error": {...}}`) throws an `ApiError`, and so does a stream that ends without `[DONE]`.
 */
export async function* readChatStream(
  response: Response,
  baseUrl: string,
  signal?: AbortSignal,
): AsyncGenerator<ChatCompletionChunk> {
  if (!response.body)
    throw new ApiError('The server sent an empty stream', { status: 502, code: 'empty_stream' });
  for await (const event of parseServerSentEvents(readBody(response.body, baseUrl, signal))) {
    const data = event.data.trim();
    if (data === '[DONE]') return;
    const parsed = parseChunk(data);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed) {
      const type = (parsed.error as { type?: unknown } | null)?.type;
      throw apiErrorFromBody(statusForOpenAIType(typeof type === 'string' ? type : undefined), parsed);
    }
    yield parsed as ChatCompletionChunk;
  }
  throw new ApiError('The answer stream ended before it was complete (no [DONE])', {
    status: 502,
    code: 'stream_incomplete',
  });
}
