import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelPath } from '@hangar/testing';
import {
  makeHome,
  placeModel,
  runCli,
  startHangar,
  waitFor,
  waitForReady,
  type HangarProcess,
} from './support/hangar-process.js';

const client = (hangar: HangarProcess, apiKey: string) =>
  new OpenAI({ apiKey, baseURL: `${hangar.url}/v1`, maxRetries: 0 });

describe('governance: limits, budgets, model visibility, usage ledger, metrics', () => {
  const data = makeHome();
  let hangar: HangarProcess;
  const cli = (args: string[]) => runCli(args, { home: data.home, url: hangar.url });

  beforeAll(async () => {
    hangar = await startHangar(data.home);
    const path = placeModel(data.modelsDir, await testModelPath(), 'model.gguf');
    await hangar.admin.addModel({ path, name: 'm' });
    await hangar.admin.createDeployment({
      model: 'm',
      replicas: 1,
      options: { threads: 1, contextTokens: 256, parallelSequences: 4 },
    });
    await hangar.admin.createDeployment({
      model: 'm',
      name: 'other',
      replicas: 1,
      options: { threads: 1, contextTokens: 256 },
    });
    await waitForReady(hangar.admin, 'm', 1);
    await waitForReady(hangar.admin, 'other', 1);
  });
  afterAll(async () => {
    await hangar?.stop();
    data.remove();
  });

  it('answers 429 in OpenAI format once a key exceeds its requests per minute', async () => {
    const created = cli(['key', 'create', '--name', 'limited', '--rpm', '3']);
    expect(created.status, created.stderr).toBe(0);
    const key = /hk-[A-Za-z0-9_-]+/.exec(created.stdout)![0];
    const openai = client(hangar, key);
    for (let index = 0; index < 3; index++)
      await openai.completions.create({ model: 'm', prompt: 'hi', max_tokens: 2 });
    const refused = await fetch(`${hangar.url}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', prompt: 'hi', max_tokens: 2 }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toMatch(/limited.*3 requests per minute/);
  });

  it('hides and refuses models a key may not use', async () => {
    const created = cli(['key', 'create', '--name', 'only-m', '--models', 'm']);
    const openai = client(hangar, /hk-[A-Za-z0-9_-]+/.exec(created.stdout)![0]);
    expect((await openai.models.list()).data.map((model) => model.id)).toEqual(['m']);
    await expect(
      openai.completions.create({ model: 'other', prompt: 'hi', max_tokens: 2 }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('enforces a team token budget, and keeps it across a restart', async () => {
    expect(cli(['team', 'create', 'ml', '--tokens-per-day', '70']).status).toBe(0);
    const user = runCli(['user', 'create', 'alice', '--team', 'ml', '--password-stdin'], {
      home: data.home,
      url: hangar.url,
      input: 'alice-password\n',
    });
    expect(user.status, user.stderr).toBe(0);
    // Alice logs in and makes her own key.
    const login = await fetch(`${hangar.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'alice-password' }),
    });
    const session = ((await login.json()) as { token: string }).token;
    const keyResponse = await fetch(`${hangar.url}/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'alice-key' }),
    });
    const aliceKey = ((await keyResponse.json()) as { key: string }).key;
    let openai = client(hangar, aliceKey);
    // Admitted on its estimate (body bytes / 4 + max_tokens, about 59 of 70), then charged its real usage (over 40).
    const first = await openai.completions.create({
      model: 'm',
      prompt: 'Once upon a time',
      max_tokens: 40,
      temperature: 0,
    });
    expect(first.usage!.total_tokens).toBeGreaterThan(40);
    // Another 30 tokens would fit an empty budget, not what is left of this one.
    await expect(
      openai.completions.create({ model: 'm', prompt: 'and', max_tokens: 30 }),
    ).rejects.toMatchObject({ status: 429 });

    await hangar.stop();
    hangar = await startHangar(data.home);
    await waitForReady(hangar.admin, 'm', 1);
    openai = client(hangar, aliceKey);
    const after = await openai.completions.create({ model: 'm', prompt: 'and', max_tokens: 30 }).then(
      () => 'served',
      (error: { status?: number }) => error.status,
    );
    expect(after).toBe(429);
  });

  it('keeps a ledger row for normal, failed and client-aborted requests, with totals and CSV', async () => {
    const key = (await hangar.admin.createKey({ name: 'ledger' })).key;
    const openai = client(hangar, key);
    await openai.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 4,
    });
    await expect(
      openai.completions.create({ model: 'm', prompt: 'hi', max_tokens: 100_000 }),
    ).rejects.toMatchObject({ status: 400 });
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'a long story' }], max_tokens: 200, stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    controller.abort();

    const rows = await waitFor(
      async () => {
        const usage = await fetch(`${hangar.url}/api/usage?key=ledger`, {
          headers: { authorization: `Bearer ${hangar.adminToken}` },
        });
        const body = (await usage.json()) as {
          data: { status: number; completionTokens: number; key: string }[];
        };
        return body.data.length >= 3 ? body.data : undefined;
      },
      10_000,
      'three ledger rows',
    );
    const statuses = rows.map((row) => row.status).sort();
    expect(statuses).toEqual([200, 400, 499]);
    expect(rows.every((row) => row.key === 'ledger')).toBe(true);
    expect(rows.find((row) => row.status === 200)!.completionTokens).toBeGreaterThan(0);

    const csv = cli(['usage', 'export', '--key', 'ledger']);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(4);
    const totals = cli(['usage', '--group-by', 'model']);
    expect(totals.stdout).toMatch(/\bm\b/);
  });

  it('exposes gateway metrics for Prometheus', async () => {
    // Engines are scraped every few seconds; their figures appear under Hangar's names.
    const text = await waitFor(
      async () => {
        const body = await (await fetch(`${hangar.url}/metrics`)).text();
        return /hangar_instance_requests_running\{[^}]*deployment="m"/.test(body) ? body : undefined;
      },
      15_000,
      'instance metrics',
    );
    expect(text).toMatch(/hangar_gateway_requests_total\{[^}]*model="m"/);
    expect(text).toMatch(/hangar_gateway_time_to_first_token_seconds_bucket/);
  });
});
