import { describe, expect, it } from 'vitest';
import type { AdmissionTicket, Principal } from '@hangar/core';
import { createLimitsAdmission, formatDelay } from './admission.js';
import { createLimiter } from './limiter.js';

const START = Date.UTC(2026, 0, 31, 23, 59, 0);

function setup(limits: Principal['limits']) {
  const clock = { at: START, now: () => clock.at };
  const limiter = createLimiter({ clock });
  const admission = createLimitsAdmission(limiter);
  const principal: Principal = {
    userId: 'u1',
    username: 'ada',
    keyId: 'k1',
    keyName: 'dev',
    teamId: 't1',
    teamName: 'ml',
    limits,
  };
  const admit = (prompt = 10, maxTokens = 0) =>
    admission.admit({ principal, model: 'm', estimatedPromptTokens: prompt, maxTokens, requestId: 'r' });
  return { clock, limiter, admission, admit };
}

describe('requests per minute', () => {
  it('lets the whole minute through at once, refuses the next with the delay, and resets', () => {
    const { clock, admit } = setup({ key: { requestsPerMinute: 60 } });
    for (let index = 0; index < 60; index++) expect(admit().ok).toBe(true);
    const refused = admit();
    expect(refused).toEqual({
      ok: false,
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached for key dev: 60 requests per minute; retry in 1 s.',
      retryAfterSeconds: 1,
    });
    clock.at += 1_000;
    expect(admit().ok).toBe(true);
    expect(admit().ok).toBe(false);
    clock.at += 60_000;
    for (let index = 0; index < 60; index++) expect(admit().ok).toBe(true);
  });

  it.each([
    ['key', { key: { requestsPerMinute: 2 } }, 'key dev'],
    ['user', { user: { requestsPerMinute: 2 } }, 'user ada'],
    ['team', { team: { requestsPerMinute: 2 } }, 'team ml'],
  ] as const)('applies to the %s', (_kind, limits, who) => {
    const { admit } = setup(limits);
    admit();
    admit();
    const refused = admit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.message).toBe(`Rate limit reached for ${who}: 2 requests per minute; retry in 30 s.`);
      expect(refused.retryAfterSeconds).toBe(30);
    }
  });

  it('charges nothing when one subject refuses', () => {
    const { admit } = setup({ key: { requestsPerMinute: 10 }, team: { requestsPerMinute: 1 } });
    expect(admit().ok).toBe(true);
    for (let index = 0; index < 20; index++) expect(admit().ok).toBe(false);
  });
});

describe('tokens per minute', () => {
  it('charges the estimate plus max_tokens, then corrects it with the real usage', () => {
    const { admission, admit } = setup({ key: { tokensPerMinute: 1_000 } });
    const first = admit(100, 800);
    expect(first.ok).toBe(true);
    expect(admit(100, 200).ok).toBe(false);
    admission.settle((first as { ticket: AdmissionTicket }).ticket, {
      promptTokens: 90,
      completionTokens: 10,
    });
    expect(admit(100, 200).ok).toBe(true);
  });

  it('says how many tokens the request counts and when to retry', () => {
    const { admit } = setup({ key: { tokensPerMinute: 600 } });
    expect(admit(600).ok).toBe(true);
    const refused = admit(60);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.message).toBe(
        'Token rate limit reached for key dev: 600 tokens per minute (this request counts 60: prompt estimate + max_tokens); retry in 6 s.',
      );
      expect(refused.retryAfterSeconds).toBe(6);
    }
  });

  it('lets a request larger than the whole allowance through only when there is no debt', () => {
    const { clock, admit } = setup({ key: { tokensPerMinute: 100 } });
    expect(admit(500).ok).toBe(true);
    expect(admit(500).ok).toBe(false);
    clock.at += 5 * 60_000;
    expect(admit(500).ok).toBe(true);
  });
});

describe('budgets', () => {
  it('refuses past the daily budget until midnight UTC, and the monthly one until the 1st', () => {
    const { clock, admit, admission } = setup({ user: { tokensPerDay: 1_000, tokensPerMonth: 1_500 } });
    const first = admit(900);
    expect(first.ok).toBe(true);
    const refused = admit(200);
    expect(refused).toMatchObject({ ok: false, code: 'insufficient_quota', retryAfterSeconds: 60 });
    if (!refused.ok) expect(refused.message).toContain('resets at 2026-02-01T00:00:00.000Z (in 1 min)');
    clock.at += 60_000; // 1 Feb: a new day and a new month
    admission.settle((first as { ticket: AdmissionTicket }).ticket, {
      promptTokens: 5_000,
      completionTokens: 0,
    });
    expect(admit(900).ok).toBe(true);
    expect(admit(200).ok).toBe(false);
  });

  it('restores usage seeded from the ledger', () => {
    const { limiter, admit } = setup({ team: { tokensPerMonth: 10_000 } });
    limiter.seed({ kind: 'team', id: 't1' }, 'month', 9_950);
    expect(admit(100).ok).toBe(false);
    expect(admit(40).ok).toBe(true);
    expect(limiter.used({ kind: 'team', id: 't1' }, 'month')).toBe(9_990);
  });

  it('refunds a failed request at settle', () => {
    const { limiter, admission, admit } = setup({ key: { tokensPerDay: 100 } });
    const decision = admit(50, 50);
    admission.settle((decision as { ticket: AdmissionTicket }).ticket, {
      promptTokens: 0,
      completionTokens: 0,
    });
    expect(limiter.used({ kind: 'key', id: 'k1' }, 'day')).toBe(0);
  });
});

it('admits without limits and settles without effect', () => {
  const { admit, admission } = setup(undefined);
  const decision = admit(1e9);
  expect(decision.ok).toBe(true);
  if (decision.ok) admission.settle(decision.ticket, { promptTokens: 1, completionTokens: 1 });
});

it.each([
  [12, '12 s'],
  [60, '1 min'],
  [245, '4 min 5 s'],
  [12_000, '3 h 20 min'],
])('formats %i s as %s', (seconds, text) => {
  expect(formatDelay(seconds)).toBe(text);
});
