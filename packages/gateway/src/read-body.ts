import type { IncomingMessage } from 'node:http';
import { HangarError } from '@hangar/core';

function tooLarge(maxBytes: number): HangarError {
  return new HangarError(`Request body is larger than ${maxBytes} bytes. Send a smaller request.`, {
    code: 'request_too_large',
    status: 413,
    kind: 'user',
  });
}

function clientClosed(): HangarError {
  return new HangarError('The client closed the connection while sending the body.', {
    code: 'client_closed_request',
    status: 499,
    kind: 'user',
  });
}

/**
 * Reads a request body into one buffer, refusing (413) as soon as it exceeds `maxBytes`. The listeners stay on
 * the request (it is dropped after the response): removing four listeners per request costs more than the
 * flag that makes late events do nothing.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isSettled = false;
    request.on('data', (chunk: Buffer) => {
      if (isSettled) return;
      size += chunk.length;
      if (size > maxBytes) {
        isSettled = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (isSettled) return;
      isSettled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    // An 'error' here is the client going away mid-body (ECONNRESET 'aborted'); 'close' before 'end' too.
    const onGone = (): void => {
      if (isSettled) return;
      isSettled = true;
      reject(clientClosed());
    };
    request.on('error', onGone);
    request.on('close', onGone);
  });
}
