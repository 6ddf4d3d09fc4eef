import type { Random } from '@hangar/core';

/** A deterministic {@link Random} (mulberry32) that also hands out raw 32-bit integers. */
export interface SeededRandom extends Random {
  /** A uniformly distributed integer in [0, 2^32). */
  nextUint32(): number;
}

/** Creates a seeded random source: the same seed gives the same sequence on every machine. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
  return { nextUint32, next: () => nextUint32() / 2 ** 32 };
}
