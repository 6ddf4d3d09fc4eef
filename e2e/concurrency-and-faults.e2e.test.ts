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

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

describe('one instance decodes concurrent streams together; a killed instance loses no request', () => {
  const data = makeHome();
  let hangar: HangarProcess;
  let openai: OpenAI;

  beforeAll(async () => {
    hangar = await startHangar(data.home);
    const path = placeModel(data.modelsDir, await testModelPath(), 'model.gguf');
    await hangar.admin.addModel({ path, name: 'm' });
    await hangar.admin.createDeployment({
      model: 'm',
      name: 'solo',
      replicas: 1,
      options: { parallelSequences: 8, threads: 1, contextTokens: 256 },
    });
    await hangar.admin.createDeployment({
      model: 'm',
      name: 'pair',
      replicas: 2,
      options: { parallelSequences: 2, threads: 1, contextTokens: 256 },
    });
    await waitForReady(hangar.admin, 'solo', 1);
    await waitForReady(hangar.admin, 'pair', 2);
    const key = await hangar.admin.createKey({ name: 'e2e' });
    openai = new OpenAI({ apiKey: key.key, baseURL: `${hangar.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await hangar?.stop();
    data.remove();
  });

  it('decodes 8 concurrent streams on one instance at once, and all complete', async () => {
    const [instance] = await waitForReady(hangar.admin, 'solo', 1);
    const streams = Array.from({ length: 8 }, async (_, index) => {
      const stream = await openai.chat.completions.create({
        model: 'solo',
        messages: [{ role: 'user', content: `Story number ${index}` }],
        max_tokens: 48,
        stream: true,
        stream_options: { include_usage: true },
      });
      let usage: OpenAI.CompletionUsage | undefined;
      let finish: string | null = null;
      for await (const chunk of stream) {
        finish = chunk.choices[0]?.finish_reason ?? finish;
        usage = chunk.usage ?? usage;
      }
      return { usage, finish };
    });
    const results = await Promise.all(streams);
    for (const result of results) {
      expect(result.finish === 'stop' || result.finish === 'length').toBe(true);
      expect(result.usage?.completion_tokens).toBeGreaterThan(0);
    }
    expect(await metric(instance!.port!, 'hangar_engine_sequences_active_peak')).toBeGreaterThan(1);
    expect(await metric(instance!.port!, 'hangar_engine_sequences_active')).toBe(0);
  });

  it('loses none of 50 sequential requests when an instance is killed, and the instance is back within 10 s', async () => {
    const before = await waitForReady(hangar.admin, 'pair', 2);
    const victim = before[0]!;
    let killedAt = 0;
    const answers: string[] = [];
    for (let index = 0; index < 50; index++) {
      if (index === 10) {
        process.kill(victim.pid!, 'SIGKILL');
        killedAt = Date.now();
      }
      const completion = await openai.completions.create({
        model: 'pair',
        prompt: `Request ${index}`,
        max_tokens: 4,
      });
      answers.push(completion.choices[0]!.text);
    }
    expect(answers).toHaveLength(50);
    const back = await waitForReady(hangar.admin, 'pair', 2, 10_000 - (Date.now() - killedAt));
    const restarted = back.find((instance) => instance.id === victim.id)!;
    expect(restarted.restarts).toBe(1);
    expect(restarted.pid).not.toBe(victim.pid);
    const events = await hangar.admin.listEvents({ deployment: 'pair' });
    expect(events.map((event) => event.type)).toContain('instance-exit');
  });
});
