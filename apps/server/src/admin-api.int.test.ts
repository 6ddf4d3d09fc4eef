import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '@hangar/config';
import { startHangarServer, type HangarServer } from './server.js';

/** The fields these tests read from admin API answers. */
interface ResponseBody {
  user?: Record<string, unknown>;
  token?: string;
  key?: string;
  id?: string;
  mustChangePassword?: boolean;
  data?: Record<string, unknown>[];
  error?: { code: string; message: string; requestId: string };
}

const running: { server: HangarServer; home: string }[] = [];
afterEach(async () => {
  for (const { server, home } of running.splice(0)) {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
});

async function start(env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'hangar-admin-'));
  const announcements: string[] = [];
  const server = await startHangarServer({
    config: loadServerConfig({ HANGAR_HOME: home, HANGAR_PORT: '0', ...env }),
    logger: pino({ level: 'silent' }),
    engineEnv: {},
    announce: (text) => announcements.push(text),
  });
  running.push({ server, home });
  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; cookie?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.cookie) headers['cookie'] = options.cookie;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as ResponseBody,
      headers: response.headers,
    };
  };
  return { server, home, announcements, call };
}

describe('admin API: accounts, sessions and keys', () => {
  it('creates the admin once, prints a generated password once, and forces a change at first login', async () => {
    const { server, home, announcements, call } = await start();
    expect(announcements).toHaveLength(1);
    const password = /Password: (\S+)/.exec(announcements[0]!)![1]!;
    expect(statSync(join(home, 'admin.token')).mode & 0o777).toBe(0o600);

    expect(
      (await call('POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong-password' } }))
        .status,
    ).toBe(401);
    const login = await call('POST', '/api/auth/login', { body: { username: 'admin', password } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'admin', role: 'admin', mustChangePassword: true });
    expect(login.headers.get('set-cookie')).toMatch(/hangar_session=hs-.*HttpOnly; SameSite=Strict/);
    const token = login.body.token!;

    const weak = await call('POST', '/api/auth/password', {
      token,
      body: { currentPassword: password, newPassword: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(
      (
        await call('POST', '/api/auth/password', {
          token,
          body: { currentPassword: password, newPassword: 'a-better-password' },
        })
      ).status,
    ).toBe(204);
    expect((await call('GET', '/api/auth/me', { token })).body.mustChangePassword).toBe(false);

    // The cookie works like the bearer token; logout ends the session.
    expect((await call('GET', '/api/auth/me', { cookie: `hangar_session=${token}` })).status).toBe(200);
    // The gateway caches accepted credentials for a second; logging out clears that at once.
    const viaGateway = () =>
      fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect((await viaGateway()).status).toBe(200);
    expect((await call('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await call('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await viaGateway()).status).toBe(401);
    expect(
      (await call('POST', '/api/auth/login', { body: { username: 'admin', password: 'a-better-password' } }))
        .status,
    ).toBe(200);
  });

  it('takes HANGAR_ADMIN_PASSWORD and announces nothing', async () => {
    const { announcements, call } = await start({ HANGAR_ADMIN_PASSWORD: 'given-password' });
    expect(announcements).toEqual([]);
    const login = await call('POST', '/api/auth/login', {
      body: { username: 'admin', password: 'given-password' },
    });
    expect(login.body.user).toMatchObject({ mustChangePassword: false });
  });

  it('shows a key once, stores only its hash, and revokes it for the gateway at once', async () => {
    const { server, home, call } = await start();
    const token = readFileSync(join(home, 'admin.token'), 'utf8').trim();
    const created = await call('POST', '/api/keys', { token, body: { name: 'dev' } });
    expect(created.status).toBe(201);
    const key = created.body.key!;
    expect(key).toMatch(/^hk-/);
    const listed = await call('GET', '/api/keys', { token });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.data![0]).toMatchObject({ name: 'dev', prefix: key.slice(0, 7), revokedAt: null });

    const models = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
    expect((await call('DELETE', `/api/keys/${created.body.id!}`, { token })).status).toBe(204);
    const after = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);
    expect((await call('DELETE', '/api/keys/key-unknown', { token })).body.error!.code).toBe(
      'api_key_not_found',
    );
  });

  it('answers bad requests with the admin error envelope', async () => {
    const { home, call } = await start();
    const token = readFileSync(join(home, 'admin.token'), 'utf8').trim();
    const noAuth = await call('GET', '/api/models');
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error).toMatchObject({ code: 'unauthenticated' });
    expect(typeof noAuth.body.error!.requestId).toBe('string');
    const badBody = await call('POST', '/api/deployments', { token, body: { model: 'x', replicas: -1 } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error!.message).toMatch(/replicas/);
    expect(
      (await call('POST', '/api/deployments', { token, body: { model: 'missing' } })).body.error!.code,
    ).toBe('model_not_found');
    expect((await call('GET', '/api/instances/..%2F..%2Fetc%2Fpasswd/logs', { token })).status).toBe(404);
    expect((await call('GET', '/api/nope', { token })).body.error!.code).toBe('route_not_found');
  });

  it('shows model sources in the settings without their tokens', async () => {
    const { home, call } = await start({
      HANGAR_HF_ENDPOINT: 'https://hf-mirror.example',
      HANGAR_HF_TOKEN: 'hf_secret_value',
    });
    const token = readFileSync(join(home, 'admin.token'), 'utf8').trim();
    const settings = await call('GET', '/api/settings', { token });
    expect(JSON.stringify(settings.body)).not.toContain('hf_secret_value');
    expect(settings.body).toMatchObject({
      modelSources: [
        { source: 'huggingface', endpoint: 'https://hf-mirror.example', hasToken: true },
        { source: 'modelscope', hasToken: false },
      ],
    });
  });
});
