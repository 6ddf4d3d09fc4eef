import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, migrate } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { openStore } from './store.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'hangar.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('store', () => {
  it('migrates once and keeps data across reopen', async () => {
    const path = tempDb();
    const store = openStore({ path });
    store.users.insert({
      id: 'u1',
      username: 'admin',
      role: 'admin',
      mustChangePassword: true,
      createdAt: 1,
      passwordHash: 'h',
    });
    store.models.insert({
      id: 'm1',
      name: 'tiny',
      source: 'local',
      format: 'gguf',
      path: '/x.gguf',
      sizeBytes: 10,
      createdAt: 2,
      metadata: {
        architecture: 'llama',
        contextTokens: 128,
        parameterCount: 260_000,
        quantization: 'F32',
        embeddingLength: 64,
        layerCount: 5,
        hasChatTemplate: false,
        vocabularySize: 512,
      },
    });
    store.deployments.insert({
      id: 'd1',
      name: 'tiny',
      modelId: 'm1',
      engine: 'llama-cpp',
      replicas: 2,
      state: 'running',
      options: { threads: 1 },
      createdAt: 3,
      updatedAt: 3,
    });
    store.instances.insert({
      id: 'i1',
      deploymentId: 'd1',
      ordinal: 0,
      state: 'pending',
      port: null,
      pid: null,
      restarts: 0,
      startedAt: null,
      readyAt: null,
      lastError: null,
      updatedAt: 3,
    });
    store.instances.update('i1', { state: 'ready', port: 39000, pid: 123 });
    await store.close();

    const db = openDatabase(path);
    expect(migrate(db, MIGRATIONS)).toBe(0);
    db.close();
    const reopened = openStore({ path });
    expect(reopened.users.findByUsername('admin')?.mustChangePassword).toBe(true);
    expect(reopened.models.findByName('tiny')?.metadata.parameterCount).toBe(260_000);
    expect(reopened.deployments.findByName('tiny')?.options).toEqual({ threads: 1 });
    expect(reopened.instances.findById('i1')).toMatchObject({ state: 'ready', port: 39000, pid: 123 });
    await reopened.close();
  });

  it('refuses a database from a newer Hangar', () => {
    const path = tempDb();
    openDatabase(path).close();
    expect(() => openDatabase(path, [])).toThrow(/newer than this Hangar/);
  });

  it('rolls back a failed transaction whole', async () => {
    const store = openStore({ path: tempDb() });
    expect(() =>
      store.transaction(() => {
        store.users.insert({
          id: 'u1',
          username: 'a',
          role: 'user',
          mustChangePassword: false,
          createdAt: 1,
          passwordHash: 'h',
        });
        store.users.insert({
          id: 'u2',
          username: 'a',
          role: 'user',
          mustChangePassword: false,
          createdAt: 1,
          passwordHash: 'h',
        });
      }),
    ).toThrow(/UNIQUE/);
    expect(store.users.count()).toBe(0);
    await store.close();
  });

  it('appends usage in batches and events per deployment', async () => {
    const store = openStore({ path: tempDb() });
    const base = {
      requestId: 'r',
      at: 1,
      userId: null,
      keyId: null,
      model: 'tiny',
      deploymentId: 'd',
      instanceId: 'i',
      endpoint: 'chat',
      promptTokens: 3,
      completionTokens: 4,
      reasoningTokens: 0,
      status: 200,
      errorCode: null,
      timeToFirstTokenMs: 5,
      durationMs: 6,
    };
    store.usage.insertMany([base, { ...base, requestId: 'r2', at: 2 }]);
    expect(store.usage.list({ limit: 10 }).map((row) => row.requestId)).toEqual(['r2', 'r']);
    store.events.append({ at: 1, type: 'instance-start', deploymentId: 'd', instanceId: 'i', message: 'x' });
    store.events.append({
      at: 2,
      type: 'instance-ready',
      deploymentId: 'other',
      instanceId: null,
      message: 'y',
    });
    expect(store.events.list({ deploymentId: 'd', limit: 10 }).map((event) => event.type)).toEqual([
      'instance-start',
    ]);
    await store.close();
  });

  it('answers usage totals, series, budgets and retention', async () => {
    const store = openStore({ path: tempDb() });
    const day = 86_400_000;
    const row = (requestId: string, at: number, userId: string, model: string, status = 200) => ({
      requestId,
      at,
      userId,
      keyId: `k-${userId}`,
      teamId: 't1',
      model,
      deploymentId: 'd',
      instanceId: 'i',
      endpoint: 'chat',
      promptTokens: 10,
      completionTokens: 5,
      reasoningTokens: 1,
      status,
      errorCode: status >= 400 ? 'x' : null,
      timeToFirstTokenMs: 20,
      durationMs: 100,
      clientIp: '127.0.0.1',
    });
    store.usage.insertMany([
      row('a', day, 'alice', 'm1'),
      row('b', day + 1000, 'alice', 'm2', 429),
      row('c', 2 * day, 'bob', 'm1'),
    ]);
    expect(store.usage.totals({}, 'user')).toEqual([
      { group: 'alice', requests: 2, errors: 1, promptTokens: 20, completionTokens: 10, reasoningTokens: 2 },
      { group: 'bob', requests: 1, errors: 0, promptTokens: 10, completionTokens: 5, reasoningTokens: 1 },
    ]);
    expect(store.usage.totals({ model: 'm1' }, 'day').map((total) => total.group)).toEqual([
      '1970-01-02',
      '1970-01-03',
    ]);
    expect(store.usage.list({ userId: 'alice', limit: 10 }).map((record) => record.requestId)).toEqual([
      'b',
      'a',
    ]);
    expect(store.usage.series({}, day)).toEqual([
      { t: day, requests: 2, tokens: 30, errors: 1 },
      { t: 2 * day, requests: 1, tokens: 15, errors: 0 },
    ]);
    expect(store.usage.tokensSince('key', 2 * day)).toEqual([{ subject: 'k-bob', tokens: 15 }]);
    expect(store.usage.deleteBefore(2 * day)).toBe(2);
    expect(store.usage.list({ limit: 10 }).map((record) => record.requestId)).toEqual(['c']);
    store.teams.insert({ id: 't1', name: 'ml', limits: { tokensPerDay: 1000 }, createdAt: 1 });
    store.settings.set('usageRetentionDays', 30);
    expect(store.settings.get<number>('usageRetentionDays')).toBe(30);
    expect(store.teams.findByName('ml')?.limits).toEqual({ tokensPerDay: 1000 });
    await store.close();
  });
});
