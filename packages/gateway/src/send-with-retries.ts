import { HangarError, UpstreamError, type ModelRoute, type Upstream } from '@hangar/core';
import { abortedError, type Cancellation } from './cancellation.js';
import type { Exchange } from './exchange.js';
import { classifyUpstreamError, networkCode } from './openai-errors.js';
import type { ProxyCall, ProxyContext } from './proxy-context.js';
import { pickUpstream } from './routing/policies.js';
import type { UpstreamAnswer } from './upstream-answer.js';

/** Engine statuses that mean "not now, try elsewhere": retried while nothing was sent to the client. */
const RETRYABLE_STATUSES = new Set([502, 503]);

/** Failures of a reused keep-alive connection that the engine closed: the request never reached it. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export interface Sent {
  upstream: Upstream;
  answer: UpstreamAnswer;
}

/** Whether `error` is the route having no instance able to take the request (then fallbacks apply). */
export function isRouteUnavailable(error: unknown): boolean {
  return (
    error instanceof HangarError &&
    (error.code === 'no_ready_instance' || error.code === 'upstream_unavailable')
  );
}

/**
 * Sends to an instance chosen by the route's policy: skips instances already tried and open circuits, waits in
 * the queue while every instance is at its concurrency bound, retries connection failures and 502/503 answers
 * on another instance with backoff, and a reset keep-alive connection once on the same instance when there is
 * no other. On success the instance's outstanding count stays taken: the caller releases it.
 */
export async function sendWithRetries(
  context: ProxyContext,
  exchange: Exchange,
  call: ProxyCall,
  cancellation: Cancellation,
): Promise<Sent> {
  const { route } = call;
  const tried = new Set<string>();
  let lastFailure: UpstreamError | undefined;
  let lastUpstream: Upstream | undefined;
  let canRetrySame = false;
  let wasReset = false;
  let hasWaited = false;
  let attempts = 0;
  const maxConcurrent = route.maxConcurrentPerUpstream ?? context.maxConcurrentPerUpstream;
  for (;;) {
    const { candidates, saturated } = candidatesOf(context, route, tried, maxConcurrent);
    let upstream: Upstream | undefined;
    if (candidates.length > 0) {
      upstream = pickUpstream(route, candidates, call.keys, context.routing);
    } else if (saturated > 0) {
      await context.queue.wait(route.deploymentId, route.model, cancellation, hasWaited);
      hasWaited = true;
      continue;
    } else if (canRetrySame && lastUpstream !== undefined) {
      upstream = lastUpstream;
      canRetrySame = false;
    }
    if (upstream === undefined) throw unreachable(route, tried.size, lastFailure);
    if (attempts >= context.retry.maxAttempts) throw unreachable(route, tried.size, lastFailure);
    if (!context.breaker.tryAcquire(upstream.instanceId)) {
      tried.add(upstream.instanceId);
      continue;
    }
    if (attempts > 0 && !wasReset) await backoff(context, attempts, cancellation);
    tried.add(upstream.instanceId);
    attempts++;
    exchange.attempts++;
    exchange.instanceId = upstream.instanceId;
    acquire(context, upstream.instanceId);
    let answer: UpstreamAnswer;
    try {
      answer = await context.client.send({
        upstream,
        path: call.path,
        body: call.body,
        requestIdHeader: context.requestIdHeader,
        requestId: exchange.requestId,
        cancellation,
      });
    } catch (error) {
      release(context, route, upstream.instanceId);
      if (cancellation.isAborted) throw error;
      const failure = classifyUpstreamError(error, upstream.baseUrl);
      context.breaker.recordFailure(upstream.instanceId);
      context.instrumentation?.upstreamFailed(route.model, failure.code);
      if (!failure.isRetryable) throw failure;
      wasReset = RESET_CODES.has(networkCode(error) ?? '');
      canRetrySame = wasReset && lastUpstream !== upstream;
      lastFailure = failure;
      lastUpstream = upstream;
      logFailure(context, exchange, upstream, failure);
      continue;
    }
    if (RETRYABLE_STATUSES.has(answer.statusCode) && attempts < context.retry.maxAttempts) {
      const others = candidatesOf(context, route, tried, maxConcurrent);
      if (others.candidates.length > 0 || others.saturated > 0) {
        answer.body.discard();
        release(context, route, upstream.instanceId);
        context.breaker.recordFailure(upstream.instanceId);
        context.instrumentation?.upstreamFailed(route.model, `upstream_http_${answer.statusCode}`);
        lastFailure = new UpstreamError(
          `The instance at ${upstream.baseUrl} answered ${answer.statusCode}.`,
          {
            code: 'upstream_unavailable',
            status: answer.statusCode,
            isRetryable: true,
          },
        );
        lastUpstream = upstream;
        canRetrySame = false;
        wasReset = false;
        logFailure(context, exchange, upstream, lastFailure);
        continue;
      }
    }
    context.breaker.recordSuccess(upstream.instanceId);
    return { upstream, answer };
  }
}

function candidatesOf(
  context: ProxyContext,
  route: ModelRoute,
  tried: ReadonlySet<string>,
  maxConcurrent: number | undefined,
): { candidates: readonly Upstream[]; saturated: number } {
  // Usually every upstream is a candidate: then the route's own list serves, with nothing copied.
  let candidates: Upstream[] | undefined;
  let saturated = 0;
  const upstreams = route.upstreams;
  for (let index = 0; index < upstreams.length; index++) {
    const upstream = upstreams[index] as Upstream;
    const id = upstream.instanceId;
    let isCandidate = !tried.has(id) && !context.breaker.isOpen(id);
    if (
      isCandidate &&
      maxConcurrent !== undefined &&
      (context.routing.outstanding.get(id) ?? 0) >= maxConcurrent
    ) {
      saturated++;
      isCandidate = false;
    }
    if (candidates !== undefined) {
      if (isCandidate) candidates.push(upstream);
    } else if (!isCandidate) {
      candidates = upstreams.slice(0, index);
    }
  }
  return { candidates: candidates ?? upstreams, saturated };
}

function acquire(context: ProxyContext, instanceId: string): void {
  const outstanding = context.routing.outstanding as Map<string, number>;
  outstanding.set(instanceId, (outstanding.get(instanceId) ?? 0) + 1);
}

/** Gives the instance's slot back and lets a queued request of the deployment try again. */
export function release(context: ProxyContext, route: ModelRoute, instanceId: string): void {
  const outstanding = context.routing.outstanding as Map<string, number>;
  const count = (outstanding.get(instanceId) ?? 1) - 1;
  if (count <= 0) outstanding.delete(instanceId);
  else outstanding.set(instanceId, count);
  context.queue.notify(route.deploymentId);
}

/** Waits before retry number `attempt` (a reset keep-alive connection is retried at once instead). */
async function backoff(context: ProxyContext, attempt: number, cancellation: Cancellation): Promise<void> {
  const { backoffBaseMs, backoffMaxMs } = context.retry;
  const delayMs =
    Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1)) * (0.5 + context.routing.random.next() / 2);
  if (delayMs <= 0) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stopListening();
      resolve();
    }, delayMs);
    const stopListening = cancellation.onAbort(() => {
      clearTimeout(timer);
      reject(abortedError());
    });
  });
}

function logFailure(
  context: ProxyContext,
  exchange: Exchange,
  upstream: Upstream,
  failure: UpstreamError,
): void {
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

function unreachable(
  route: ModelRoute,
  triedCount: number,
  lastFailure: UpstreamError | undefined,
): HangarError {
  if (triedCount === 0 || lastFailure === undefined) {
    const isAnyReady = route.upstreams.length > 0;
    return new HangarError(
      isAnyReady
        ? `Every instance of model '${route.model}' is failing (circuit open). Retry shortly.`
        : `The deployment of model '${route.model}' has no ready instance yet. Wait until an instance is ready, then retry.`,
      { code: 'no_ready_instance', status: 503, kind: 'operational', details: { retryAfterSeconds: 1 } },
    );
  }
  return new UpstreamError(
    `None of the ${triedCount} instance(s) of model '${route.model}' could be reached (last: ${lastFailure.message}) Retry shortly.`,
    { code: 'upstream_unavailable', isRetryable: false, cause: lastFailure },
  );
}
