import type { EngineLoad, ModelRoute, Random, Upstream, UpstreamLoad } from '@hangar/core';
import { buildHashRing, hashString, walkRing, type HashRing } from './hash-ring.js';

/** What a request brings to routing besides its model. */
export interface RoutingKeys {
  /** The prompt's first block (see `promptPrefixOf`), for `prefix-affinity`. */
  prefix?: string | undefined;
  /** `x-session-id` or the body's `user`, for `session-affinity`. */
  session?: string | undefined;
}

/** State shared by all requests: the gateway's own load signal and the policies' memory. */
export interface RoutingState {
  /** Requests in flight from this gateway, per instance id. */
  outstanding: ReadonlyMap<string, number>;
  random: Random;
  load?: UpstreamLoad | undefined;
  /** Next index per deployment, for `round-robin`. */
  readonly turns: Map<string, number>;
  /** Rings per route object (routes are rebuilt when their upstreams change). */
  readonly rings: WeakMap<ModelRoute, HashRing>;
  /** How far above the mean load an affinity target may go (the "c" of bounded loads is 1 + this). */
  loadBoundFactor: number;
}

export function createRoutingState(
  random: Random,
  load?: UpstreamLoad,
  loadBoundFactor = 0.25,
): RoutingState {
  return { outstanding: new Map(), random, load, turns: new Map(), rings: new WeakMap(), loadBoundFactor };
}

export function weightOf(route: ModelRoute, upstream: Upstream): number {
  const weight = route.weights?.[upstream.instanceId];
  return weight !== undefined && weight > 0 ? weight : 1;
}

/**
 * Picks one of `candidates` (the route's upstreams that may take a request now) by the route's policy. Pure
 * apart from `state.turns` and the ring cache; randomness only breaks ties.
 */
export function pickUpstream(
  route: ModelRoute,
  candidates: readonly Upstream[],
  keys: RoutingKeys,
  state: RoutingState,
): Upstream | undefined {
  if (candidates.length <= 1) return candidates[0];
  switch (route.policy ?? 'least-outstanding') {
    case 'least-outstanding':
      return pickLowest(
        candidates,
        (upstream) => outstandingOf(state, upstream) / weightOf(route, upstream),
        state.random,
      );
    case 'engine-load':
      return pickLowest(candidates, (upstream) => engineLoadScore(route, upstream, state), state.random);
    case 'prefix-affinity':
      return pickByAffinity(route, candidates, keys.prefix, state);
    case 'session-affinity':
      return pickByAffinity(route, candidates, keys.session, state);
    case 'round-robin': {
      const turn = state.turns.get(route.deploymentId) ?? 0;
      state.turns.set(route.deploymentId, (turn + 1) % 1_000_000_007);
      return candidates[turn % candidates.length];
    }
  }
}

function outstandingOf(state: RoutingState, upstream: Upstream): number {
  return state.outstanding.get(upstream.instanceId) ?? 0;
}

/** Lowest score wins; ties are broken at random (consulted only on a tie; `0` picks the first tied). */
function pickLowest(
  candidates: readonly Upstream[],
  score: (upstream: Upstream) => number,
  random: Random,
): Upstream | undefined {
  let bestScore = Number.POSITIVE_INFINITY;
  let ties = 0;
  for (const upstream of candidates) {
    const value = score(upstream);
    if (value < bestScore) {
      bestScore = value;
      ties = 1;
    } else if (value === bestScore) {
      ties++;
    }
  }
  let pick = ties <= 1 ? 0 : Math.min(ties - 1, Math.floor(random.next() * ties));
  for (const upstream of candidates) {
    if (score(upstream) !== bestScore) continue;
    if (pick === 0) return upstream;
    pick--;
  }
  return undefined;
}

/** Above this KV-cache usage an engine starts preempting or queueing: steer new requests away. */
const KV_PRESSURE_START = 0.8;

/**
 * `engine-load` score: the engine's queue (running and waiting, at least what this gateway has in flight
 * there, since scrapes lag), waiting requests counted four times, divided by the weight; plus a penalty rising
 * from 0 to 10 as KV-cache usage goes from 80% to 100%. Without a report, the gateway's own count.
 */
export function engineLoadScore(route: ModelRoute, upstream: Upstream, state: RoutingState): number {
  const local = outstandingOf(state, upstream);
  const report: EngineLoad | undefined = state.load?.load(upstream.instanceId);
  if (report === undefined) return local / weightOf(route, upstream);
  const queue = Math.max(local, report.requestsRunning + report.requestsWaiting) + 3 * report.requestsWaiting;
  const kv = report.kvCacheUsageRatio ?? 0;
  const pressure = kv > KV_PRESSURE_START ? ((kv - KV_PRESSURE_START) / (1 - KV_PRESSURE_START)) * 10 : 0;
  return queue / weightOf(route, upstream) + pressure;
}

/**
 * Consistent hashing with bounded loads: the key's home instance on the ring, unless it already holds more than
 * (1 + loadBoundFactor) times its weighted share of the requests in flight; then the next one clockwise. With
 * no key, least outstanding.
 */
function pickByAffinity(
  route: ModelRoute,
  candidates: readonly Upstream[],
  key: string | undefined,
  state: RoutingState,
): Upstream | undefined {
  if (key === undefined || key.length === 0) {
    return pickLowest(
      candidates,
      (upstream) => outstandingOf(state, upstream) / weightOf(route, upstream),
      state.random,
    );
  }
  let ring = state.rings.get(route);
  if (ring === undefined) {
    ring = buildHashRing(route.upstreams, (upstream) => weightOf(route, upstream));
    state.rings.set(route, ring);
  }
  let total = 1;
  let totalWeight = 0;
  for (const upstream of candidates) {
    total += outstandingOf(state, upstream);
    totalWeight += weightOf(route, upstream);
  }
  const factor = 1 + state.loadBoundFactor;
  const picked = walkRing(ring, hashString(key), (upstream) => {
    if (!candidates.includes(upstream)) return false;
    const bound = Math.ceil((factor * total * weightOf(route, upstream)) / totalWeight);
    return outstandingOf(state, upstream) + 1 <= bound;
  });
  // Upstreams added since the ring was built are not on it: fall back rather than refuse.
  return picked ?? pickLowest(candidates, (upstream) => outstandingOf(state, upstream), state.random);
}
