import { describe, expect, it } from 'vitest';
import { isLoopbackServer, resolveAuth, type AuthInputs } from './credentials.js';

const local = 'http://127.0.0.1:8080';
const base: AuthInputs = {
  server: local,
  isServerExplicit: false,
  token: undefined,
  credentials: null,
  adminToken: null,
};

describe('resolveAuth', () => {
  it('prefers --token / HANGAR_TOKEN over everything', () => {
    expect(
      resolveAuth({
        ...base,
        token: 'flag',
        credentials: { server: local, token: 'login' },
        adminToken: 'admin',
      }),
    ).toEqual({ server: local, token: 'flag', source: 'option' });
  });

  it('uses the login credentials next, and their server unless one was given', () => {
    const credentials = { server: 'http://gpu-1:8080/', token: 'login' };
    expect(resolveAuth({ ...base, credentials, adminToken: 'admin' })).toEqual({
      server: 'http://gpu-1:8080/',
      token: 'login',
      source: 'credentials',
    });
  });

  it('never sends login credentials to another, explicitly chosen server', () => {
    const credentials = { server: 'http://gpu-1:8080', token: 'login' };
    expect(resolveAuth({ ...base, isServerExplicit: true, credentials, adminToken: 'admin' })).toEqual({
      server: local,
      token: 'admin',
      source: 'admin-token',
    });
    expect(
      resolveAuth({ ...base, server: 'http://gpu-2:8080', isServerExplicit: true, credentials }),
    ).toEqual({
      server: 'http://gpu-2:8080',
      token: undefined,
      source: 'none',
    });
  });

  it('matches credentials to the server regardless of a trailing slash', () => {
    const credentials = { server: `${local}/`, token: 'login' };
    expect(resolveAuth({ ...base, isServerExplicit: true, credentials }).source).toBe('credentials');
  });

  it('falls back to the local admin token only for a loopback server', () => {
    expect(resolveAuth({ ...base, adminToken: 'admin' })).toEqual({
      server: local,
      token: 'admin',
      source: 'admin-token',
    });
    expect(resolveAuth({ ...base, server: 'http://10.0.0.5:8080', adminToken: 'admin' }).source).toBe('none');
  });
});

describe('isLoopbackServer', () => {
  it.each([
    ['http://127.0.0.1:8080', true],
    ['http://localhost:1', true],
    ['http://[::1]:8080', true],
    ['http://192.168.1.2:8080', false],
    ['not a url', false],
  ])('%s -> %s', (server, expected) => expect(isLoopbackServer(server)).toBe(expected));
});
