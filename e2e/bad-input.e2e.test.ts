import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelPath } from '@hangar/testing';
import {
  makeHome,
  placeModel,
  startHangar,
  waitForReady,
  type HangarProcess,
} from './support/hangar-process.js';

describe('bad input gets a clear 4xx and loses nothing', () => {
  const data = makeHome();
  const outside = makeHome();
  let hangar: HangarProcess;
  let openai: OpenAI;
  let keyId: string;

  beforeAll(async () => {
    hangar = await startHangar(data.home);
    const path = placeModel(data.modelsDir, await testModelPath(), 'model.gguf');
    await hangar.admin.addModel({ path, name: 'm' });
    await hangar.admin.createDeployment({
      model: 'm',
      replicas: 1,
      options: { threads: 1, contextTokens: 128 },
    });
    await waitForReady(hangar.admin, 'm', 1);
    const key = await hangar.admin.createKey({ name: 'e2e' });
    keyId = key.id;
    openai = new OpenAI({ apiKey: key.key, baseURL: `${hangar.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await hangar?.stop();
    data.remove();
    outside.remove();
  });

  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string | null; type?: string; message: string } }).error;
  const post = (path: string, body: string, token: string) =>
    fetch(`${hangar.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });

  it('malformed JSON on the gateway and the admin API', async () => {
    const gateway = await post('/v1/chat/completions', '{"model": "m", "messages": [', hangar.adminToken);
    expect(gateway.status).toBe(400);
    expect(await errorOf(gateway)).toMatchObject({ type: 'invalid_request_error' });
    const admin = await post('/api/models', '{"path": ', hangar.adminToken);
    expect(admin.status).toBe(400);
    expect((await errorOf(admin)).code).toBe('invalid_json');
  });

  it('unknown model', async () => {
    await expect(
      openai.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('max_tokens beyond the context', async () => {
    await expect(
      openai.completions.create({ model: 'm', prompt: 'hello', max_tokens: 100_000 }),
    ).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded' });
  });

  it('a .gguf that is not GGUF, and a path outside the allowed directories', async () => {
    const fake = join(data.modelsDir, 'fake.gguf');
    writeFileSync(fake, 'this is not a model');
    await expect(hangar.admin.addModel({ path: fake, name: 'fake' })).rejects.toMatchObject({
      status: 400,
      code: 'not_gguf',
    });
    const elsewhere = placeModel(outside.modelsDir, await testModelPath(), 'elsewhere.gguf');
    await expect(hangar.admin.addModel({ path: elsewhere })).rejects.toMatchObject({
      status: 400,
      code: 'model_path_not_allowed',
    });
    await expect(
      hangar.admin.addModel({ path: `${data.modelsDir}/../../../etc/passwd` }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('missing and revoked keys', async () => {
    const bare = await fetch(`${hangar.url}/v1/models`);
    expect(bare.status).toBe(401);
    expect((await errorOf(bare)).code).toBe('invalid_api_key');
    await hangar.admin.revokeKey(keyId);
    await expect(openai.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('kept serving and lost nothing', async () => {
    expect((await hangar.admin.listModels()).map((model) => model.name)).toEqual(['m']);
    expect((await hangar.admin.listDeployments()).map((deployment) => deployment.name)).toEqual(['m']);
    const fresh = await hangar.admin.createKey({ name: 'after' });
    const client = new OpenAI({ apiKey: fresh.key, baseURL: `${hangar.url}/v1`, maxRetries: 0 });
    const completion = await client.completions.create({ model: 'm', prompt: 'still here', max_tokens: 3 });
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
  });
});
