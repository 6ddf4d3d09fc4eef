import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { HangarError, ValidationError, errorMessage, isHangarError } from '@hangar/core';
import { openAIError, type OpenAIErrorBody } from '@hangar/contracts';

const maxBodyBytes = 8 * 1024 * 1024;

/** Reads and parses a JSON body; malformed JSON is a 400, an oversized body a 413. */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
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
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new ValidationError(
      `Could not parse the JSON body (${errorMessage(error)}).`,
      undefined,
      'invalid_json',
    );
  }
}

/** Validates a body against an OpenAI schema; the first problem is a 400 naming the field. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue === undefined || issue.path.length === 0 ? null : issue.path.map(String).join('.');
  throw new ValidationError(
    `Invalid value for ${param ?? 'the request body'}: ${issue?.message ?? 'invalid'}`,
    {
      param,
    },
  );
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function toOpenAIError(error: unknown): { status: number; body: OpenAIErrorBody } {
  if (isHangarError(error)) {
    const param = typeof error.details?.['param'] === 'string' ? error.details['param'] : null;
    return { status: error.status, body: openAIError(error.status, error.message, error.code, param) };
  }
  return { status: 500, body: openAIError(500, `Simulator error: ${errorMessage(error)}`, 'internal_error') };
}

export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.flushHeaders();
}

export function sseEvent(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const sseDone = 'data: [DONE]\n\n';
