import type { TeamView, UserView } from '@hangar/contracts';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, renderConsole } from '../../testing/render-console';
import { UsersPage } from './UsersPage';

afterEach(cleanup);

const json = (body: unknown, status = 200) =>
  new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const alice: UserView = {
  id: 'u-1',
  username: 'alice',
  role: 'user',
  team: 'ml',
  limits: { tokensPerDay: 5000 },
  disabled: false,
  mustChangePassword: false,
  createdAt: '2030-01-01T00:00:00.000Z',
};
const ml: TeamView = {
  id: 't-1',
  name: 'ml',
  limits: { requestsPerMinute: 100 },
  members: 1,
  createdAt: alice.createdAt,
};

/** The admin API for users and teams; `write` answers POST/PATCH/DELETE. */
function server(write: (url: string, method: string) => Response = () => json({})) {
  return fakeClient((url, init) => {
    if (init.method && init.method !== 'GET') return write(url, init.method);
    if (url.endsWith('/api/users')) return json({ data: [alice] });
    return json({ data: [ml] });
  });
}

const writes = (requests: { url: string; body: unknown }[]) =>
  requests.filter((request) => !/\/api\/(users|teams)$/.test(request.url) || request.body !== undefined);

async function submit(dialog: HTMLElement, name: RegExp | string) {
  await act(async () => {
    fireEvent.click(within(dialog).getByRole('button', { name }));
  });
}

describe('UsersPage', { timeout: 30_000 }, () => {
  it("edits a user's role, team, state and limits with PATCH", async () => {
    const { client, requests } = server(() => json(alice));
    renderConsole(<UsersPage />, { client });
    const row = (await screen.findByText('alice')).closest('tr')!;
    expect(row.textContent).toContain('5,000 tokens/day');
    fireEvent.click(within(row).getByRole('button', { name: 'Edit user alice' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Disabled'));
    fireEvent.change(within(dialog).getByLabelText('Tokens per day'), { target: { value: '' } });
    fireEvent.change(within(dialog).getByLabelText('Requests per minute'), { target: { value: '20' } });
    await submit(dialog, 'Save');
    await vi.waitFor(() => expect(writes(requests)).toHaveLength(1));
    expect(writes(requests)[0]).toEqual({
      url: 'http://console.test/api/users/alice',
      body: { role: 'user', team: 'ml', disabled: true, limits: { requestsPerMinute: 20 } },
    });
  });

  it("creates a user, and shows the server's refusal in the dialog", async () => {
    const { client, requests } = server(() =>
      json(
        { error: { code: 'user_exists', message: "A user named 'bob' exists already", requestId: 'r-1' } },
        409,
      ),
    );
    renderConsole(<UsersPage />, { client });
    fireEvent.click(await screen.findByRole('button', { name: /Create user/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'bob' } });
    fireEvent.change(within(dialog).getByLabelText('Initial password'), { target: { value: 'password-1' } });
    fireEvent.change(within(dialog).getByLabelText('Tokens per month'), { target: { value: '1000' } });
    await submit(dialog, /Create user/);
    expect(await within(dialog).findByText("A user named 'bob' exists already")).toBeTruthy();
    expect(writes(requests)[0]).toEqual({
      url: 'http://console.test/api/users',
      body: { username: 'bob', password: 'password-1', role: 'user', limits: { tokensPerMonth: 1000 } },
    });
  });

  it('creates a team with its limits', async () => {
    const { client, requests } = server(() => json(ml));
    renderConsole(<UsersPage />, { client });
    fireEvent.click(await screen.findByRole('button', { name: /Create team/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'infra' } });
    fireEvent.change(within(dialog).getByLabelText('Tokens per minute'), { target: { value: '9000' } });
    await submit(dialog, /Create team/);
    await vi.waitFor(() => expect(writes(requests)).toHaveLength(1));
    expect(writes(requests)[0]).toEqual({
      url: 'http://console.test/api/teams',
      body: { name: 'infra', limits: { tokensPerMinute: 9000 } },
    });
  });

  it("edits a team's limits and deletes it", async () => {
    const { client, requests } = server((_url, method) => (method === 'DELETE' ? json(null, 204) : json(ml)));
    renderConsole(<UsersPage />, { client });
    const row = (await screen.findByText('100 requests/min')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Edit team ml' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Tokens per day'), { target: { value: '70000' } });
    await submit(dialog, 'Save');
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(within(row).getByRole('button', { name: 'Delete team ml' }));
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    });
    await vi.waitFor(() => expect(writes(requests)).toHaveLength(2));
    expect(writes(requests)).toEqual([
      {
        url: 'http://console.test/api/teams/ml',
        body: { limits: { requestsPerMinute: 100, tokensPerDay: 70_000 } },
      },
      { url: 'http://console.test/api/teams/ml', body: undefined },
    ]);
  });
});
