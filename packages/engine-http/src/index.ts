/**
 * HTTP helpers shared by Hangar's engine processes (the embedded llama.cpp engine and the simulator): reading
 * and validating OpenAI request bodies, JSON and SSE answers, and OpenAI-format errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { HangarError, ValidationError, errorMessage, isHangarError } from '@hangar/core';
import { openAIError, type OpenAIErrorBody } from '@hangar/contracts';

/** The largest request body an engine accepts. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads and parses a JSON request body; malformed JSON or an oversized body is a 400/413 HangarError. */
export async function readJsonBody(
  request: IncomingMessage,
  maxBodyBytes = MAX_BODY_BYTES,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) {
      throw new HangarError(`Request body is larger than ${maxBodyBytes} bytes.`, {
        code: 'request_too_large',
        status: 413,
        kind: 'user',
      });
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(
      `We could not parse the JSON body of your request (${errorMessage(error)}). Send valid JSON.`,
      undefined,
      'invalid_json',
    );
  }
}

/** Validates a body against an OpenAI schema; the first problem becomes a 400 naming the offending field. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue === undefined || issue.path.length === 0 ? null : issue.path.map(String).join('.');
  const where = param === null ? 'the request body' : `'${param}'`;
  throw new ValidationError(`Invalid value for ${where}: ${issue?.message ?? 'invalid request'}`, { param });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * The OpenAI error envelope for any thrown value (the one place errors become HTTP on an engine's surface).
 * An unexpected error is a 500 whose message starts with `label` (which engine failed).
 */
export function toOpenAIError(
  error: unknown,
  label = 'Internal engine error',
): { status: number; body: OpenAIErrorBody } {
  if (isHangarError(error)) {
    const param = typeof error.details?.param === 'string' ? error.details.param : null;
    return { status: error.status, body: openAIError(error.status, error.message, error.code, param) };
  }
  return { status: 500, body: openAIError(500, `${label}: ${errorMessage(error)}`, 'internal_error') };
}

/** Starts an SSE response. */
export function startEventStream(response: ServerResponse, headers?: Record<string, string>): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  response.flushHeaders();
}

/** One SSE event carrying `payload` as JSON. */
export function sseEvent(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The event that ends an OpenAI stream. */
export const sseDone = 'data: [DONE]\n\n';
