/**
 * What a snapshot did not read of the data a rule needs, per target: failed calls (coverage gaps),
 * inventory calls it records as not read, and classes of CloudTrail events its windows did not read to
 * their end. The engine turns a rule's PASS into UNKNOWN where anything is missing, so no rule has to.
 *
 * Snapshots written before these records existed are read under the contract they were written with:
 * a target without an inventory record read every API that has no gap; a window without `classes`
 * read console sign-ins and write events, capped as the window says.
 */
import type { InventoryIndex } from './inventory-index';
import type { Rule } from './rule';
import { isRuleSelected } from './selection';
import { PRE_RECORD_EVENT_CLASSES } from '../model/schema';
import type { CoverageGap, EventReadClass, EventWindow } from '../model/types';
import type { PolicyDocument } from '../policy/schema';

export const EVENT_CLASS_LABEL: Record<EventReadClass, string> = {
  'console-sign-in': 'console sign-ins',
  write: 'write events',
  'read-only-denied': 'denied read-only calls',
  'read-only-root': "the root user's read-only calls",
  'read-only': 'read-only events',
};

export interface MissingData {
  gaps: CoverageGap[];
  /** Required inventory APIs the target records as not read (and no gap explains). */
  unread: string[];
  /** One sentence per event class not read, or cut by a cap, in a window of the target. */
  events: string[];
}

export function isMissing(m: MissingData): boolean {
  return m.gaps.length > 0 || m.unread.length > 0 || m.events.length > 0;
}

export function describeMissing(m: MissingData): string {
  const parts = [...new Set(m.gaps.map((g) => `${g.service}:${g.api} failed (${g.errorCode})`))];
  if (m.unread.length) parts.push(`${m.unread.join(', ')} ${m.unread.length === 1 ? 'was' : 'were'} not read`);
  parts.push(...m.events);
  return parts.join('; ');
}

export function eventClassesOf(rule: Rule, policy: PolicyDocument): readonly EventReadClass[] {
  const e = rule.events;
  return typeof e === 'function' ? e(policy) : (e ?? []);
}

function classesRead(w: EventWindow): { class: EventReadClass; capped: boolean }[] {
  return w.classes ?? PRE_RECORD_EVENT_CLASSES.map((c) => ({ class: c, capped: w.capped }));
}

/** Why the windows of one target do not hold every event of `needed` (empty when they do). */
export function eventReadProblems(windows: readonly EventWindow[], needed: readonly EventReadClass[]): string[] {
  if (!needed.length || !windows.length) return [];
  const out: string[] = [];
  for (const c of needed) {
    for (const w of windows) {
      const read = classesRead(w);
      // Every read-only event includes the denied ones and the root user's.
      const hit = read.find((r) => r.class === c) ?? (c === 'read-only-denied' || c === 'read-only-root' ? read.find((r) => r.class === 'read-only') : undefined);
      const span = `${w.from} – ${w.to}`;
      if (!hit) {
        const old = w.classes ? '' : ' (the snapshot does not record which events it read; scans before that record read console sign-ins and write events only)';
        out.push(`${EVENT_CLASS_LABEL[c]} were not read in the CloudTrail window ${span}${old}`);
        break;
      }
      if (hit.capped) {
        out.push(`the read of ${EVENT_CLASS_LABEL[c]} in the CloudTrail window ${span} stopped at its cap (${w.eventCount} events read), so the rest was not seen`);
        break;
      }
    }
  }
  return out;
}

/** The missing data of `rule` per target, looked up once per target. */
export function missingDataLookup(rule: Rule, inv: InventoryIndex, policy: PolicyDocument): (accountId: string, region: string) => MissingData {
  const needed = eventClassesOf(rule, policy);
  const snap = inv.snapshot;
  const none: MissingData = { gaps: [], unread: [], events: [] };
  if (rule.requires.length === 0 && needed.length === 0) return () => none;
  if (snap.coverageGaps.length === 0 && snap.inventoryReads.length === 0 && (needed.length === 0 || snap.eventWindows.length === 0)) return () => none;
  // What was read of CloudTrail events is in the event windows, not in the inventory record.
  const inventoryApis = rule.requires.filter((a) => a !== 'cloudtrail:LookupEvents');
  const cache = new Map<string, MissingData>();
  let lastKey = '';
  let last = none;
  return (accountId, region) => {
    const k = `${accountId}|${region}`;
    if (k === lastKey) return last;
    let m = cache.get(k);
    if (!m) {
      const gaps = inv.gapsFor(accountId, region, rule.requires);
      const unread = inv.unreadFor(accountId, region, inventoryApis).filter((api) => !gaps.some((g) => api === `${g.service}:${g.api}` || (g.api === '*' && api.startsWith(`${g.service}:`))));
      const events = needed.length ? eventReadProblems(inv.eventWindowsOf(accountId, region), needed) : [];
      m = gaps.length || unread.length || events.length ? { gaps, unread, events } : none;
      cache.set(k, m);
    }
    lastKey = k;
    return (last = m);
  };
}

/** The event classes the rules that run under `policy` need, together. */
export function eventClassesNeeded(policy: PolicyDocument, catalogue: readonly Rule[]): Set<EventReadClass> {
  const out = new Set<EventReadClass>();
  for (const r of catalogue) if (isRuleSelected(policy, r)) for (const c of eventClassesOf(r, policy)) out.add(c);
  return out;
}

/** Whether the scheduled path must read ReadOnly=true events for the rules that run. */
export function needsReadOnlyEvents(policy: PolicyDocument, catalogue: readonly Rule[]): boolean {
  const need = eventClassesNeeded(policy, catalogue);
  return need.has('read-only-denied') || need.has('read-only-root') || need.has('read-only');
}
