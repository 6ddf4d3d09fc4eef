import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords, startFakeModelHub, writeFakeEngines, type FakeModelHub } from '@hangar/testing';
import {
  makeHome,
  runCli,
  startHangar,
  waitFor,
  waitForReady,
  type HangarProcess,
} from './support/hangar-process.js';

const REPO = 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B';
const CATALOG_ID = 'deepseek-r1-distill-qwen-1.5b';

// Issue 4's acceptance on a machine without GPU or vLLM: deploying a catalog model on vLLM fails early with a clear
// message; the same deployment against fake `vllm` executables (which record their command line and run the
// simulator engine), with simulated accelerators and a local stand-in for Hugging Face, downloads the weights,
// reaches ready and serves through the gateway.
describe('GPU engines and model downloads', () => {
  const data = makeHome();
  let hub: FakeModelHub;
  let hangar: HangarProcess | undefined;
  const weights = randomBytes(256 * 1024);

  beforeAll(async () => {
    hub = await startFakeModelHub({
      repos: [
        {
          source: 'huggingface',
          repo: REPO,
          files: [
            {
              path: 'config.json',
              content: JSON.stringify({
                architectures: ['Qwen2ForCausalLM'],
                model_type: 'qwen2',
                max_position_embeddings: 131072,
                num_hidden_layers: 28,
                hidden_size: 1536,
                num_attention_heads: 12,
                num_key_value_heads: 2,
                vocab_size: 151936,
                torch_dtype: 'bfloat16',
              }),
            },
            { path: 'tokenizer.json', content: '{"version":"1.0"}' },
            { path: 'model.safetensors', content: weights },
            { path: 'README.md', content: 'not downloaded: not in the safetensors file set' },
          ],
        },
      ],
    });
  });

  afterAll(async () => {
    await hangar?.stop();
    await hub.close();
    data.remove();
  });

  it('fails early, before starting anything, when vLLM is not installed', async () => {
    hangar = await startHangar(data.home, {
      HANGAR_HF_ENDPOINT: hub.url,
      HANGAR_SIMULATED_ACCELERATORS: '1xL40S-48G',
    });
    const deploy = runCli(['deploy', CATALOG_ID, '--engine', 'vllm'], { home: data.home, url: hangar.url });
    expect(deploy.status).toBe(1);
    expect(deploy.stderr).toMatch(/vLLM is not installed/i);
    expect(await hangar.admin.listDeployments()).toEqual([]);
    await hangar.stop();
    hangar = undefined;
  });

  it('fails early when no accelerator of this node can run it', async () => {
    const bin = writeFakeEngines(data.home, join(data.home, 'launches.jsonl'));
    hangar = await startHangar(data.home, {
      HANGAR_HF_ENDPOINT: hub.url,
      PATH: `${bin}:${process.env['PATH']}`,
    });
    const deploy = runCli(['deploy', CATALOG_ID, '--engine', 'vllm'], { home: data.home, url: hangar.url });
    expect(deploy.status).toBe(1);
    expect(deploy.stderr).toMatch(/error: .*(GPU|accelerator|NVIDIA)/i);
    await hangar.stop();
    hangar = undefined;
  });

  it('downloads the weights, launches vLLM with the planned flags, and serves through the gateway', async () => {
    const records = join(data.home, 'launches.jsonl');
    const bin = writeFakeEngines(data.home, records);
    hangar = await startHangar(data.home, {
      HANGAR_HF_ENDPOINT: hub.url,
      HANGAR_SIMULATED_ACCELERATORS: '1xL40S-48G',
      PATH: `${bin}:${process.env['PATH']}`,
    });
    const engines = runCli(['engines'], { home: data.home, url: hangar.url });
    expect(engines.stdout).toMatch(/vllm\s+vLLM\s+yes/);
    expect(engines.stdout).toMatch(/sglang .*no/);
    const deploy = runCli(['deploy', CATALOG_ID, '--engine', 'vllm'], { home: data.home, url: hangar.url });
    expect(deploy.status, deploy.stderr).toBe(0);
    const [instance] = await waitForReady(hangar.admin, CATALOG_ID, 1, 60_000);

    // The weights came from the hub, the README did not.
    const model = await hangar.admin.getModel(CATALOG_ID);
    expect(model.source).toBe('huggingface');
    expect(hub.bytesServed('model.safetensors')).toBe(weights.length);
    expect(hub.bytesServed('README.md')).toBe(0);
    const events = await hangar.admin.listEvents({ deployment: CATALOG_ID });
    expect(events.map((event) => event.type)).toContain('download-progress');
    // The planner learns: the engine's own KV figure at startup is stored next to the prediction.
    expect(events.map((event) => event.type)).toContain('kv-cache-measured');
    const shown = (await hangar.admin.getDeployment(CATALOG_ID)).instances[0]!;
    expect(shown.kvCache?.actualKvTokens).toBeGreaterThan(0);
    expect(shown.kvCache?.predictedKvTokens).toBeGreaterThan(0);

    // vLLM got the plan: served name, one GPU, the R1 reasoning parser, the model folder.
    const launch = readRecords(records).at(-1)!;
    expect(launch.command).toBe('vllm');
    expect(launch.argv[0]).toBe('serve');
    expect(launch.argv[1]).toBe(model.path);
    expect(launch.argv).toContain('--served-model-name');
    expect(launch.argv.join(' ')).toMatch(/--reasoning-parser deepseek_r1/);
    expect(launch.env['CUDA_VISIBLE_DEVICES']).toBe('0');
    expect(instance!.port).not.toBeNull();

    const key = await hangar.admin.createKey({ name: 'gpu' });
    const openai = new OpenAI({ apiKey: key.key, baseURL: `${hangar.url}/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: CATALOG_ID,
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
      max_tokens: 16,
    });
    expect(completion.choices[0]!.message.content?.length).toBeGreaterThan(0);
    const reasoning = (completion.choices[0]!.message as { reasoning_content?: string }).reasoning_content;
    expect(reasoning?.length).toBeGreaterThan(0);
    expect((await openai.models.list()).data.find((entry) => entry.id === CATALOG_ID)).toBeDefined();

    // Stop means stopped: after the process group is gone, the devices' memory is checked against what they used
    // before the instance started (the simulated L40S reports it through the same inventory path as nvidia-smi).
    expect(runCli(['stop', CATALOG_ID], { home: data.home, url: hangar.url }).status).toBe(0);
    await waitFor(
      async () => {
        const stopped = await hangar!.admin.listEvents({ deployment: CATALOG_ID });
        return stopped.some((event) => event.type === 'instance-memory-freed') ? true : undefined;
      },
      20_000,
      'the device memory check after stop',
    );
    expect(runCli(['start', CATALOG_ID], { home: data.home, url: hangar.url }).status).toBe(0);
    await waitForReady(hangar.admin, CATALOG_ID, 1, 60_000);

    // The engine's own metrics appear once, under Hangar's names.
    await waitFor(
      async () => {
        const text = await (await fetch(`${hangar!.url}/metrics`)).text();
        return /hangar_instance_requests_running\{[^}]*deployment="deepseek-r1-distill-qwen-1.5b"/.test(text)
          ? true
          : undefined;
      },
      20_000,
      'normalised engine metrics on /metrics',
    );
  });
});
