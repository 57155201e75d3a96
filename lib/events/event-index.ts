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

function order(events: AuditEvent[], times: Float64Array): Uint32Array {
  const n = events.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let ascending = true;
  let descending = true;
  for (let i = 1; i < n && (ascending || descending); i++) {
    if (times[i] < times[i - 1]) ascending = false;
    if (times[i] > times[i - 1]) descending = false;
  }
  if (ascending && !hasTies(times)) return idx;
  // LookupEvents pages come newest first: reversing is cheaper than sorting.
  if (descending && !hasTies(times)) return idx.reverse();
  return Uint32Array.from([...idx].sort((a, b) => times[a] - times[b] || (events[a].eventId < events[b].eventId ? -1 : events[a].eventId > events[b].eventId ? 1 : 0)));
}

function hasTies(times: Float64Array): boolean {
  for (let i = 1; i < times.length; i++) if (times[i] === times[i - 1]) return true;
  return false;
}

export function buildEventIndex(snapshot: Pick<Snapshot, 'events' | 'eventWindows' | 'targets'>): EventIndex {
  // De-duplicate by id; a carried copy and a fresh copy of one event stay carried (already reported).
  const byId = new Map<string, number>();
  const unique: AuditEvent[] = [];
  let duplicates = 0;
  for (const e of snapshot.events) {
    const at = byId.get(e.eventId);
    if (at === undefined) {
      byId.set(e.eventId, unique.length);
      unique.push(e);
    } else {
      duplicates++;
      if (e.carried && !unique[at].carried) unique[at] = { ...unique[at], carried: true };
    }
  }
  const rawTimes = new Float64Array(unique.length);
  for (let i = 0; i < unique.length; i++) rawTimes[i] = Date.parse(unique[i].time);
  const perm = order(unique, rawTimes);
  const n = unique.length;
  const events: AuditEvent[] = new Array(n);
  const times = new Float64Array(n);
  const masks = new Uint32Array(n);
  const change = new Uint8Array(n);
  const beyond = new Uint8Array(n);
  const classCounts = new Uint32Array(EVENT_CLASS_NAMES.length);
  const changeCounts = new Uint32Array(CHANGE_CLASSES.length + 1);
  const targets = new Map<string, TargetEvents>();
  const targetOf = (accountId: string, region: string): TargetEvents => {
    const k = targetKey(accountId, region);
    let t = targets.get(k);
    if (!t) targets.set(k, (t = { accountId, region, windows: [], eventCount: 0, capped: false, unparsed: 0, unparsedErrors: [] }));
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
    const e = unique[perm[j]];
    events[j] = e;
    times[j] = rawTimes[perm[j]];
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

  const sortedTargets = [...targets.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return {
    events,
    times,
    masks,
    duplicates,
    byClass: (cls) => classLists[Math.log2(CLASS_BIT[cls])],
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
