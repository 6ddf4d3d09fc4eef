import { describe, expect, it } from 'vitest';
import type { Random, Upstream } from '@hangar/core';
import { selectUpstream } from './select-upstream.js';

function upstream(instanceId: string): Upstream {
  return {
    instanceId,
    deploymentId: 'd1',
    baseUrl: `http://127.0.0.1/${instanceId}`,
    needsReasoningSplit: false,
  };
}

function fixedRandom(value: number): Random & { calls: number } {
  const random = {
    calls: 0,
    next(): number {
      random.calls++;
      return value;
    },
  };
  return random;
}

const a = upstream('a');
const b = upstream('b');
const c = upstream('c');

describe('selectUpstream', () => {
  const cases: {
    name: string;
    upstreams: Upstream[];
    loads: Record<string, number>;
    random: number;
    exclude?: string[];
    expected: string | undefined;
  }[] = [
    { name: 'no upstreams', upstreams: [], loads: {}, random: 0, expected: undefined },
    { name: 'single upstream', upstreams: [a], loads: { a: 7 }, random: 0.99, expected: 'a' },
    {
      name: 'least outstanding wins',
      upstreams: [a, b, c],
      loads: { a: 3, b: 1, c: 2 },
      random: 0,
      expected: 'b',
    },
    { name: 'unknown load counts as zero', upstreams: [a, b], loads: { a: 1 }, random: 0.9, expected: 'b' },
    {
      name: 'tie, random low picks first',
      upstreams: [a, b, c],
      loads: { a: 1, b: 1, c: 1 },
      random: 0,
      expected: 'a',
    },
    { name: 'tie, random mid picks second', upstreams: [a, b, c], loads: {}, random: 0.4, expected: 'b' },
    { name: 'tie, random high picks last', upstreams: [a, b, c], loads: {}, random: 0.999, expected: 'c' },
    {
      name: 'tie among the least only',
      upstreams: [a, b, c],
      loads: { a: 0, b: 5, c: 0 },
      random: 0.7,
      expected: 'c',
    },
    {
      name: 'excluded is skipped',
      upstreams: [a, b],
      loads: { a: 0, b: 9 },
      random: 0,
      exclude: ['a'],
      expected: 'b',
    },
    {
      name: 'all excluded',
      upstreams: [a, b],
      loads: {},
      random: 0,
      exclude: ['a', 'b'],
      expected: undefined,
    },
    {
      name: 'exclude breaks the tie',
      upstreams: [a, b, c],
      loads: {},
      random: 0.99,
      exclude: ['c'],
      expected: 'b',
    },
  ];

  it.each(cases)('$name', ({ upstreams, loads, random, exclude, expected }) => {
    const outstanding = new Map(Object.entries(loads));
    const chosen = selectUpstream(upstreams, outstanding, fixedRandom(random), new Set(exclude));
    expect(chosen?.instanceId).toBe(expected);
  });

  it('does not consult random without a tie', () => {
    const random = fixedRandom(0.5);
    selectUpstream([a, b], new Map([['a', 2]]), random);
    expect(random.calls).toBe(0);
  });

  it('tolerates a random source that returns 1', () => {
    expect(selectUpstream([a, b], new Map(), fixedRandom(1))?.instanceId).toBe('b');
  });
});
