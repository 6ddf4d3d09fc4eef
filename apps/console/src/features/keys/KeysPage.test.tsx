import type { ApiKeyView } from '@hangar/contracts';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, renderConsole } from '../../testing/render-console';
import { KeysPage } from './KeysPage';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const existing: ApiKeyView = {
  id: 'key-1',
  name: 'rag',
  prefix: 'hk-abcd',
  userId: 'u-1',
  createdAt: new Date(2030, 0, 1).toISOString(),
  revokedAt: null,
  lastUsedAt: null,
  expiresAt: null,
  allowedModels: ['r1'],
  limits: { requestsPerMinute: 60 },
};

/** A server with deployment `r1` (alias `deepseek-r1`) and `embed`, the given keys, and answers to writes. */
function server(keys: ApiKeyView[]) {
  return fakeClient((url, init) => {
    if (url.endsWith('/api/deployments'))
      return json({
        data: [
          { name: 'r1', options: { routing: { aliases: ['deepseek-r1'] } }, instances: [] },
          { name: 'embed', options: {}, instances: [] },
        ],
      });
    if (url.endsWith('/api/keys') && init.method === 'POST')
      return json({ ...existing, id: 'key-2', name: 'new', key: 'hk-secret' }, 201);
    if (url.includes('/api/keys/') && init.method === 'PATCH') return json(existing);
    return json({ data: keys });
  });
}

const field = (label: string) => screen.getByLabelText(label);

async function pickModels(dialog: HTMLElement, names: string[]) {
  const select = within(dialog).getByLabelText('Allowed models');
  for (const name of names) {
    fireEvent.mouseDown(select);
    const option = await vi.waitFor(() => {
      const found = document.querySelector(`.ant-select-item-option[title="${name}"]`);
      if (!found) throw new Error(`option ${name} not shown`);
      return found;
    });
    fireEvent.click(option);
  }
}

describe('KeysPage', { timeout: 30_000 }, () => {
  it('creates a key with limits, allowed models and an expiry date, and shows the secret once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2030, 0, 10, 9, 30));
    const { client, requests } = server([]);
    renderConsole(<KeysPage />, { client });
    fireEvent.click(await screen.findByRole('button', { name: /Create key/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(field('Name'), { target: { value: 'new' } });
    fireEvent.change(field('Requests per minute'), { target: { value: '30' } });
    fireEvent.change(field('Tokens per day'), { target: { value: '200000' } });
    await pickModels(dialog, ['deepseek-r1', 'embed']);
    fireEvent.change(field('Expires on'), { target: { value: '2030-02-09' } });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: /Create key/ }));
    });
    expect(await screen.findByTestId('new-key')).toHaveProperty(
      'textContent',
      expect.stringContaining('hk-secret'),
    );
    expect(requests.find((request) => request.body !== undefined)).toEqual({
      url: 'http://console.test/api/keys',
      body: {
        name: 'new',
        limits: { requestsPerMinute: 30, tokensPerDay: 200_000 },
        allowedModels: ['deepseek-r1', 'embed'],
        expiresInDays: 30,
      },
    });
  });

  it("shows a key's limits and models, and edits them with PATCH", async () => {
    const { client, requests } = server([existing]);
    renderConsole(<KeysPage />, { client });
    const row = (await screen.findByText('rag')).closest('tr')!;
    expect(row.textContent).toContain('60 requests/min');
    expect(row.textContent).toContain('r1');
    expect(row.textContent).toContain('Never');
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect((field('Requests per minute') as HTMLInputElement).value).toBe('60');
    fireEvent.change(field('Requests per minute'), { target: { value: '' } });
    fireEvent.change(field('Tokens per month'), { target: { value: '1000000' } });
    await pickModels(dialog, ['embed']);
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    });
    await vi.waitFor(() => expect(requests.some((request) => request.body !== undefined)).toBe(true));
    expect(requests.find((request) => request.body !== undefined)).toEqual({
      url: 'http://console.test/api/keys/key-1',
      body: { limits: { tokensPerMonth: 1_000_000 }, allowedModels: ['r1', 'embed'] },
    });
  });
});
