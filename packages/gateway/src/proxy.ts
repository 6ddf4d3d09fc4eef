import type { ServerResponse } from 'node:http';
import { HangarError, UpstreamError } from '@hangar/core';
import { Cancellation } from './cancellation.js';
import type { AbortReason, Exchange } from './exchange.js';
import { isEventStream, relayBuffered, relayStream, type RelayTarget } from './relay.js';
import type { ProxyCall, ProxyContext } from './proxy-context.js';
import { release, sendWithRetries } from './send-with-retries.js';

/** Sends to an upstream chosen by the route's policy (with retries) and relays the answer. */
export async function proxyToUpstream(
  context: ProxyContext,
  exchange: Exchange,
  call: ProxyCall,
  response: ServerResponse,
): Promise<void> {
  const cancellation = new Cancellation();
  const abort = (reason: AbortReason): void => {
    exchange.abortReason ??= reason;
    cancellation.abort();
  };
  // Left on the response (dropped after the request): a 'close' after the answer finished does nothing.
  response.on('close', () => {
    if (!response.writableFinished && context.inFlight.has(cancellation)) abort('client-closed');
  });
  const timer = setTimeout(() => abort('timeout'), call.route.requestTimeoutMs ?? context.totalTimeoutMs);
  context.inFlight.set(cancellation, exchange);
  try {
    const { upstream, answer } = await sendWithRetries(context, exchange, call, cancellation);
    try {
      const target: RelayTarget = {
        exchange,
        response,
        cancellation,
        clock: context.clock,
        baseUrl: upstream.baseUrl,
        requestIdHeader: context.requestIdHeader,
      };
      if (isEventStream(answer)) {
        const shouldSplitReasoning = call.isChat && upstream.needsReasoningSplit;
        context.instrumentation?.streamStarted();
        try {
          await relayStream(
            answer,
            { shouldSplitReasoning, shouldDropUsageChunk: call.addedIncludeUsage },
            target,
          );
        } finally {
          context.instrumentation?.streamEnded();
        }
      } else {
        relayBuffered(answer, call.isChat && upstream.needsReasoningSplit, target);
      }
    } finally {
      release(context, call.route, upstream.instanceId);
      answer.body.close();
    }
  } catch (error) {
    throw exchange.abortReason === undefined ? error : abortError(exchange.abortReason);
  } finally {
    clearTimeout(timer);
    context.inFlight.delete(cancellation);
  }
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
