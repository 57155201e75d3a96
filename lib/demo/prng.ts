/**
 * A tiny seeded PRNG (mulberry32) and helpers, so the demo and synthetic estates are the same on
 * every machine and every run. Not for anything secret.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
  /** Index in [0, n) skewed towards 0 (a few popular items, a long tail), as real estates share groups. */
  skewed(n: number, power?: number): number;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    hex: (length) => {
      let s = '';
      while (s.length < length) s += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      return s.slice(0, length);
    },
    skewed: (n, power = 2) => Math.min(n - 1, Math.floor(n * Math.pow(next(), power))),
  };
  return rng;
}
