import { Agent } from 'undici';
import type { Upstream } from '@hangar/core';
import type { Cancellation } from './cancellation.js';
import type { GatewayTimeouts } from './gateway-options.js';
import { UpstreamCall, type UpstreamAnswer } from './upstream-answer.js';

/** A request to one instance, already serialised. */
export interface UpstreamRequest {
  upstream: Upstream;
  /** `/v1/chat/completions` and the like, appended to the upstream's base URL. */
  path: string;
  body: Buffer;
  requestIdHeader: string;
  requestId: string;
  cancellation: Cancellation;
}

interface Target {
  origin: string;
  pathPrefix: string;
}

/**
 * HTTP client to engine instances: one undici `Agent` (a keep-alive pool per origin, no pipelining, no
 * connection limit, since streams hold a connection each) shared by all requests.
 */
export class UpstreamClient {
  private readonly agent: Agent;
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly timeouts: GatewayTimeouts,
    keepAliveTimeoutMs: number,
    private readonly now: () => number,
  ) {
    this.agent = new Agent({
      connect: { timeout: timeouts.connectMs },
      keepAliveTimeout: keepAliveTimeoutMs,
      keepAliveMaxTimeout: keepAliveTimeoutMs,
      headersTimeout: timeouts.firstByteMs,
      bodyTimeout: timeouts.firstByteMs,
      pipelining: 1,
    });
  }

  /** Sends the request; resolves at the response headers, with the body still to read. */
  send(request: UpstreamRequest): Promise<UpstreamAnswer> {
    const target = this.target(request.upstream.baseUrl);
    const call = new UpstreamCall(this.now, request.cancellation);
    if (request.cancellation.isAborted) return call.answer;
    this.agent.dispatch(
      {
        origin: target.origin,
        path: target.pathPrefix + request.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(request.body.length),
          [request.requestIdHeader]: request.requestId,
        },
        body: request.body,
        headersTimeout: this.timeouts.firstByteMs,
        bodyTimeout: this.timeouts.firstByteMs,
      },
      call,
    );
    return call.answer;
  }

  /** Closes every connection at once; requests still running fail. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private target(baseUrl: string): Target {
    let target = this.targets.get(baseUrl);
    if (target === undefined) {
      // Instances come and go on new ports: keep the cache from growing without bound.
      if (this.targets.size >= 1024) this.targets.clear();
      const url = new URL(baseUrl);
      target = { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
      this.targets.set(baseUrl, target);
    }
    return target;
  }
}
