import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import type { FetchFunction } from './http-transport.js';

function recordingClient(respond: (url: string) => Response) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetch: FetchFunction = async (url, init) => {
    calls.push({
      method: init.method ?? 'GET',
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return respond(url);
  };
  return { client: createApiClient({ baseUrl: 'http://h:1', token: 't', fetch }), calls };
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

describe('planning and governance methods', () => {
  it('send the documented method, path, query and body', async () => {
    const { client, calls } = recordingClient(() => json({ data: [] }));
    await client.listNodes();
    await client.getCatalogModel('deepseek-v3');
    await client.createPlan({ model: 'deepseek-r1', hardware: '8xH100-80G', contextTokens: 8192 });
    await client.updateUser('ann', { team: null, disabled: true });
    await client.updateTeamLimits('ml team', { tokensPerDay: 1000 });
    await client.deleteTeam('ml');
    await client.updateKey('k1', { allowedModels: null, limits: { requestsPerMinute: 5 } });
    await client.listUsage({ user: 'ann', from: '2025-01-01T00:00:00.000Z', limit: 10 });
    await client.usageTotals({ groupBy: 'model', team: undefined });
    await client.usageSummary('24h');
    await client.updateSettings({ usageRetentionDays: 30 });
    expect(calls).toEqual([
      { method: 'GET', url: 'http://h:1/api/nodes', body: undefined },
      { method: 'GET', url: 'http://h:1/api/catalog/deepseek-v3', body: undefined },
      {
        method: 'POST',
        url: 'http://h:1/api/plans',
        body: { model: 'deepseek-r1', hardware: '8xH100-80G', contextTokens: 8192 },
      },
      { method: 'PATCH', url: 'http://h:1/api/users/ann', body: { team: null, disabled: true } },
      { method: 'PATCH', url: 'http://h:1/api/teams/ml%20team', body: { limits: { tokensPerDay: 1000 } } },
      { method: 'DELETE', url: 'http://h:1/api/teams/ml', body: undefined },
      {
        method: 'PATCH',
        url: 'http://h:1/api/keys/k1',
        body: { allowedModels: null, limits: { requestsPerMinute: 5 } },
      },
      {
        method: 'GET',
        url: 'http://h:1/api/usage?user=ann&from=2025-01-01T00%3A00%3A00.000Z&limit=10',
        body: undefined,
      },
      { method: 'GET', url: 'http://h:1/api/usage/totals?groupBy=model', body: undefined },
      { method: 'GET', url: 'http://h:1/api/usage/summary?window=24h', body: undefined },
      { method: 'PUT', url: 'http://h:1/api/settings', body: { usageRetentionDays: 30 } },
    ]);
  });

  it('exportUsageCsv returns the body as a byte stream', async () => {
    const { client, calls } = recordingClient(() => new Response('a,b\n1,2\n', { status: 200 }));
    const stream = await client.exportUsageCsv({ model: 'r1' });
    expect(await new Response(stream).text()).toBe('a,b\n1,2\n');
    expect(calls[0]?.url).toBe('http://h:1/api/usage/export.csv?model=r1');
  });
});
