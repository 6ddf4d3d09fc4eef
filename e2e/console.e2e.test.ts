import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedModelPath, tinyModelPath } from '@hangar/testing';
import { seriousAxeViolations, type AxeViolation } from './console/axe.js';
import { launchConsoleBrowser, saveScreenshot, type ConsoleBrowser } from './console/browser.js';
import { gzippedAssetBytes, readPaintTimings } from './console/measure.js';
import {
  ADMIN_PASSWORD,
  makeHome,
  placeModel,
  repoRoot,
  startHangar,
  waitFor,
  type HangarProcess,
} from './support/hangar-process.js';

// The console as an operator uses it: Debian's chromium against a real `hangar serve` (embedded engine, a real
// GGUF), in Chinese first. Needs the console build (`npm run build` makes it).
describe('web console: log in, deploy, chat, create a key, see the request in usage, switch language', () => {
  const data = makeHome();
  let hangar: HangarProcess;
  let browser: ConsoleBrowser;
  let page: Page;
  let modelPath: string;
  let apiKey = '';
  const axeFindings: Record<string, AxeViolation[]> = {};
  const metrics: Record<string, unknown> = {};
  const pageErrors: string[] = [];

  const checkAccessibility = async (name: string, within?: string) => {
    axeFindings[name] = await seriousAxeViolations(page, within);
    expect(axeFindings[name], `${name}: ${JSON.stringify(axeFindings[name], null, 1)}`).toEqual([]);
  };
  // A menu item's accessible name is "<icon name> <label>": match the label as the whole last word.
  const menuItem = (label: string) =>
    page.getByRole('navigation').getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) });
  const openMenu = async (label: string) => {
    await menuItem(label).click();
  };

  beforeAll(async () => {
    const stories = sharedModelPath('stories260K.gguf');
    modelPath = stories
      ? placeModel(data.modelsDir, stories, 'stories260K.gguf')
      : placeModel(data.modelsDir, await tinyModelPath(), 'tiny.gguf');
    hangar = await startHangar(data.home);
    browser = await launchConsoleBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  });

  afterEach(async (context) => {
    expect(pageErrors, 'errors thrown in the page').toEqual([]);
    if (context.task.result?.state === 'fail') {
      await saveScreenshot(page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(
        () => undefined,
      );
    }
  });

  afterAll(async () => {
    mkdirSync(join(repoRoot, 'test-output'), { recursive: true });
    writeFileSync(
      join(repoRoot, 'test-output/console-e2e-metrics.json'),
      JSON.stringify({ metrics, axeFindings }, null, 2),
    );
    await browser?.close();
    await hangar?.stop();
    data.remove();
  });

  it('shows the login page in Chinese and logs the admin in', async () => {
    await page.goto(hangar.url);
    await expect.poll(() => page.getByRole('heading', { name: '登录 Hangar' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await checkAccessibility('login');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await saveScreenshot(page, 'console-login');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '概览' }).waitFor();
    await saveScreenshot(page, 'console-dashboard-empty');
  });

  it('registers a model and deploys it with the wizard, then waits until it is ready', async () => {
    await openMenu('模型');
    await page.getByRole('button', { name: '添加模型' }).click();
    const addDialog = page.getByRole('dialog');
    await addDialog.locator('#path').fill(modelPath);
    await addDialog.locator('#name').fill('stories');
    await addDialog.getByRole('button', { name: '添加模型' }).click();
    await page.getByRole('cell', { name: 'stories', exact: true }).waitFor();

    await openMenu('部署');
    await page.getByRole('button', { name: '创建部署' }).click();
    const wizard = page.getByRole('dialog');
    await wizard.locator('#model').fill('stories');
    await page.keyboard.press('Enter');
    await wizard.getByRole('button', { name: '下一步' }).click();
    await wizard.locator('#contextTokens').fill('1024');
    await wizard.locator('#parallelSequences').fill('2');
    await wizard.locator('#threads').fill('1');
    // Routing and placement stay at their defaults; their fields are labelled.
    await wizard.getByRole('button', { name: '路由' }).click();
    await wizard.getByRole('button', { name: '放置' }).click();
    await wizard.locator('#nodeLabels').waitFor();
    await expect.poll(() => wizard.locator('[class*="ant-motion-collapse"]').count()).toBe(0);
    await checkAccessibility('deploy wizard', '.ant-modal');
    await wizard.getByRole('button', { name: '下一步' }).click();
    await wizard.getByText('1024', { exact: true }).waitFor();
    // The planner's answer and the engine command, before confirming.
    await wizard.getByTestId('plan-preview').waitFor();
    expect(await wizard.getByTestId('plan-preview').textContent()).toMatch(/llama-cpp/);
    await saveScreenshot(page, 'console-deploy-wizard');
    await wizard.getByRole('button', { name: '确认创建' }).click();

    await page.waitForURL(/\/deployments\/stories$/);
    await page.getByRole('cell', { name: '就绪', exact: true }).waitFor({ timeout: 90_000 });
    await page.getByText('instance-ready').first().waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'console-deployment');
    await checkAccessibility('deployment detail');

    // The nodes page names the instance on the device it runs on (the embedded engine: the CPU), linking back.
    await openMenu('节点与加速卡');
    await page.getByRole('link', { name: 'stories #0' }).waitFor();
    await checkAccessibility('nodes');
    await saveScreenshot(page, 'console-nodes');
  });

  it('chats in the playground from the keyboard and shows a streamed answer with its token counts', async () => {
    await openMenu('体验场');
    await page.getByText('stories').first().waitFor();
    await page.locator('#max-tokens').fill('40');
    await checkAccessibility('playground');
    // Keyboard only: Tab until the message box has focus, type, Enter sends.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await waitFor(
      async () => {
        await page.keyboard.press('Tab');
        return (await page.evaluate<string>('document.activeElement?.id ?? ""')) === 'chat-input'
          ? true
          : undefined;
      },
      20_000,
      'the message box to take focus by Tab',
    );
    await page.keyboard.type('Once upon a time');
    await page.keyboard.press('Enter');
    await page.getByTestId('answer-stats').waitFor({ timeout: 60_000 });
    const answer = (await page.getByTestId('answer').textContent()) ?? '';
    expect(answer.trim().length).toBeGreaterThan(0);
    expect(await page.getByTestId('answer-stats').textContent()).toMatch(/输出 Token: [1-9]/);
    await saveScreenshot(page, 'console-playground');
  });

  it('creates an API key in the UI, shown once, that works with the openai client', async () => {
    await openMenu('API 密钥');
    await page.getByRole('button', { name: '创建密钥' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#name').fill('e2e');
    // Limits and allowed models at creation: the key may call "stories" only, 100 requests a minute.
    await dialog.locator('#limits_requestsPerMinute').fill('100');
    await dialog
      .locator('.ant-select')
      .filter({ has: page.locator('#allowedModels') })
      .click();
    await page.locator('.ant-select-item-option[title="stories"]').click();
    await dialog.locator('#name').click(); // closes the model list
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    const expiryYear = new Date().getFullYear() + 1;
    await dialog.locator('#expiresOn').fill(`${expiryYear}-12-31`);
    await checkAccessibility('key form', '.ant-modal');
    await dialog.getByRole('button', { name: '创建密钥' }).click();
    apiKey = ((await page.getByTestId('new-key').textContent()) ?? '').trim();
    expect(apiKey).toMatch(/^hk-/);
    await saveScreenshot(page, 'console-key-created');
    await dialog.getByRole('button', { name: '我已保存' }).click();
    await dialog.waitFor({ state: 'hidden' }); // axe would read the fading dialog's colors
    const keyRow = page.getByRole('row').filter({ hasText: 'e2e' });
    expect(await keyRow.textContent()).toMatch(new RegExp(`100 次请求/分钟.*stories.*${expiryYear}`));
    await checkAccessibility('keys');

    const openai = new OpenAI({ apiKey, baseURL: `${hangar.url}/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: 'stories',
      messages: [{ role: 'user', content: 'Tell me a story.' }],
      max_tokens: 16,
    });
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('shows the openai request in the usage page, under the key that made it', async () => {
    await openMenu('用量与访问日志');
    await page.getByRole('heading', { name: '用量与访问日志' }).waitFor();
    // The access log row of the openai call: key "e2e", model "stories", HTTP 200.
    const row = page.getByRole('row').filter({ hasText: 'e2e' }).filter({ hasText: 'stories' }).first();
    await row.waitFor({ timeout: 20_000 });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual(expect.arrayContaining(['e2e', 'stories', '200', '/v1/chat/completions']));
    expect(await page.getByTestId('usage-totals').textContent()).toMatch(/[1-9]/);
    await checkAccessibility('usage');
    await saveScreenshot(page, 'console-usage');
  });

  it('creates a team with a limit and a user in it, as an admin', async () => {
    await openMenu('用户与团队');
    await page.getByRole('button', { name: '创建团队' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.locator('#name').fill('e2e-team');
    await dialog.locator('#limits_tokensPerDay').fill('50000');
    await checkAccessibility('team form', '.ant-modal');
    await dialog.getByRole('button', { name: '创建团队' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('row')
      .filter({ hasText: 'e2e-team' })
      .filter({ hasText: '50,000 Token/天' })
      .waitFor();

    await page.getByRole('button', { name: '创建用户' }).click();
    dialog = page.getByRole('dialog');
    await dialog.locator('#username').fill('e2e-user');
    await dialog.locator('#password').fill('e2e-password');
    await dialog
      .locator('.ant-select')
      .filter({ has: page.locator('#team') })
      .click();
    await page.locator('.ant-select-item-option[title="e2e-team"]').click();
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
    await checkAccessibility('user form', '.ant-modal');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'e2e-user' }).filter({ hasText: 'e2e-team' }).waitFor();
    await checkAccessibility('users');
    await saveScreenshot(page, 'console-users');
  });

  it('switches to English and to dark mode in one click each, both kept after a reload', async () => {
    await openMenu('概览');
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await menuItem('Deployments').waitFor();
    await page.getByText('Replicas ready / desired').waitFor();
    await checkAccessibility('dashboard');
    await saveScreenshot(page, 'console-dashboard-en');
    await openMenu('Settings');
    await expect
      .poll(async () => (await page.getByTestId('server-version').textContent()) ?? '')
      .toMatch(/\d+\.\d+/);
    await checkAccessibility('settings');
    await saveScreenshot(page, 'console-settings-en');
    // Dark mode, one click in the header, remembered across a reload.
    await page.getByRole('banner').getByRole('button', { name: 'Switch to dark mode' }).click();
    await page.reload();
    await page.getByRole('banner').getByRole('button', { name: 'Switch to light mode' }).waitFor();
    await expect
      .poll(async () => (await page.getByTestId('server-version').textContent()) ?? '')
      .toMatch(/\d/);
    await saveScreenshot(page, 'console-settings-dark');
    await page.getByRole('banner').getByRole('button', { name: 'Switch to light mode' }).click();
  });

  it('loads the dashboard cold (fresh profile) under 1 MB of gzipped JS and reports its first paints', async () => {
    // A second browser with an empty cache, logged in with the first one's session cookie.
    const cold = await launchConsoleBrowser();
    try {
      await cold.context.addCookies(await browser.context.cookies());
      const scripts: string[] = [];
      cold.page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.push(response.url());
      });
      await cold.page.goto(`${hangar.url}/`);
      await cold.page.getByRole('img', { name: /实例状态/ }).waitFor();
      const paints = await readPaintTimings(cold.page);
      const size = gzippedAssetBytes(scripts);
      metrics['dashboard'] = {
        ...paints,
        firstPageJsGzipBytes: size.gzipBytes,
        firstPageJsFiles: size.files,
      };
      expect(size.gzipBytes).toBeGreaterThan(50_000);
      expect(size.gzipBytes).toBeLessThan(1_000_000);
      expect(paints.firstContentfulPaintMs).toBeGreaterThan(0);
      await saveScreenshot(cold.page, 'console-dashboard');
    } finally {
      await cold.close();
    }
  });
});
