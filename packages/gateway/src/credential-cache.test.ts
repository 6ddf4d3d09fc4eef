import { describe, expect, it } from 'vitest';
import type { Principal } from '@hangar/core';
import { CredentialCache } from './credential-cache.js';

const ADA: Principal = { userId: 'u-1', username: 'ada', keyId: 'k-1' };

/** An authenticator over a mutable key table that counts its calls, and a clock the test moves. */
function setup(ttlMs: number) {
  const keys = new Map<string, Principal>([['hk-ada', ADA]]);
  const clock = { at: 1_000, now: () => clock.at };
  let calls = 0;
  const authenticator = {
    authenticate(token: string) {
      calls++;
      return keys.get(token);
    },
  };
  return { keys, clock, cache: new CredentialCache(authenticator, clock, ttlMs), calls: () => calls };
}

describe('CredentialCache', () => {
  it('asks the authenticator once per token within the TTL, then again', () => {
    const { cache, clock, calls } = setup(1_000);
    expect(cache.authenticate('hk-ada')).toBe(ADA);
    clock.at += 999;
    expect(cache.authenticate('hk-ada')).toBe(ADA);
    expect(calls()).toBe(1);
    clock.at += 1;
    expect(cache.authenticate('hk-ada')).toBe(ADA);
    expect(calls()).toBe(2);
  });

  it('refuses a revoked key at once after invalidate(), and at the latest when its entry expires', () => {
    const { cache, clock, keys } = setup(1_000);
    expect(cache.authenticate('hk-ada')).toBe(ADA);
    keys.delete('hk-ada');
    expect(cache.authenticate('hk-ada')).toBe(ADA); // cached: why the server calls invalidate()
    cache.invalidate();
    expect(cache.authenticate('hk-ada')).toBeUndefined();
    keys.set('hk-ada', ADA);
    expect(cache.authenticate('hk-ada')).toBe(ADA);
    keys.delete('hk-ada');
    clock.at += 1_000;
    expect(cache.authenticate('hk-ada')).toBeUndefined();
  });

  it('never keeps an accepted key past its own expiry', () => {
    const { cache, clock, keys, calls } = setup(1_000);
    const expiring: Principal = { ...ADA, expiresAt: clock.at + 300 };
    keys.set('hk-ada', expiring);
    expect(cache.authenticate('hk-ada')).toBe(expiring);
    clock.at += 299;
    expect(cache.authenticate('hk-ada')).toBe(expiring);
    expect(calls()).toBe(1);
    // Expired: the authenticator is asked again (and the server's refuses an expired key).
    keys.delete('hk-ada');
    clock.at += 1;
    expect(cache.authenticate('hk-ada')).toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('never caches a refusal: a key created a moment ago works at once', () => {
    const { cache, keys } = setup(1_000);
    expect(cache.authenticate('hk-new')).toBeUndefined();
    keys.set('hk-new', ADA);
    expect(cache.authenticate('hk-new')).toBe(ADA);
  });

  it('asks every time with a TTL of 0', () => {
    const { cache, calls } = setup(0);
    cache.authenticate('hk-ada');
    cache.authenticate('hk-ada');
    expect(calls()).toBe(2);
  });
});
