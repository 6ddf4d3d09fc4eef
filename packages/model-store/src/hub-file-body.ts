import type { HubFileBody } from './hub-client.js';
import { firstHeader, headerValue, type HubResponse } from './hub-http.js';

/** Reads offset and total size of a (possibly ranged) file response. */
export function fileBodyFrom(response: HubResponse, sha256: string | null): HubFileBody {
  const last = response.hops[response.hops.length - 1];
  const contentRange = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(headerValue(last, 'content-range') ?? '');
  if (response.statusCode === 206 && contentRange) {
    const total = contentRange[2] === '*' ? null : Number(contentRange[2]);
    return { offset: Number(contentRange[1]), totalBytes: total, sha256, body: response.body };
  }
  const length = headerValue(last, 'content-length');
  return { offset: 0, totalBytes: length === undefined ? null : Number(length), sha256, body: response.body };
}

/** A sha256 from an ETag-like header (`"abc..."`, `W/"abc..."`), or null when it is not one. */
export function sha256FromEtag(value: string | undefined): string | null {
  const match = /^(?:W\/)?"?([0-9a-f]{64})"?$/i.exec(value?.trim() ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

/** The `Range` header asking for the bytes from `offset` on, or nothing for 0. */
export function rangeHeaders(offset: number): Record<string, string> {
  return offset > 0 ? { range: `bytes=${offset}-` } : {};
}

export { firstHeader };
