import type { Clock } from '@hangar/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { hubErrorFromStatus, ModelStoreError, type HubRequestContext } from './hub-errors.js';

/** How often and how long to retry a request that a hub answered with 429 or 5xx, or that never connected. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff; doubled per attempt unless the hub sent `Retry-After`. */
  baseDelayMs: number;
  /** Upper bound of one wait, `Retry-After` included. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Waits `ms` milliseconds; rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface HubHttpOptions {
  /** Hub base URL; the token goes to this host only. */
  endpoint: string;
  token?: string;
  dispatcher: Dispatcher;
  retry: RetryPolicy;
  sleep: Sleep;
  clock: Clock;
  userAgent: string;
}

/** A successful (2xx) answer after redirects. */
export interface HubResponse {
  statusCode: number;
  url: string;
  /** Headers of every hop, first hop first (HF puts `X-Repo-Commit` / `X-Linked-Etag` on the redirect). */
  hops: IncomingHttpHeaders[];
  body: Readable;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 5;

/** Reads a header as one string. */
export function headerValue(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The first hop's value of a header, else a later hop's. */
export function firstHeader(hops: readonly IncomingHttpHeaders[], name: string): string | undefined {
  for (const hop of hops) {
    const value = headerValue(hop, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** HTTP to one hub: bearer token for its own host only, redirects, retries with backoff, error mapping. */
export class HubHttp {
  readonly endpoint: string;
  private readonly options: HubHttpOptions;
  private readonly endpointHost: string;

  constructor(options: HubHttpOptions) {
    this.options = options;
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.endpointHost = new URL(this.endpoint).host;
  }

  get hasToken(): boolean {
    return Boolean(this.options.token);
  }

  /** GETs `pathAndQuery` (relative to the endpoint), retrying 429/5xx/connection failures. */
  async get(
    pathAndQuery: string,
    context: HubRequestContext,
    options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<HubResponse> {
    const { attempts } = this.options.retry;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.getOnce(`${this.endpoint}${pathAndQuery}`, context, options);
      } catch (error) {
        const retryable = error instanceof ModelStoreError && error.isRetryable;
        if (!retryable || attempt >= attempts || options.signal?.aborted) throw error;
        await this.options.sleep(this.backoffMs(attempt, error), options.signal);
      }
    }
  }

  /** GETs and parses a JSON body. */
  async getJson(pathAndQuery: string, context: HubRequestContext, signal?: AbortSignal): Promise<unknown> {
    const response = await this.get(pathAndQuery, context, {
      headers: { accept: 'application/json' },
      signal,
    });
    let text = '';
    for await (const chunk of response.body) text += String(chunk);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ModelStoreError(
        `The hub at ${this.endpoint} sent a response that is not JSON (${pathAndQuery}).`,
        {
          code: 'hub_invalid_response',
          cause: error,
        },
      );
    }
  }

  private backoffMs(attempt: number, error: ModelStoreError): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const retryAfterMs = error.details?.['retryAfterMs'];
    const delay = typeof retryAfterMs === 'number' ? retryAfterMs : baseDelayMs * 2 ** (attempt - 1);
    return Math.min(Math.max(0, delay), maxDelayMs);
  }

  private async getOnce(
    startUrl: string,
    context: HubRequestContext,
    options: { headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<HubResponse> {
    const hops: IncomingHttpHeaders[] = [];
    let url = startUrl;
    for (let hop = 0; hop <= maxRedirects; hop += 1) {
      const response = await this.send(url, options);
      hops.push(response.headers);
      const location = headerValue(response.headers, 'location');
      if (redirectStatuses.has(response.statusCode) && location) {
        await response.body.dump();
        url = new URL(location, url).toString();
        continue;
      }
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return { statusCode: response.statusCode, url, hops, body: response.body };
      }
      await response.body.dump();
      throw this.statusError(response.statusCode, response.headers, context);
    }
    throw new ModelStoreError(`The hub at ${this.endpoint} redirected more than ${maxRedirects} times.`, {
      code: 'hub_invalid_response',
    });
  }

  private async send(url: string, options: { headers?: Record<string, string>; signal?: AbortSignal }) {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...options.headers };
    // The token is the endpoint's: a CDN or another host it redirects to never sees it.
    if (this.options.token && new URL(url).host === this.endpointHost) {
      headers['authorization'] = `Bearer ${this.options.token}`;
    }
    try {
      return await request(url, {
        method: 'GET',
        headers,
        signal: options.signal,
        dispatcher: this.options.dispatcher,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ModelStoreError(`Cannot reach the hub at ${new URL(url).origin}: ${describeCause(error)}.`, {
        code: 'hub_unreachable',
        isRetryable: true,
        cause: error,
      });
    }
  }

  private statusError(
    status: number,
    headers: IncomingHttpHeaders,
    context: HubRequestContext,
  ): ModelStoreError {
    const error = hubErrorFromStatus(status, context, headerValue(headers, 'x-error-code'));
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), this.options.clock.now());
    if (retryAfterMs !== undefined && error.details) error.details['retryAfterMs'] = retryAfterMs;
    return error;
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}
