/**
 * Bursts: at least `count` events of one group within `withinMinutes`. A burst starts at the first
 * event whose trailing window holds `count` events (the window's events are the burst's first
 * members) and goes on while every next event still has `count` events in its trailing window; the
 * first event that does not ends it. A sustained attack is therefore one burst, not one per window,
 * and its start (the finding's detail key) does not move as more events arrive. With a threshold of
 * one, each event is a burst of its own (every StopLogging alerts, not only the first of the hour).
 */
import type { AuditEvent } from '../model/types';
import type { EventIndex } from './event-index';

export interface Burst {
  /** The group (principal, source IP, account…) the burst belongs to. */
  key: string;
  /** Indices into the event index, in time order. */
  members: number[];
  /** Epoch ms of the first and last member. */
  start: number;
  end: number;
}

export function findBursts(
  idx: Pick<EventIndex, 'events' | 'times'>,
  candidates: ArrayLike<number>,
  keyOf: (e: AuditEvent) => string,
  count: number,
  withinMinutes: number,
): Burst[] {
  const within = withinMinutes * 60_000;
  const groups = new Map<string, number[]>();
  for (let k = 0; k < candidates.length; k++) {
    const i = candidates[k];
    const key = keyOf(idx.events[i]);
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const out: Burst[] = [];
  const { times } = idx;
  for (const [key, g] of groups) {
    let left = 0;
    // Position after the last member of the previous burst: an event belongs to one burst only.
    let floor = 0;
    let current: Burst | undefined;
    for (let r = 0; r < g.length; r++) {
      while (times[g[r]] - times[g[left]] > within) left++;
      const hot = r - left + 1 >= count;
      // With a threshold of one every event is its own alert: nothing to sustain, so nothing merges.
      if (current && (!hot || count === 1)) {
        out.push(current);
        current = undefined;
        floor = r;
      }
      if (!hot) continue;
      if (current) current.members.push(g[r]);
      else {
        const first = Math.max(left, floor);
        current = { key, members: g.slice(first, r + 1), start: times[g[first]], end: 0 };
      }
      current.end = times[g[r]];
    }
    if (current) out.push(current);
  }
  return out.sort((a, b) => a.start - b.start || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
