import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  addLimitOptions,
  applyLimitChanges,
  formatLimits,
  hasLimitChanges,
  limitChangesOf,
  modelListArgument,
  type LimitOptions,
} from './limit-flags.js';

function parse(argv: string[]): LimitOptions {
  const command = addLimitOptions(
    new Command('x').exitOverride().configureOutput({ writeErr: () => undefined }),
  );
  command.parse(argv, { from: 'user' });
  return command.opts<LimitOptions>();
}

describe('limit flags', () => {
  it('parse into limit changes, 0 removing a limit', () => {
    const changes = limitChangesOf(
      parse(['--rpm', '60', '--tokens-per-day', '0', '--tokens-per-month', '9000']),
    );
    expect(changes).toEqual({ requestsPerMinute: 60, tokensPerDay: null, tokensPerMonth: 9000 });
    expect(hasLimitChanges(changes)).toBe(true);
    expect(hasLimitChanges(limitChangesOf(parse([])))).toBe(false);
  });

  it('reject negative and non-integer values', () => {
    expect(() => parse(['--tpm', '-1'])).toThrow(/expected an integer of at least 0/);
    expect(() => parse(['--rpm', '1.5'])).toThrow(/expected an integer/);
  });

  it('apply changes over the current limits', () => {
    const current = { requestsPerMinute: 10, tokensPerMinute: 500, tokensPerDay: 1000 };
    expect(applyLimitChanges(current, { requestsPerMinute: 20, tokensPerDay: null })).toEqual({
      requestsPerMinute: 20,
      tokensPerMinute: 500,
    });
    expect(applyLimitChanges(undefined, { tokensPerMonth: 5 })).toEqual({ tokensPerMonth: 5 });
  });

  it('format limits with units, or none', () => {
    expect(formatLimits({ requestsPerMinute: 60, tokensPerDay: 100000 })).toBe('60 rpm, 100000 tokens/day');
    expect(formatLimits({})).toBe('none');
    expect(formatLimits(undefined)).toBe('none');
  });

  it('parse model lists', () => {
    expect(modelListArgument(' r1, v3 ,,')).toEqual(['r1', 'v3']);
    expect(() => modelListArgument(' , ')).toThrow(/comma-separated/);
  });
});
