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

/** Reads a request body into one buffer, refusing (413) as soon as it exceeds `maxBytes`. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    // An 'error' here is the client going away mid-body (ECONNRESET 'aborted').
    const onError = (): void => {
      cleanup();
      reject(clientClosed());
    };
    const onClose = onError;
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
