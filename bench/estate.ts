/**
 * The synthetic estate the suites share, and the clock they evaluate at: SGs = 40% of instances,
 * seed 42, so every suite at a given size reads the same account.
 */
import { syntheticSnapshot } from '../lib/demo/synthetic';
import type { Snapshot } from '../lib/model/types';

export const NOW = new Date('2026-11-26T12:00:00.000Z');

/** The estate for `size` instances, with `events` CloudTrail events (4 per instance unless told). */
export function benchEstate(size: number, events = size * 4): Snapshot {
  return syntheticSnapshot({ instances: size, securityGroups: Math.round(size * 0.4), events, seed: 42 });
}

/**
 * The estate as the evaluate step holds it after reading slices: a JSON round trip gives every
 * object and string its own copy (the generator shares principals and empty lists), which is
 * ~45% more heap and the honest input for a memory figure.
 */
export function loadedEstate(size: number, events?: number): Snapshot {
  return JSON.parse(JSON.stringify(benchEstate(size, events))) as Snapshot;
}
