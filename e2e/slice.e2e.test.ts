import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedModelPath, tinyModelPath } from '@hangar/testing';
import {
  makeHome,
  placeModel,
  runCli,
  startHangar,
  waitFor,
  waitForReady,
  type HangarProcess,
} from './support/hangar-process.js';

// The vertical slice as a user drives it: CLI to register and deploy, the official openai client to use it.
describe('vertical slice: deploy a GGUF on CPU and use it through the OpenAI API', () => {
  const data = makeHome();
  let hangar: HangarProcess;
  let openai: OpenAI;
  let apiKey: string;
  // stories260K when ../shared is there; the tiny GGUF the test tools write is always deployed too.
  const storiesPath = sharedModelPath('stories260K.gguf');
  const story = storiesPath ? 'stories' : 'tiny';
  const cli = (args: string[], input?: string) => runCli(args, { home: data.home, url: hangar.url, input });

  beforeAll(async () => {
    hangar = await startHangar(data.home);
    placeModel(data.modelsDir, await tinyModelPath(), 'tiny.gguf');
    if (storiesPath) placeModel(data.modelsDir, storiesPath, 'stories260K.gguf');

    const addTiny = cli(['model', 'add', `${data.modelsDir}/tiny.gguf`, '--name', 'tiny']);
    expect(addTiny.stderr).toBe('');
    expect(addTiny.status).toBe(0);
    expect(addTiny.stdout).toMatch(/llama/);
    if (storiesPath) {
      const addStories = cli(['model', 'add', `${data.modelsDir}/stories260K.gguf`, '--name', 'stories']);
      expect(addStories.status).toBe(0);
      expect(addStories.stdout).toMatch(/F32/);
    }
    const deploy = cli([
      'deploy',
      story,
      '--replicas',
      '2',
      '--threads',
      '1',
      '--parallel',
      '4',
      '--context',
      '512',
      '--chat-template',
      'chatml',
    ]);
    expect(deploy.status, deploy.stderr).toBe(0);
    if (story !== 'tiny')
      expect(cli(['deploy', 'tiny', '--replicas', '1', '--threads', '1', '--context', '256']).status).toBe(0);
    await waitForReady(hangar.admin, story, 2);
    if (story !== 'tiny') await waitForReady(hangar.admin, 'tiny', 1);

    const key = cli(['key', 'create', '--name', 'dev']);
    expect(key.status).toBe(0);
    apiKey = /hk-[A-Za-z0-9_-]+/.exec(key.stdout)?.[0] ?? '';
    expect(apiKey).not.toBe('');
    openai = new OpenAI({ apiKey, baseURL: `${hangar.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await hangar?.stop();
    data.remove();
  });

  it('lists the deployed models', async () => {
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id).sort()).toEqual([...new Set([story, 'tiny'])].sort());
  });

  it('answers a chat completion with real usage', async () => {
    const completion = await openai.chat.completions.create({
      model: story,
      messages: [{ role: 'user', content: 'Tell me a story about a cat.' }],
      max_tokens: 24,
      temperature: 0,
    });
    const choice = completion.choices[0]!;
    expect(choice.message.role).toBe('assistant');
    expect(choice.message.content?.length).toBeGreaterThan(0);
    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(5);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeLessThanOrEqual(24);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    if (choice.finish_reason === 'length') expect(usage.completion_tokens).toBe(24);
  });

  it('streams a chat completion, with usage when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: story,
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 16,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let contentChunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        contentChunks++;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage).toBeDefined();
    expect(usage!.completion_tokens).toBeGreaterThanOrEqual(contentChunks);
    if (finish === 'length') expect(usage!.completion_tokens).toBe(16);
    // Greedy decoding: the streamed text equals the non-streamed text for the same request.
    const whole = await openai.chat.completions.create({
      model: story,
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 16,
      temperature: 0,
    });
    expect(whole.choices[0]!.message.content).toBe(text);
    expect(whole.usage!.completion_tokens).toBe(usage!.completion_tokens);
  });

  it('creates completions whose token counts match what was generated', async () => {
    const completion = await openai.completions.create({
      model: story,
      prompt: 'The little dog',
      max_tokens: 12,
      temperature: 0,
    });
    const choice = completion.choices[0]!;
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(12);
    if (choice.finish_reason === 'length') expect(completion.usage!.completion_tokens).toBe(12);
    expect(completion.usage!.prompt_tokens).toBeGreaterThanOrEqual(3);
    // Asking for exactly the tokens produced reproduces the same text (greedy), and asking for one fewer does not.
    const again = await openai.completions.create({
      model: story,
      prompt: 'The little dog',
      max_tokens: completion.usage!.completion_tokens,
      temperature: 0,
    });
    expect(again.choices[0]!.text).toBe(choice.text);
  });

  it('creates embeddings of the model width', async () => {
    const result = await openai.embeddings.create({ model: 'tiny', input: ['hello world', 'a cat'] });
    expect(result.data).toHaveLength(2);
    const width = (await hangar.admin.getModel('tiny')).embeddingLength;
    expect(result.data[0]!.embedding).toHaveLength(width!);
    expect(result.data[0]!.embedding).not.toEqual(result.data[1]!.embedding);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("reuses an engine's prefix cache for a repeated prompt, and the usage ledger records it", async () => {
    const request = {
      model: story,
      messages: [
        { role: 'system' as const, content: 'You tell very short stories about the animals of the forest.' },
        { role: 'user' as const, content: 'A fox and a crow' },
      ],
      max_tokens: 4,
      temperature: 0,
    };
    // Two replicas: of four identical requests, at least two land on the same one, the later reusing the cache.
    const answers = [];
    for (let index = 0; index < 4; index++) answers.push(await openai.chat.completions.create(request));
    const cached = answers.map((answer) => answer.usage?.prompt_tokens_details?.cached_tokens ?? 0);
    const promptTokens = answers[0]!.usage!.prompt_tokens;
    expect(Math.max(...cached)).toBe(promptTokens - 1);
    expect(new Set(answers.map((answer) => answer.choices[0]!.message.content)).size).toBe(1);
    await waitFor(
      async () => {
        const rows = (await hangar.admin.listUsage({ limit: 50 })).data;
        return rows.some((row) => row.cachedTokens === promptTokens - 1) ? true : undefined;
      },
      10_000,
      'a usage row with the cached prompt tokens',
    );
  });

  it('serves the tiny GGUF written by the test tools', async () => {
    const completion = await openai.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 8,
      temperature: 0,
    });
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('refuses calls without a valid key, in OpenAI error format', async () => {
    const stranger = new OpenAI({ apiKey: 'hk-not-a-key', baseURL: `${hangar.url}/v1`, maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('shows instances, logs and events in the CLI', async () => {
    const ps = cli(['ps']);
    expect(ps.status).toBe(0);
    expect(ps.stdout).toMatch(/ready/);
    const instances = await hangar.admin.listInstances();
    const first = instances.find((instance) => instance.deployment === story)!;
    expect(ps.stdout).toContain(first.id);
    expect(ps.stdout).toContain(String(first.port));
    const logs = cli(['logs', first.id, '--tail', '50']);
    expect(logs.status).toBe(0);
    expect(logs.stdout).toMatch(/model-loaded/);
  });

  it('chats in the terminal with hangar chat', () => {
    const chat = cli(['chat', story, '--max-tokens', '8'], 'Tell me a story\n');
    expect(chat.status, chat.stderr).toBe(0);
    expect(chat.stdout.trim().length).toBeGreaterThan(0);
  });

  it('scales, stops, starts and removes a deployment', async () => {
    expect(cli(['scale', 'tiny', '2']).status).toBe(0);
    await waitForReady(hangar.admin, 'tiny', 2);
    expect(cli(['stop', 'tiny']).status).toBe(0);
    await expect
      .poll(async () => (await hangar.admin.getDeployment('tiny')).instances.length, { timeout: 20_000 })
      .toBe(0);
    expect(cli(['start', 'tiny']).status).toBe(0);
    await waitForReady(hangar.admin, 'tiny', 2);
    expect(cli(['rm', 'tiny']).status).toBe(0);
    const after = cli(['ps']);
    expect(after.stdout).not.toMatch(/\btiny-\d/);
    expect((await openai.models.list()).data.map((model) => model.id)).not.toContain('tiny');
  });
});
