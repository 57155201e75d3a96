/** Snapshots of events for rule tests: each (account, region) of the events gets a fully read window unless told otherwise. */
import { snapshot } from '../../lib/model/builders';
import { EVENT_READ_CLASSES, type EventReadClass } from '../../lib/model/schema';
import type { AuditEvent, EventWindow, Snapshot, SnapshotInput } from '../../lib/model/types';

export const WINDOW = { from: '2010-01-01T00:00:00.000Z', to: '2026-11-26T12:00:00.000Z' };

export interface WindowOptions {
  capped?: boolean;
  unparsed?: number;
  unparsedErrors?: string[];
  /** false: no window at all (events not read for the target). */
  window?: boolean;
  /**
   * The event classes each window read (default: all of them, capped as `capped` says); null: a window
   * of a snapshot written before windows recorded their classes.
   */
  classes?: readonly EventReadClass[] | null;
}

export function eventSnapshot(events: AuditEvent[], o: WindowOptions & Partial<SnapshotInput> = {}): Snapshot {
  const { capped = false, unparsed = 0, unparsedErrors = [], window = true, classes = EVENT_READ_CLASSES, ...rest } = o;
  const recorded = classes === null ? {} : { classes: classes.map((c) => ({ class: c, capped })) };
  const targets = new Map<string, { accountId: string; region: string }>();
  for (const e of events) targets.set(`${e.accountId}|${e.region}`, { accountId: e.accountId, region: e.region });
  const windows: EventWindow[] = window
    ? [...targets.values()].map((t) => ({ ...t, ...WINDOW, eventCount: events.filter((e) => e.accountId === t.accountId && e.region === t.region).length, capped, unparsed, unparsedErrors, ...recorded }))
    : [];
  return snapshot({ targets: [...targets.values()], events, eventWindows: windows, ...rest });
}

/** The same event again, as another occurrence: a new id, `minutes` later. */
export function again(e: AuditEvent, n: number, minutes = 0, over: Partial<AuditEvent> = {}): AuditEvent {
  return { ...e, eventId: `${e.eventId}-${n}`, time: new Date(Date.parse(e.time) + minutes * 60_000).toISOString(), ...over };
}
