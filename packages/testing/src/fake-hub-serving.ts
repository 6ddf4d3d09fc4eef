import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Per-file faults the fake hub applies to its next transfers. */
export interface FileFaults {
  /** Send this many body bytes, then destroy the connection; `times` transfers. */
  cut?: { afterBytes: number; times: number };
  /** Serve bytes with every byte flipped (same length, wrong sha256); `times` transfers. */
  corrupt?: { times: number };
  /** Send this many bytes, then wait until `gate` resolves. */
  hold?: { afterBytes: number; gate: Promise<void> };
}

/** What one transfer sent. */
export interface TransferRecord {
  status: number;
  bytesSent: number;
}

export const sha256Hex = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

/** Git's blob id (what Hugging Face puts in the ETag of a non-LFS file). */
export const gitBlobSha1 = (content: Uint8Array): string =>
  createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!match) return 'invalid';
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  return start >= size || end < start ? 'invalid' : { start, end };
}

function write(response: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (response.write(chunk)) resolve();
    else response.once('drain', resolve);
  });
}

/**
 * Serves `content` honouring `Range: bytes=N-[M]` (206 + Content-Range, 416 when out of range), applying
 * the file's pending faults, and resolves with what was sent.
 */
export async function serveContent(
  request: IncomingMessage,
  response: ServerResponse,
  content: Uint8Array,
  headers: Record<string, string>,
  faults: FileFaults,
): Promise<TransferRecord> {
  const range = parseRange(request.headers.range, content.length);
  if (range === 'invalid') {
    response.writeHead(416, { 'content-range': `bytes */${content.length}` }).end();
    return { status: 416, bytesSent: 0 };
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? content.length - 1;
  let body = Buffer.from(content.subarray(start, end + 1));
  if (faults.corrupt && faults.corrupt.times > 0) {
    faults.corrupt.times -= 1;
    body = Buffer.from(body.map((byte) => byte ^ 0xff));
  }
  const status = range ? 206 : 200;
  response.writeHead(status, {
    ...headers,
    'accept-ranges': 'bytes',
    'content-length': String(body.length),
    'content-type': 'application/octet-stream',
    ...(range ? { 'content-range': `bytes ${start}-${end}/${content.length}` } : {}),
  });
  const cut = faults.cut && faults.cut.times > 0 ? faults.cut : undefined;
  if (cut) cut.times -= 1;
  const hold = faults.hold;
  if (hold) faults.hold = undefined;
  const stopAt = cut ? Math.min(cut.afterBytes, body.length) : body.length;
  let sent = 0;
  if (hold && hold.afterBytes < stopAt) {
    await write(response, body.subarray(0, hold.afterBytes));
    sent = hold.afterBytes;
    await hold.gate;
  }
  if (response.destroyed) return { status, bytesSent: sent };
  await write(response, body.subarray(sent, stopAt));
  sent = stopAt;
  if (cut) {
    // Let the bytes leave before the connection is torn down mid-body.
    await new Promise((resolve) => setTimeout(resolve, 20));
    response.destroy();
  } else response.end();
  return { status, bytesSent: sent };
}
