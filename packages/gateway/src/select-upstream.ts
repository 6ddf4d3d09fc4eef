import type { Random, Upstream } from '@hangar/core';

/**
 * Picks the upstream with the fewest outstanding requests, skipping those in `exclude` (already tried for this
 * request). Ties are broken with `random`, which is consulted only when there is a tie, so that equal loads
 * spread instead of piling onto the first instance. Returns `undefined` when no candidate is left.
 *
 * Two passes over a short array and no allocation: this runs on every request.
 */
export function selectUpstream(
  upstreams: readonly Upstream[],
  outstanding: ReadonlyMap<string, number>,
  random: Random,
  exclude?: ReadonlySet<string>,
): Upstream | undefined {
  let least = Number.POSITIVE_INFINITY;
  let tieCount = 0;
  for (const upstream of upstreams) {
    if (exclude?.has(upstream.instanceId) === true) continue;
    const load = outstanding.get(upstream.instanceId) ?? 0;
    if (load < least) {
      least = load;
      tieCount = 1;
    } else if (load === least) {
      tieCount++;
    }
  }
  if (tieCount === 0) return undefined;
  let pick = tieCount === 1 ? 0 : Math.min(tieCount - 1, Math.floor(random.next() * tieCount));
  for (const upstream of upstreams) {
    if (exclude?.has(upstream.instanceId) === true) continue;
    if ((outstanding.get(upstream.instanceId) ?? 0) !== least) continue;
    if (pick === 0) return upstream;
    pick--;
  }
  return undefined;
}
