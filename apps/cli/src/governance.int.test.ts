import type { ApiKeyView, TeamView, UsageRowView, UsageTotalsView, UserView } from '@hangar/contracts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAdminApi, type FakeAdminApi } from './testing/fake-admin-api.js';

const key: ApiKeyView = {
  id: 'k1',
  name: 'ci',
  prefix: 'hk-abcd',
  userId: 'u1',
  createdAt: '2025-01-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
  expiresAt: '2025-01-31T00:00:00.000Z',
  allowedModels: ['deepseek-r1', 'bge-m3'],
  limits: { requestsPerMinute: 60, tokensPerDay: 100000 },
};

const user: UserView = {
  id: 'u2',
  username: 'ann',
  role: 'user',
  team: 'ml',
  limits: { tokensPerDay: 5000 },
  disabled: false,
  mustChangePassword: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};

const team: TeamView = {
  id: 't1',
  name: 'ml',
  limits: { requestsPerMinute: 100, tokensPerMonth: 9000000 },
  members: 3,
  createdAt: '2025-01-01T00:00:00.000Z',
};

const row = (at: string, model: string, status: number, errorCode: string | null): UsageRowView => ({
  requestId: `r-${at}`,
  at,
  user: 'ann',
  key: 'ci',
  team: 'ml',
  model,
  endpoint: '/v1/chat/completions',
  instanceId: 'r1-0',
  status,
  errorCode,
  promptTokens: 1200,
  completionTokens: status === 200 ? 850 : 0,
  reasoningTokens: 0,
  cachedTokens: 0,
  timeToFirstTokenMs: status === 200 ? 240 : null,
  durationMs: status === 200 ? 3400 : 12,
  clientIp: null,
});

const totals = (group: string | null, requests: number, errors: number): UsageTotalsView => ({
  group,
  requests,
  errors,
  promptTokens: requests * 1000,
  completionTokens: requests * 500,
  reasoningTokens: group === 'deepseek-r1' ? 300 : 0,
});

const csv = 'requestId,at,user,model\nr-1,2025-01-01T00:00:00.000Z,ann,deepseek-r1\n';

let api: FakeAdminApi;

beforeAll(async () => {
  api = await startFakeAdminApi({
    'POST /api/keys': (body) => ({
      status: 201,
      body: { ...key, ...(body as object), key: 'hk-abcd1234secret' },
    }),
    'GET /api/keys': () => ({ body: { data: [key] } }),
    'PATCH /api/keys/k1': (body) => ({ body: { ...key, ...(body as object) } }),
    'GET /api/users': () => ({ body: { data: [user] } }),
    'POST /api/users': (body) => ({ status: 201, body: { ...user, ...(body as object) } }),
    'PATCH /api/users/ann': () => ({ body: { ...user, team: null, disabled: true } }),
    'GET /api/teams': () => ({ body: { data: [team] } }),
    'PATCH /api/teams/ml': (body) => ({ body: { ...team, ...(body as object) } }),
    'GET /api/usage': () => ({
      body: {
        data: [
          row('2025-03-01T10:00:05.000Z', 'deepseek-r1', 200, null),
          row('2025-03-01T10:00:00.000Z', 'bge-m3', 429, 'rate_limited'),
        ],
        totals: { ...totals(null, 2, 1), promptTokens: 2400, completionTokens: 850 },
      },
    }),
    'GET /api/usage/totals': () => ({
      body: { data: [totals('deepseek-r1', 1500, 3), totals('bge-m3', 20, 0)] },
    }),
    'GET /api/usage/export.csv': () => ({ text: csv, contentType: 'text/csv; charset=utf-8' }),
    'GET /api/settings': () => ({
      body: { usageRetentionDays: 90, home: '/var/lib/hangar', version: '0.1.0' },
    }),
    'PUT /api/settings': (body) => ({
      body: { ...(body as object), home: '/var/lib/hangar', version: '0.1.0' },
    }),
  });
});

afterAll(() => api.close());

beforeEach(() => {
  api.requests.length = 0;
});

const lastRequest = () => api.requests.at(-1);

describe('hangar keys, users, teams, usage and settings against a fake admin API', () => {
  it('key create sends the models, expiry and limits and prints them', async () => {
    const result = await api.run([
      'key',
      'create',
      '--name',
      'ci',
      '--models',
      'deepseek-r1,bge-m3',
      '--expires-in-days',
      '30',
      '--rpm',
      '60',
      '--tokens-per-day',
      '100000',
    ]);
    expect(lastRequest()?.body).toEqual({
      name: 'ci',
      allowedModels: ['deepseek-r1', 'bge-m3'],
      expiresInDays: 30,
      limits: { requestsPerMinute: 60, tokensPerDay: 100000 },
    });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Created API key ci (k1)',
        'Models: deepseek-r1, bge-m3',
        'Expires: 2025-01-31 00:00:00',
        'Limits: 60 rpm, 100000 tokens/day',
        '',
        '  hk-abcd1234secret',
        '',
        'Copy it now: it will not be shown again.',
        '',
      ].join('\n'),
    });
  });

  it('key limits merges the named limits into the current ones; 0 removes one', async () => {
    const result = await api.run([
      'key',
      'limits',
      'ci',
      '--tpm',
      '5000',
      '--tokens-per-day',
      '0',
      '--all-models',
    ]);
    expect(lastRequest()).toEqual({
      method: 'PATCH',
      url: '/api/keys/k1',
      body: { limits: { requestsPerMinute: 60, tokensPerMinute: 5000 }, allowedModels: null },
    });
    expect(result.stdout).toBe('API key ci (k1)\nModels: all\nLimits: 60 rpm, 5000 tpm\n');
    expect((await api.run(['key', 'limits', 'k1', '--models', 'a', '--all-models'])).code).toBe(2);
  });

  it('user create reads the password from stdin; user update moves out of the team and disables', async () => {
    const created = await api.run(
      ['user', 'create', 'ann', '--team', 'ml', '--password-stdin', '--tokens-per-month', '100'],
      'a-long-password\n',
    );
    expect(lastRequest()?.body).toEqual({
      username: 'ann',
      password: 'a-long-password',
      role: 'user',
      team: 'ml',
      limits: { tokensPerMonth: 100 },
    });
    expect(created.stdout).toBe('Created user ann (user, team ml)\n');
    const updated = await api.run(['user', 'update', 'ann', '--no-team', '--disable', '--rpm', '10']);
    expect(lastRequest()).toEqual({
      method: 'PATCH',
      url: '/api/users/ann',
      body: { team: null, disabled: true, limits: { requestsPerMinute: 10, tokensPerDay: 5000 } },
    });
    expect(updated.stdout).toBe('Updated user ann: user, team -, disabled, limits 5000 tokens/day\n');
    expect(await api.run(['user', 'update', 'ann'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('nothing to change'),
    });
  });

  it('team limits keeps the limits not named', async () => {
    const result = await api.run(['team', 'limits', 'ml', '--rpm', '200']);
    expect(lastRequest()?.body).toEqual({ limits: { requestsPerMinute: 200, tokensPerMonth: 9000000 } });
    expect(result.stdout).toBe('Team ml limits: 200 rpm, 9000000 tokens/month\n');
  });

  it('usage prints the records and a totals line, sending the filters', async () => {
    const before = Date.now();
    const result = await api.run([
      'usage',
      '--user',
      'ann',
      '--model',
      'deepseek-r1',
      '--since',
      '24h',
      '--limit',
      '20',
    ]);
    const query = new URL(lastRequest()?.url ?? '', api.baseUrl).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ user: 'ann', model: 'deepseek-r1', limit: '20' });
    const from = Date.parse(query.get('from') ?? '');
    expect(from).toBeGreaterThanOrEqual(before - 86_400_000);
    expect(from).toBeLessThanOrEqual(Date.now() - 86_400_000);
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'TIME                 USER  KEY  MODEL        STATUS            PROMPT  COMPLETION  TTFT    DURATION',
        '2025-03-01 10:00:05  ann   ci   deepseek-r1  200               1,200   850         240 ms  3.4 s',
        '2025-03-01 10:00:00  ann   ci   bge-m3       429 rate_limited  1,200   0           -       12 ms',
        'Total: 2 requests (1 error), 2,400 prompt + 850 completion tokens',
        '',
      ].join('\n'),
    });
  });

  it('usage --group-by prints totals per group', async () => {
    const result = await api.run(['usage', '--group-by', 'model', '--until', '2025-03-02']);
    expect(lastRequest()?.url).toBe('/api/usage/totals?to=2025-03-02T00%3A00%3A00.000Z&groupBy=model');
    expect(result.stdout).toBe(
      [
        'MODEL        REQUESTS  ERRORS  PROMPT     COMPLETION  REASONING',
        'deepseek-r1  1,500     3       1,500,000  750,000     300',
        'bge-m3       20        0       20,000     10,000      0',
        'Total: 1,520 requests (3 errors), 1,520,000 prompt + 760,000 completion tokens (300 reasoning)',
        '',
      ].join('\n'),
    );
    expect((await api.run(['usage', '--since', 'last week'])).code).toBe(2);
  });

  it('usage export streams the CSV to stdout or to a file, with the filters', async () => {
    const toStdout = await api.run(['usage', 'export', '--team', 'ml']);
    expect(toStdout).toEqual({ code: 0, stdout: csv, stderr: '' });
    expect(lastRequest()?.url).toBe('/api/usage/export.csv?team=ml');
    const directory = await mkdtemp(join(tmpdir(), 'hangar-cli-export-'));
    try {
      const out = join(directory, 'usage.csv');
      const toFile = await api.run(['usage', '--model', 'r1', 'export', '--out', out]);
      expect(toFile).toEqual({
        code: 0,
        stdout: '',
        stderr: `Wrote ${Buffer.byteLength(csv)} B of usage records to ${out}\n`,
      });
      expect(lastRequest()?.url).toBe('/api/usage/export.csv?model=r1');
      expect(await readFile(out, 'utf8')).toBe(csv);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('settings shows the settings and changes the usage retention', async () => {
    expect((await api.run(['settings'])).stdout).toBe(
      '  usage retention  90 days\n  home             /var/lib/hangar\n  version          0.1.0\n',
    );
    const changed = await api.run(['settings', '--usage-retention-days', '30']);
    expect(lastRequest()).toEqual({ method: 'PUT', url: '/api/settings', body: { usageRetentionDays: 30 } });
    expect(changed.stdout).toContain('usage retention  30 days');
  });
});
