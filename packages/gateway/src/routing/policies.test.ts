import { describe, expect, it } from 'vitest';
import type { EngineLoad, ModelRoute, Upstream } from '@hangar/core';
import { seededRandom } from '../test-support/gateway-harness.js';
import { createRoutingState, pickUpstream, type RoutingState } from './policies.js';

const upstreams: Upstream[] = ['a', 'b', 'c'].map((id) => ({
  instanceId: id,
  deploymentId: 'd1',
  baseUrl: `http://127.0.0.1/${id}`,
  needsReasoningSplit: false,
}));

function route(overrides: Partial<ModelRoute> = {}): ModelRoute {
  return { model: 'm', deploymentId: 'd1', upstreams, createdAt: 0, ...overrides };
}

function stateWith(outstanding: Record<string, number>, load: Record<string, EngineLoad> = {}): RoutingState {
  const state = createRoutingState(seededRandom(7), { load: (id) => load[id] });
  state.outstanding = new Map(Object.entries(outstanding));
  return state;
}

function counts(pick: () => Upstream | undefined, times: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (let index = 0; index < times; index++) {
    const id = pick()?.instanceId ?? 'none';
    result[id] = (result[id] ?? 0) + 1;
  }
  return result;
}

describe('least-outstanding', () => {
  it.each([
    [{ a: 2, b: 1, c: 3 }, {}, 'b'],
    [{ a: 0, b: 1, c: 1 }, {}, 'a'],
    [{ a: 4, b: 2, c: 3 }, { a: 3 }, 'a'], // 4/3 < 2
    [{ a: 4, b: 2, c: 3 }, { c: 2 }, 'c'], // 3/2 < 2
  ])('outstanding %j, weights %j -> %s', (outstanding, weights, expected) => {
    expect(pickUpstream(route({ weights }), upstreams, {}, stateWith(outstanding))?.instanceId).toBe(
      expected,
    );
  });

  it('spreads ties over every tied instance', () => {
    const state = stateWith({});
    expect(Object.keys(counts(() => pickUpstream(route(), upstreams, {}, state), 300)).sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('gives weighted shares under load', () => {
    const state = stateWith({});
    const outstanding = state.outstanding as Map<string, number>;
    const r = route({ weights: { a: 2 } });
    for (let index = 0; index < 40; index++) {
      const id = pickUpstream(r, upstreams, {}, state)?.instanceId ?? '';
      outstanding.set(id, (outstanding.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(outstanding)).toEqual({ a: 20, b: 10, c: 10 });
  });
});

describe('engine-load', () => {
  const idle: EngineLoad = { requestsRunning: 0, requestsWaiting: 0, kvCacheUsageRatio: 0.1 };
  it.each([
    [
      'the engine with an empty queue',
      {
        a: { ...idle, requestsRunning: 6 },
        b: { ...idle, requestsRunning: 3, requestsWaiting: 2 },
        c: { ...idle, requestsRunning: 4 },
      },
      'c',
    ],
    [
      'away from a full KV cache',
      {
        a: { ...idle, requestsRunning: 1, kvCacheUsageRatio: 0.99 },
        b: { ...idle, requestsRunning: 3 },
        c: { ...idle, requestsRunning: 4 },
      },
      'b',
    ],
    ['its own count when the scrape lags', { a: idle, b: idle, c: { ...idle, requestsRunning: 1 } }, 'b'],
  ])('picks %s', (_name, load, expected) => {
    expect(
      pickUpstream(route({ policy: 'engine-load' }), upstreams, {}, stateWith({ a: 2, b: 0, c: 0 }, load))
        ?.instanceId,
    ).toBe(expected);
  });
});

describe('prefix-affinity', () => {
  const r = route({ policy: 'prefix-affinity' });

  it('sends one prefix to one instance while loads are even, and different prefixes apart', () => {
    const state = stateWith({});
    const homes = new Set<string>();
    for (let prefix = 0; prefix < 30; prefix++) {
      const key = `system prompt ${prefix}`;
      const first = pickUpstream(r, upstreams, { prefix: key }, state)?.instanceId ?? '';
      expect(pickUpstream(r, upstreams, { prefix: key }, state)?.instanceId).toBe(first);
      homes.add(first);
    }
    expect([...homes].sort()).toEqual(['a', 'b', 'c']);
  });

  it('bounds the load of a hot prefix: it spills to the next instances', () => {
    const state = stateWith({});
    const outstanding = state.outstanding as Map<string, number>;
    for (let index = 0; index < 30; index++) {
      const id = pickUpstream(r, upstreams, { prefix: 'hot' }, state)?.instanceId ?? '';
      outstanding.set(id, (outstanding.get(id) ?? 0) + 1);
    }
    // (1 + 0.25) x mean: no instance above ceil(1.25 x 30 / 3) = 13.
    expect(Math.max(...outstanding.values())).toBeLessThanOrEqual(13);
    expect(outstanding.size).toBe(3);
  });

  it('keeps the other prefixes home when an instance goes away', () => {
    const state = stateWith({});
    const before = Array.from(
      { length: 30 },
      (_, index) => pickUpstream(r, upstreams, { prefix: `p${index}` }, state)?.instanceId,
    );
    const withoutB = upstreams.filter((upstream) => upstream.instanceId !== 'b');
    const after = Array.from(
      { length: 30 },
      (_, index) => pickUpstream(r, withoutB, { prefix: `p${index}` }, state)?.instanceId,
    );
    before.forEach((id, index) => {
      if (id !== 'b') expect(after[index]).toBe(id);
    });
  });

  it('uses least outstanding without a prompt', () => {
    expect(pickUpstream(r, upstreams, {}, stateWith({ a: 1, b: 0, c: 1 }))?.instanceId).toBe('b');
  });
});

describe('session-affinity', () => {
  it('keeps a session on one instance', () => {
    const r = route({ policy: 'session-affinity' });
    const state = stateWith({});
    const picks = counts(() => pickUpstream(r, upstreams, { session: 'user-42' }, state), 20);
    expect(Object.values(picks)).toEqual([20]);
  });
});

describe('round-robin', () => {
  it('takes turns', () => {
    const state = stateWith({ a: 5 });
    const r = route({ policy: 'round-robin' });
    expect(Array.from({ length: 6 }, () => pickUpstream(r, upstreams, {}, state)?.instanceId).join('')).toBe(
      'abcabc',
    );
  });
});

it('returns undefined without candidates and the only candidate without scoring', () => {
  expect(pickUpstream(route(), [], {}, stateWith({}))).toBeUndefined();
  expect(pickUpstream(route(), [upstreams[1] as Upstream], {}, stateWith({ b: 99 }))?.instanceId).toBe('b');
});
