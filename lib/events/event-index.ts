/**
 * The events of a snapshot, indexed once per run (shared by every event rule through ctx.memo):
 * de-duplicated by event id, in time order, each classified once into a bit mask, with one index
 * list per class and per CIS change list. Rules walk only their own lists, never all events.
 */
import type { AuditEvent, EventWindow, Snapshot } from '../model/types';
import type { RuleContext } from '../engine/rule';
import { CHANGE_CLASSES, CLASS_BIT, EVENT_CLASS_NAMES, changeListHit, classify, type EventClassName } from './classes';

export interface TargetEvents {
  accountId: string;
  region: string;
  /** The windows read for this target (several when slices were merged). */
  windows: EventWindow[];
  /** Events of this target in the snapshot, carried context excluded. */
  eventCount: number;
  capped: boolean;
  unparsed: number;
  unparsedErrors: string[];
}

export interface EventIndex {
  /** De-duplicated, in time order (ties by event id). */
  readonly events: readonly AuditEvent[];
  /** Epoch milliseconds of each event. */
  readonly times: Float64Array;
  /** Class bit mask of each event (CLASS_BIT). */
  readonly masks: Uint32Array;
  /** Events with the same event id seen more than once (merged slices, overlapping reads). */
  readonly duplicates: number;
  /** Indices of the events of a class, in time order. */
  byClass(cls: EventClassName): Uint32Array;
  /** Indices of the events whose name is on a CIS change list (position in CHANGE_CLASSES), whatever their outcome. */
  byChangeList(change: EventClassName): Uint32Array;
  /** Whether the event's name is beyond the CIS filter of its change list. */
  beyondCis(i: number): boolean;
  /** Every account/region with a target, a window or an event, sorted. */
  readonly targets: readonly TargetEvents[];
  target(accountId: string, region: string): TargetEvents | undefined;
}

function targetKey(accountId: string, region: string): string {
  return `${accountId}|${region}`;
}

/**
 * Epoch ms of a normalised event time. The model keeps times as `2026-11-26T12:00:00.000Z`
 * (normalise.ts); reading that shape by hand is several times faster than Date.parse, which matters
 * at a million events. Anything else falls back to Date.parse.
 */
export function timeOf(s: string): number {
  if (s.length === 24 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(23) === 90 /* Z */ && s.charCodeAt(19) === 46 /* . */) {
    const t = Date.UTC(digits(s, 0, 4), digits(s, 5, 7) - 1, digits(s, 8, 10), digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19), digits(s, 20, 23));
    if (!Number.isNaN(t)) return t;
  }
  return Date.parse(s);
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Joins key parts into one string, the same string object for the same parts: grouping a million
 * events by "account|region|principal" then allocates one key per distinct group, not per event.
 */
export interface KeyInterner {
  (a: string, b: string, c?: string): string;
}

export function keyInterner(): KeyInterner {
  const root = new Map<string, Map<string, { key?: string; next?: Map<string, string> }>>();
  return (a, b, c) => {
    let level = root.get(a);
    if (!level) root.set(a, (level = new Map()));
    let node = level.get(b);
    if (!node) level.set(b, (node = {}));
    if (c === undefined) return (node.key ??= `${a}|${b}`);
    const next = (node.next ??= new Map());
    let key = next.get(c);
    if (key === undefined) next.set(c, (key = `${a}|${b}|${c}`));
    return key;
  };
}

const INDEX_BITS = 2 ** 21;

/** The permutation that puts events in time order, ties in input order. */
function order(times: Float64Array): Uint32Array {
  const n = times.length;
  let ascending = true;
  let descending = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (t < min) min = t;
    if (t > max) max = t;
    if (i > 0) {
      if (t < times[i - 1]) ascending = false;
      if (t > times[i - 1]) descending = false;
    }
  }
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (ascending) return idx;
  // LookupEvents pages come newest first: reversing is cheaper than sorting (ties keep input order).
  if (descending && n > 0) {
    const out = new Uint32Array(n);
    let w = 0;
    for (let end = n; end > 0; ) {
      let start = end - 1;
      while (start > 0 && times[start - 1] === times[end - 1]) start--;
      for (let i = start; i < end; i++) out[w++] = i;
      end = start;
    }
    return out;
  }
  // Pack (time offset, position) into one double and let the native numeric sort do the work; a
  // span too long for the packing (over ~49 days at a million events) takes the comparator.
  if (n < INDEX_BITS && (max - min) * INDEX_BITS < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (times[i] - min) * INDEX_BITS + i;
    keys.sort();
    for (let i = 0; i < n; i++) idx[i] = keys[i] % INDEX_BITS;
    return idx;
  }
  return Uint32Array.from(Array.from(idx).sort((a, b) => times[a] - times[b] || a - b));
}

export function buildEventIndex(snapshot: Pick<Snapshot, 'events' | 'eventWindows' | 'targets'>): EventIndex {
  const input = snapshot.events;
  const rawTimes = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) rawTimes[i] = timeOf(input[i].time);
  const perm = order(rawTimes);
  // A duplicate (merged slices, overlapping reads) is the same record, so it has the same time: look
  // for repeated ids only among neighbours of equal time, not in a map of every id. A carried copy
  // and a fresh copy of one event stay carried (already reported).
  const kept = new Uint32Array(perm.length);
  let keptCount = 0;
  let duplicates = 0;
  let runStart = 0;
  // Busy accounts stamp many events with the same second: past a few, a run gets a map.
  let runIds: Map<string, number> | undefined;
  for (let j = 0; j < perm.length; j++) {
    const i = perm[j];
    if (j > 0 && rawTimes[i] !== rawTimes[perm[j - 1]]) {
      runStart = keptCount;
      runIds = undefined;
    }
    const id = input[i].eventId;
    let dup = -1;
    if (runIds) dup = runIds.get(id) ?? -1;
    else {
      for (let k = runStart; k < keptCount; k++) if (input[kept[k]].eventId === id) dup = k;
      if (keptCount - runStart >= 32) {
        runIds = new Map();
        for (let k = runStart; k < keptCount; k++) runIds.set(input[kept[k]].eventId, k);
      }
    }
    if (dup < 0) {
      runIds?.set(id, keptCount);
      kept[keptCount++] = i;
    } else {
      duplicates++;
      if (input[i].carried && !input[kept[dup]].carried) kept[dup] = i;
    }
  }
  const n = keptCount;
  const events: AuditEvent[] = new Array(n);
  const times = new Float64Array(n);
  const masks = new Uint32Array(n);
  const change = new Uint8Array(n);
  const beyond = new Uint8Array(n);
  const classCounts = new Uint32Array(EVENT_CLASS_NAMES.length);
  const changeCounts = new Uint32Array(CHANGE_CLASSES.length + 1);
  const targets = new Map<string, TargetEvents>();
  // Account → region → target without building a key string per event (events of many targets interleave in time).
  const byAccount = new Map<string, Map<string, TargetEvents>>();
  const targetOf = (accountId: string, region: string): TargetEvents => {
    let regions = byAccount.get(accountId);
    if (!regions) byAccount.set(accountId, (regions = new Map()));
    let t = regions.get(region);
    if (!t) {
      t = { accountId, region, windows: [], eventCount: 0, capped: false, unparsed: 0, unparsedErrors: [] };
      regions.set(region, t);
      targets.set(targetKey(accountId, region), t);
    }
    return t;
  };
  for (const t of snapshot.targets) targetOf(t.accountId, t.region);
  for (const w of snapshot.eventWindows) {
    const t = targetOf(w.accountId, w.region);
    t.windows.push(w);
    t.capped ||= w.capped;
    t.unparsed += w.unparsed;
    for (const err of w.unparsedErrors ?? []) if (t.unparsedErrors.length < 5) t.unparsedErrors.push(err);
  }

  let lastTarget: TargetEvents | undefined;
  for (let j = 0; j < n; j++) {
    const e = input[kept[j]];
    events[j] = e;
    times[j] = rawTimes[kept[j]];
    const m = classify(e);
    masks[j] = m;
    for (let c = 0; c < EVENT_CLASS_NAMES.length; c++) if (m & (1 << c)) classCounts[c]++;
    const hit = changeListHit(e);
    if (hit) {
      change[j] = hit.change;
      beyond[j] = hit.beyondCis ? 1 : 0;
      changeCounts[hit.change]++;
    }
    if (!e.carried) {
      if (!lastTarget || lastTarget.accountId !== e.accountId || lastTarget.region !== e.region) lastTarget = targetOf(e.accountId, e.region);
      lastTarget.eventCount++;
    }
  }

  const classLists = EVENT_CLASS_NAMES.map((_, c) => new Uint32Array(classCounts[c]));
  const changeLists = Array.from({ length: CHANGE_CLASSES.length + 1 }, (_, c) => new Uint32Array(changeCounts[c]));
  const classFill = new Uint32Array(EVENT_CLASS_NAMES.length);
  const changeFill = new Uint32Array(CHANGE_CLASSES.length + 1);
  for (let j = 0; j < n; j++) {
    const m = masks[j];
    if (m) for (let c = 0; c < EVENT_CLASS_NAMES.length; c++) if (m & (1 << c)) classLists[c][classFill[c]++] = j;
    if (change[j]) changeLists[change[j]][changeFill[change[j]]++] = j;
  }
  const bitIndex = new Map(EVENT_CLASS_NAMES.map((name, c) => [CLASS_BIT[name], c]));

  const sortedTargets = [...targets.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return {
    events,
    times,
    masks,
    duplicates,
    byClass: (cls) => classLists[bitIndex.get(CLASS_BIT[cls])!],
    byChangeList: (cls) => {
      const pos = CHANGE_CLASSES.indexOf(cls);
      if (pos < 0) throw new Error(`${cls} is not a change class`);
      return changeLists[pos + 1];
    },
    beyondCis: (i) => beyond[i] === 1,
    targets: sortedTargets,
    target: (accountId, region) => targets.get(targetKey(accountId, region)),
  };
}

/** The run's event index, built by the first event rule that asks. */
export function eventIndexOf(ctx: Pick<RuleContext<unknown>, 'inv' | 'memo'>): EventIndex {
  return ctx.memo('events:index', () => buildEventIndex(ctx.inv.snapshot));
}
