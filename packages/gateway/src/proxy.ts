import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import {
  HangarError,
  UpstreamError,
  type Clock,
  type ModelRoute,
  type Random,
  type Upstream,
} from '@hangar/core';
import type { AbortReason, Exchange } from './exchange.js';
import type { GatewayLogger } from './gateway-options.js';
import { classifyUpstreamError } from './openai-errors.js';
import { isEventStream, relayBuffered, relayStream, type RelayTarget } from './relay.js';
import { selectUpstream } from './select-upstream.js';
import type { UpstreamClient } from './upstream-client.js';

/** What the proxy shares across requests. */
export interface ProxyContext {
  client: UpstreamClient;
  /** In-flight requests per instance id: the balancer's load signal. */
  outstanding: Map<string, number>;
  /** Running upstream requests, so that `close()` can abort them. */
  inFlight: Map<AbortController, Exchange>;
  random: Random;
  clock: Clock;
  logger: GatewayLogger;
  requestIdHeader: string;
  totalTimeoutMs: number;
}

/** One proxied request: the route, the body to send and how to treat the answer. */
export interface ProxyCall {
  route: ModelRoute;
  path: string;
  body: Buffer;
  isChat: boolean;
  /** The gateway added `include_usage`: drop the usage chunk before it reaches the client. */
  addedIncludeUsage: boolean;
}

/** Sends to the least loaded upstream (retrying connection failures elsewhere) and relays the answer. */
export async function proxyToUpstream(
  context: ProxyContext,
  exchange: Exchange,
  call: ProxyCall,
  response: ServerResponse,
): Promise<void> {
  const controller = new AbortController();
  const abort = (reason: AbortReason): void => {
    exchange.abortReason ??= reason;
    controller.abort();
  };
  const onClose = (): void => {
    if (!response.writableFinished) abort('client-closed');
  };
  response.once('close', onClose);
  const timer = setTimeout(() => abort('timeout'), context.totalTimeoutMs);
  context.inFlight.set(controller, exchange);
  try {
    const { upstream, answer } = await sendWithRetries(context, exchange, call, controller.signal);
    try {
      const target: RelayTarget = {
        exchange,
        response,
        signal: controller.signal,
        clock: context.clock,
        baseUrl: upstream.baseUrl,
      };
      if (isEventStream(answer)) {
        const shouldSplitReasoning = call.isChat && upstream.needsReasoningSplit;
        await relayStream(
          answer,
          { shouldSplitReasoning, shouldDropUsageChunk: call.addedIncludeUsage },
          target,
        );
      } else {
        await relayBuffered(answer, call.isChat && upstream.needsReasoningSplit, target);
      }
    } finally {
      release(context.outstanding, upstream.instanceId);
      if (!answer.body.readableEnded && !answer.body.destroyed) answer.body.destroy();
    }
  } catch (error) {
    throw exchange.abortReason === undefined ? error : abortError(exchange.abortReason);
  } finally {
    clearTimeout(timer);
    response.off('close', onClose);
    context.inFlight.delete(controller);
  }
}

async function sendWithRetries(
  context: ProxyContext,
  exchange: Exchange,
  call: ProxyCall,
  signal: AbortSignal,
): Promise<{ upstream: Upstream; answer: Dispatcher.ResponseData }> {
  const tried = new Set<string>();
  let lastFailure: UpstreamError | undefined;
  for (;;) {
    const upstream = selectUpstream(call.route.upstreams, context.outstanding, context.random, tried);
    if (upstream === undefined) throw unreachable(call.route, tried.size, lastFailure);
    tried.add(upstream.instanceId);
    exchange.attempts++;
    exchange.instanceId = upstream.instanceId;
    context.outstanding.set(upstream.instanceId, (context.outstanding.get(upstream.instanceId) ?? 0) + 1);
    try {
      const answer = await context.client.send({
        upstream,
        path: call.path,
        body: call.body,
        requestIdHeader: context.requestIdHeader,
        requestId: exchange.requestId,
        signal,
      });
      return { upstream, answer };
    } catch (error) {
      release(context.outstanding, upstream.instanceId);
      if (signal.aborted) throw error;
      const failure = classifyUpstreamError(error, upstream.baseUrl);
      if (!failure.isRetryable) throw failure;
      lastFailure = failure;
      context.logger.warn(
        {
          requestId: exchange.requestId,
          instanceId: upstream.instanceId,
          code: failure.code,
          error: failure.message,
        },
        'upstream-connect-failed',
      );
    }
  }
}

function release(outstanding: Map<string, number>, instanceId: string): void {
  const count = (outstanding.get(instanceId) ?? 1) - 1;
  if (count <= 0) outstanding.delete(instanceId);
  else outstanding.set(instanceId, count);
}

function unreachable(
  route: ModelRoute,
  triedCount: number,
  lastFailure: UpstreamError | undefined,
): HangarError {
  if (triedCount === 0 || lastFailure === undefined) {
    return new HangarError(
      `The deployment of model '${route.model}' has no ready instance yet. Wait until an instance is ready, then retry.`,
      { code: 'no_ready_instance', status: 503, kind: 'operational' },
    );
  }
  return new UpstreamError(
    `None of the ${triedCount} instance(s) of model '${route.model}' could be reached (last: ${lastFailure.message}) Retry shortly.`,
    { code: 'upstream_unavailable', isRetryable: false, cause: lastFailure },
  );
}

function abortError(reason: AbortReason): HangarError {
  switch (reason) {
    case 'client-closed':
      return new HangarError('The client closed the request.', {
        code: 'client_closed_request',
        status: 499,
        kind: 'user',
      });
    case 'timeout':
      return new UpstreamError('The request took longer than the gateway allows.', {
        code: 'upstream_timeout',
        status: 504,
        isRetryable: false,
      });
    case 'shutdown':
      return closingError();
  }
}

/** The 503 for requests the gateway drops because it is closing. */
export function closingError(): HangarError {
  return new HangarError('The gateway is shutting down; retry the request.', {
    code: 'gateway_closing',
    status: 503,
    kind: 'operational',
  });
}
