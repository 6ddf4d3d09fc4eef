import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { testModelPath } from '@hangar/testing';
import {
  isAlive,
  makeHome,
  placeModel,
  startHangar,
  waitFor,
  waitForReady,
} from './support/hangar-process.js';

describe('server restart', () => {
  const data = makeHome();
  afterAll(() => data.remove());

  it('leaves no orphan on SIGTERM and brings the same deployments back on start', async () => {
    const first = await startHangar(data.home);
    const path = placeModel(data.modelsDir, await testModelPath(), 'model.gguf');
    await first.admin.addModel({ path, name: 'm' });
    await first.admin.createDeployment({
      model: 'm',
      replicas: 2,
      options: { threads: 1, contextTokens: 128 },
    });
    const before = await waitForReady(first.admin, 'm', 2);
    const key = await first.admin.createKey({ name: 'kept' });

    expect(await first.stop('SIGTERM')).toBe(0);
    for (const instance of before) expect(isAlive(instance.pid!)).toBe(false);

    const second = await startHangar(data.home);
    try {
      const after = await waitForReady(second.admin, 'm', 2);
      expect(after.map((instance) => instance.id).sort()).toEqual(
        before.map((instance) => instance.id).sort(),
      );
      // The key made before the restart still works: nothing stored was lost.
      const openai = new OpenAI({ apiKey: key.key, baseURL: `${second.url}/v1`, maxRetries: 0 });
      const completion = await openai.completions.create({ model: 'm', prompt: 'again', max_tokens: 3 });
      expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    } finally {
      await second.stop('SIGTERM');
    }
  });

  it('leaves no orphan when the server is killed hard, and recovers on the next start', async () => {
    const first = await startHangar(data.home);
    const before = await waitForReady(first.admin, 'm', 2);
    await first.stop('SIGKILL');
    // No server is running now: the engines notice their parent is gone and exit by themselves.
    for (const instance of before)
      await waitFor(() => (isAlive(instance.pid!) ? undefined : true), 10_000, 'the orphaned engine to exit');
    const second = await startHangar(data.home);
    try {
      await waitForReady(second.admin, 'm', 2);
    } finally {
      await second.stop('SIGTERM');
    }
  });
});
