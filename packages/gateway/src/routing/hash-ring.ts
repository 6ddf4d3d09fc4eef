import type { Upstream } from '@hangar/core';

/** FNV-1a, 32 bits, over UTF-16 code units: fast, dependency-free, good enough spread for a ring. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Final avalanche (from murmur3's fmix32): FNV alone clusters short, similar keys.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Points per unit of weight: enough for an even spread over a handful of instances. */
const POINTS_PER_WEIGHT = 64;

/** A consistent-hash ring over upstreams; an upstream of weight w owns w times as many points. */
export interface HashRing {
  readonly points: Uint32Array;
  readonly owners: readonly Upstream[];
}

export function buildHashRing(
  upstreams: readonly Upstream[],
  weightOf: (upstream: Upstream) => number,
): HashRing {
  const entries: { point: number; owner: Upstream }[] = [];
  for (const upstream of upstreams) {
    const count = Math.max(1, Math.round(POINTS_PER_WEIGHT * weightOf(upstream)));
    for (let index = 0; index < count; index++) {
      entries.push({ point: hashString(`${upstream.instanceId}#${index}`), owner: upstream });
    }
  }
  entries.sort((left, right) => left.point - right.point);
  return {
    points: Uint32Array.from(entries, (entry) => entry.point),
    owners: entries.map((entry) => entry.owner),
  };
}

/**
 * Walks the ring clockwise from `key`'s hash and returns the first owner that `accepts`: consistent hashing with
 * bounded loads (Mirrokni, Thorup, Zadimoghaddam 2018) when `accepts` checks the load bound.
 */
export function walkRing(
  ring: HashRing,
  keyHash: number,
  accepts: (upstream: Upstream) => boolean,
): Upstream | undefined {
  const { points, owners } = ring;
  if (points.length === 0) return undefined;
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((points[middle] as number) < keyHash) low = middle + 1;
    else high = middle;
  }
  const seen = new Set<Upstream>();
  for (let step = 0; step < points.length; step++) {
    const owner = owners[(low + step) % points.length] as Upstream;
    if (seen.has(owner)) continue;
    seen.add(owner);
    if (accepts(owner)) return owner;
  }
  return undefined;
}
