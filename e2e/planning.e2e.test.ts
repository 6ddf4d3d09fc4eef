import { copyFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelPath } from '@hangar/testing';
import {
  makeHome,
  placeModel,
  runCli,
  startHangar,
  waitForReady,
  type HangarProcess,
} from './support/hangar-process.js';

/** The fields these tests read from the answers. */
interface ResponseBody {
  ok?: boolean;
  reason?: string;
  message?: string;
  plan?: { layout: { tensorParallel: number; dataParallel: number } };
  error?: { code: string; message: string };
}

describe('hardware, catalog and plans', () => {
  const data = makeHome();
  let hangar: HangarProcess;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${hangar.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${hangar.adminToken}`, 'content-type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as ResponseBody };
  };

  beforeAll(async () => {
    hangar = await startHangar(data.home);
  });
  afterAll(async () => {
    await hangar?.stop();
    data.remove();
  });

  it('shows this node with its CPU and memory', async () => {
    const [node] = await hangar.admin.listNodes();
    const cpu = node!.accelerators.find((accelerator) => accelerator.vendor === 'cpu');
    expect(cpu!.memoryTotalBytes).toBeGreaterThan(1024 ** 3);
    expect(node!.host.logicalCpus).toBeGreaterThanOrEqual(1);
  });

  it('refuses, before starting anything, a deployment that cannot fit, with the planner reason', async () => {
    // A valid GGUF header followed by a hole: the file claims 256 GiB of weights without using the disk.
    const huge = join(data.modelsDir, 'huge.gguf');
    copyFileSync(await testModelPath(), huge);
    truncateSync(huge, 256 * 1024 ** 3);
    await hangar.admin.addModel({ path: huge, name: 'huge' });
    const refused = await call('/api/deployments', {
      method: 'POST',
      body: JSON.stringify({ model: 'huge', replicas: 1 }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error!.code).toBe('insufficient_memory');
    expect(refused.body.error!.message).toMatch(/GiB/);
    expect(await hangar.admin.listDeployments()).toEqual([]);
    expect(await hangar.admin.listInstances()).toEqual([]);
  });

  it('admits a deployment that fits and shows its plan', async () => {
    const path = placeModel(data.modelsDir, await testModelPath(), 'model.gguf');
    await hangar.admin.addModel({ path, name: 'm' });
    await hangar.admin.createDeployment({
      model: 'm',
      replicas: 1,
      options: { threads: 1, contextTokens: 256, parallelSequences: 2 },
    });
    await waitForReady(hangar.admin, 'm', 1);
    const deployment = await hangar.admin.getDeployment('m');
    expect(deployment.plan).toMatchObject({ contextTokens: 256, concurrency: 2 });
    expect(deployment.plan!.kvBytesPerToken).toBeGreaterThan(0);
    expect(deployment.plan!.explanation.join('\n')).toMatch(/KV cache/);
  });

  it('answers what-if plans for hardware that is not here', async () => {
    const tooSmall = await call('/api/plans', {
      method: 'POST',
      body: JSON.stringify({ model: 'deepseek-ai/DeepSeek-R1', hardware: '8xH100-80G' }),
    });
    expect(tooSmall.status).toBe(200);
    expect(tooSmall.body).toMatchObject({ ok: false, reason: 'insufficient_memory' });
    expect(tooSmall.body.message).toMatch(/H200|2x8/);
    const fits = await call('/api/plans', {
      method: 'POST',
      body: JSON.stringify({ model: 'deepseek-ai/DeepSeek-R1', hardware: '8xH200-141G' }),
    });
    expect(fits.body).toMatchObject({ ok: true });
    expect(fits.body.plan!.layout.tensorParallel * fits.body.plan!.layout.dataParallel).toBe(8);
    const bad = await call('/api/plans', {
      method: 'POST',
      body: JSON.stringify({ model: 'deepseek-ai/DeepSeek-R1', hardware: 'lots of GPUs' }),
    });
    expect(bad.status).toBe(400);
  });

  it('lists the DeepSeek catalog', async () => {
    const names = (await hangar.admin.listCatalog()).map((model) => model.id).join(' ');
    expect(names).toMatch(/R1-Distill-Qwen-7B/i);
    expect(names).toMatch(/deepseek-v3/);
  });

  it('shows nodes and plans in the CLI', () => {
    const nodes = runCli(['nodes'], { home: data.home, url: hangar.url });
    expect(nodes.status, nodes.stderr).toBe(0);
    expect(nodes.stdout).toMatch(/cpu/i);
  });
});
