import { expect, it } from 'vitest';
import { createMetricsRegistry } from '@hangar/observability';
import type { GatewayRequestSummary } from './gateway-options.js';
import { createGatewayMetrics } from './gateway-metrics.js';

function summary(overrides: Partial<GatewayRequestSummary>): GatewayRequestSummary {
  return {
    requestId: 'r',
    at: 0,
    userId: 'u',
    keyId: 'k',
    model: 'alias',
    deploymentId: 'd',
    instanceId: 'i',
    endpoint: '/v1/chat/completions',
    promptTokens: 10,
    completionTokens: 11,
    reasoningTokens: 0,
    status: 200,
    errorCode: null,
    timeToFirstTokenMs: 50,
    durationMs: 1_050,
    isStream: true,
    attempts: 1,
    routedModel: 'deepseek-r1',
    fallbackFrom: null,
    ...overrides,
  };
}

it('counts requests, tokens, latency and rejections under the deployment model name', async () => {
  const registry = createMetricsRegistry({ collectDefaults: false });
  const metrics = createGatewayMetrics(registry);
  metrics.requestFinished(summary({}));
  metrics.requestFinished(
    summary({ status: 429, errorCode: 'rate_limit_exceeded', timeToFirstTokenMs: null }),
  );
  metrics.requestFinished(summary({ status: 404, errorCode: 'model_not_found', routedModel: null }));
  metrics.streamStarted();
  metrics.queueLengthChanged(3);
  metrics.upstreamFailed('deepseek-r1', 'upstream_unavailable');
  const text = await registry.metrics();
  const lines = [
    'hangar_gateway_requests_total{model="deepseek-r1",endpoint="/v1/chat/completions",status="200"} 1',
    'hangar_gateway_requests_total{model="deepseek-r1",endpoint="/v1/chat/completions",status="429"} 1',
    'hangar_gateway_requests_total{model="none",endpoint="/v1/chat/completions",status="404"} 1',
    'hangar_gateway_tokens_total{model="deepseek-r1",type="input"} 10',
    'hangar_gateway_tokens_total{model="deepseek-r1",type="output"} 11',
    'hangar_gateway_time_to_first_token_seconds_count{model="deepseek-r1"} 1',
    'hangar_gateway_inter_token_latency_seconds_sum{model="deepseek-r1"} 0.1',
    'hangar_gateway_rate_limit_rejections_total{model="deepseek-r1",code="rate_limit_exceeded"} 1',
    'hangar_gateway_active_streams 1',
    'hangar_gateway_queue_length 3',
    'hangar_gateway_upstream_errors_total{model="deepseek-r1",code="upstream_unavailable"} 1',
  ];
  for (const line of lines) expect(text).toContain(line);
});
