import type { ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { UpstreamError, type Clock } from '@hangar/core';
import { openAIError } from '@hangar/contracts';
import { abortedError, type Cancellation } from './cancellation.js';
import type { Exchange } from './exchange.js';
import { classifyUpstreamError } from './openai-errors.js';
import { splitCompletionReasoning } from './reasoning-rewrite.js';
import { formatSseData } from './sse.js';
import { StreamTransformer } from './stream-transformer.js';
import { isEventStreamType, type UpstreamAnswer } from './upstream-answer.js';

/** Answers up to this size are written as one string with their head (see `relayBuffered`). */
const SMALL_BODY_BYTES = 16 * 1024;

/** Where a relay writes, and what it reports to. */
export interface RelayTarget {
  exchange: Exchange;
  response: ServerResponse;
  cancellation: Cancellation;
  clock: Clock;
  baseUrl: string;
  /** The response header that carries the request id. */
  requestIdHeader: string;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the upstream answered with an SSE stream (as opposed to JSON, e.g. an error for a stream request). */
export function isEventStream(upstream: UpstreamAnswer): boolean {
  return isEventStreamType(upstream.headers['content-type']);
}

/**
 * Relays a JSON answer: reads it whole (to take usage from it), rewrites it only for the reasoning split, and
 * passes error statuses through as they are (engines already answer in OpenAI's format).
 */
export function relayBuffered(
  upstream: UpstreamAnswer,
  shouldSplitReasoning: boolean,
  target: RelayTarget,
): void {
  const { exchange, response } = target;
  let payload: Buffer;
  try {
    // Such an answer resolves once its body is complete (see `UpstreamCall`).
    payload = upstream.body.takeWhole();
    exchange.firstTokenAt ??= upstream.body.firstChunkAt;
  } catch (error) {
    // The engine may have done the work: never retried.
    const failure = classifyUpstreamError(error, target.baseUrl);
    if (failure.code === 'upstream_timeout') throw failure;
    throw new UpstreamError(`The instance at ${target.baseUrl} failed while answering: ${failure.message}`, {
      code: 'upstream_error',
      isRetryable: false,
      cause: error,
    });
  }
  const status = upstream.statusCode;
  exchange.status = status;
  // Usage (or the error code) is read from the body when the exchange is accounted, after the client has it.
  exchange.answerBody = payload;
  if (status < 400 && shouldSplitReasoning) payload = splitBodyReasoning(payload);
  // All headers in writeHead, none set before: node:http's fast path, which merges nothing.
  response.writeHead(status, {
    'content-type': headerValue(upstream.headers['content-type']) ?? 'application/json',
    'content-length': payload.length,
    [target.requestIdHeader]: exchange.requestId,
  });
  // A small body goes as a Latin-1 string (byte for byte the same): node:http then sends head and body as
  // one string in one write, instead of a writev of two chunks.
  if (payload.length <= SMALL_BODY_BYTES) response.end(payload.toString('latin1'), 'latin1');
  else response.end(payload);
}

function splitBodyReasoning(payload: Buffer): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return payload;
  }
  return splitCompletionReasoning(parsed) ? Buffer.from(JSON.stringify(parsed), 'utf8') : payload;
}

export interface StreamRelayOptions {
  shouldSplitReasoning: boolean;
  shouldDropUsageChunk: boolean;
}

/**
 * Relays an SSE stream chunk by chunk as it arrives. If the upstream fails after the stream started, the client
 * gets one OpenAI-format error event and the stream ends; if the client left, nothing more is written.
 */
export async function relayStream(
  upstream: UpstreamAnswer,
  options: StreamRelayOptions,
  target: RelayTarget,
): Promise<void> {
  const { exchange, response, clock } = target;
  exchange.status = upstream.statusCode;
  const transformer = new StreamTransformer({
    splitReasoning: options.shouldSplitReasoning,
    dropUsageChunk: options.shouldDropUsageChunk,
    onUsage: (usage) => (exchange.usage = usage),
    onFirstToken: () => (exchange.firstTokenAt ??= clock.now()),
  });
  response.writeHead(upstream.statusCode, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    [target.requestIdHeader]: exchange.requestId,
  });
  response.flushHeaders();
  const decoder = new StringDecoder('utf8');
  try {
    for (let chunk = await upstream.body.next(); chunk !== null; chunk = await upstream.body.next()) {
      await write(response, transformer.push(decoder.write(chunk)), target.cancellation);
    }
    await write(response, transformer.push(decoder.end()) + transformer.finish(), target.cancellation);
    response.end();
  } catch (error) {
    if (exchange.abortReason === 'client-closed') {
      exchange.fail(499, 'client_closed_request');
      return;
    }
    const { status, code, message } = streamFailure(exchange, error, target.baseUrl);
    exchange.fail(status, code);
    if (!response.destroyed) response.end(formatSseData(JSON.stringify(openAIError(status, message, code))));
  }
}

async function write(response: ServerResponse, text: string, cancellation: Cancellation): Promise<void> {
  if (text.length === 0) return;
  if (response.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      stopListening();
      resolve();
    };
    const stopListening = cancellation.onAbort(() => {
      response.off('drain', onDrain);
      reject(abortedError());
    });
    response.once('drain', onDrain);
  });
}

function streamFailure(exchange: Exchange, error: unknown, baseUrl: string) {
  switch (exchange.abortReason) {
    case 'timeout':
      return {
        status: 504,
        code: 'upstream_timeout',
        message: 'The request took longer than the gateway allows.',
      };
    case 'shutdown':
      return {
        status: 503,
        code: 'gateway_closing',
        message: 'The gateway is shutting down; retry the request.',
      };
    case 'client-closed':
    case undefined:
      break;
  }
  const failure = classifyUpstreamError(error, baseUrl);
  const code = failure.code === 'upstream_timeout' ? failure.code : 'upstream_stream_interrupted';
  return {
    status: failure.status,
    code,
    message: `The instance serving this stream failed mid-stream (${failure.message}) Retry the request.`,
  };
}
