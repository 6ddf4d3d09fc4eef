import { UpstreamError } from '@hangar/core';
import type { LaunchSpec } from '../launch-spec.js';
import { normalizeEngineMetrics, type NormalizedEngineMetrics } from './normalize-engine-metrics.js';

/**
 * Fetches an instance's `/metrics` (where its LaunchSpec says) and normalises it. One scraper per instance:
 * llama.cpp resets some gauges on every read.
 */
export async function scrapeEngineMetrics(
  metrics: NonNullable<LaunchSpec['metrics']>,
  options: { host?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<NormalizedEngineMetrics> {
  const url = `http://${options.host ?? '127.0.0.1'}:${metrics.port}${metrics.path}`;
  const signals = [
    AbortSignal.timeout(options.timeoutMs ?? 2000),
    ...(options.signal ? [options.signal] : []),
  ];
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any(signals) });
  } catch (error) {
    throw new UpstreamError(`Could not read the engine's metrics at ${url}.`, {
      code: 'metrics_unreachable',
      isRetryable: true,
      cause: error,
    });
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new UpstreamError(`The engine answered ${response.status} for ${url}.`, {
      code: 'metrics_unavailable',
      isRetryable: true,
    });
  }
  return normalizeEngineMetrics(metrics.dialect, await response.text());
}
