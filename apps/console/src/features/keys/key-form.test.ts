import type { ApiKeyView, DeploymentView } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  isExpiryInRange,
  isExpired,
  modelChoices,
  toCreateKeyRequest,
  toKeyFormValues,
  toUpdateKeyRequest,
} from './key-form';

// Local time, as the date input and the user see it.
const NOW = new Date(2030, 0, 10, 9, 30);

const key: ApiKeyView = {
  id: 'key-1',
  name: 'rag',
  prefix: 'hk-abcd',
  userId: 'u-1',
  createdAt: new Date(2030, 0, 1).toISOString(),
  revokedAt: null,
  lastUsedAt: null,
  expiresAt: new Date(2030, 1, 1, 8, 0).toISOString(),
  allowedModels: ['r1'],
  limits: { requestsPerMinute: 60 },
};

describe('key form -> POST /api/keys', () => {
  it('sends only the name when nothing else is set (no limits, every model, never expires)', () => {
    expect(toCreateKeyRequest({ name: ' dev ', limits: {}, allowedModels: [] }, NOW)).toEqual({
      name: 'dev',
    });
  });

  it('sends the limits set, the allowed models and the days until the expiry date', () => {
    expect(
      toCreateKeyRequest(
        {
          name: 'rag',
          limits: {
            requestsPerMinute: 60,
            tokensPerMinute: null,
            tokensPerDay: 100_000,
            tokensPerMonth: undefined,
          },
          allowedModels: ['r1', 'fast', 'r1'],
          expiresOn: '2030-02-09',
        },
        NOW,
      ),
    ).toEqual({
      name: 'rag',
      limits: { requestsPerMinute: 60, tokensPerDay: 100_000 },
      allowedModels: ['r1', 'fast'],
      expiresInDays: 30,
    });
  });

  it('counts calendar days across a month end, and at least one', () => {
    expect(daysUntil('2030-03-01', new Date(2030, 1, 28, 23, 59))).toBe(1);
    expect(toCreateKeyRequest({ name: 'x', expiresOn: '2030-01-10' }, NOW).expiresInDays).toBe(1);
  });
});

describe('key form -> PATCH /api/keys/:id', () => {
  it('round-trips a key unchanged without touching its exact expiry', () => {
    expect(toUpdateKeyRequest(toKeyFormValues(key), key, NOW)).toEqual({
      limits: { requestsPerMinute: 60 },
      allowedModels: ['r1'],
    });
  });

  it('replaces the limits, allows every model when emptied, and moves or clears the expiry', () => {
    const moved = toUpdateKeyRequest(
      { limits: { tokensPerMonth: 1_000_000 }, allowedModels: [], expiresOn: '2030-01-20' },
      key,
      NOW,
    );
    expect(moved).toEqual({
      limits: { tokensPerMonth: 1_000_000 },
      allowedModels: null,
      expiresAt: new Date(2030, 0, 20, 9, 30).toISOString(),
    });
    expect(toUpdateKeyRequest({ ...toKeyFormValues(key), expiresOn: '' }, key, NOW).expiresAt).toBeNull();
  });
});

describe('keys: choices and state', () => {
  it('offers deployment names and aliases, and keeps what the key allows already', () => {
    const deployment = (name: string, aliases?: string[]) =>
      ({ name, options: aliases ? { routing: { aliases } } : {} }) as DeploymentView;
    expect(modelChoices([deployment('r1', ['deepseek-r1']), deployment('embed')], ['gone'])).toEqual([
      'deepseek-r1',
      'embed',
      'gone',
      'r1',
    ]);
  });

  it('tells an expired key', () => {
    expect(isExpired(key, Date.parse(key.expiresAt!) + 1)).toBe(true);
    expect(isExpired({ ...key, expiresAt: null }, Date.now())).toBe(false);
  });
});

describe('expiry date range', () => {
  it('takes a future date, up to 3650 days ahead for a new key (what the server accepts)', () => {
    expect(isExpiryInRange('2030-01-11', NOW, true)).toBe(true);
    expect(isExpiryInRange('2030-01-10', NOW, true)).toBe(false);
    expect(isExpiryInRange('2039-12-31', NOW, true)).toBe(true);
    expect(isExpiryInRange('2040-01-09', NOW, true)).toBe(false);
    expect(isExpiryInRange('2040-01-09', NOW, false)).toBe(true);
    expect(isExpiryInRange('not-a-date', NOW, false)).toBe(false);
  });
});
