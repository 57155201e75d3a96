/**
 * Windows across scheduled runs, per account/region: which time range to read next, and which of
 * the events read are new. Pure: the caller stores the cursor (S3 state) and passes the time in.
 *
 * CloudTrail delivers an event to LookupEvents minutes after it happened (typically within 5, up
 * to ~15). So each window starts `lagMinutes + overlapMinutes` before the previous window's end and
 * re-reads that strip; the ids of events already counted there are kept in the cursor and dropped on
 * re-read. Hence:
 * - an event at a window edge is read by one window or both, and counted once (ids);
 * - an event delivered up to `lagMinutes` late is still inside the next window (the re-read strip);
 * - an event delivered later than that is missed: raise `lagMinutes` (or rely on the real-time path).
 *
 * Bursts across two runs: the events of burst classes (unauthorized calls, failed sign-ins, the
 * classes response policies count) of the last `tailMinutes` ride along in the cursor's `tail` and
 * are replayed into the next evaluation flagged `carried`: burst rules count them, per-event rules
 * skip them, and a burst that began in the previous run keeps its start (and so its finding id).
 *
 * A window the read cap cut short (LookupEvents pages newest first, so the oldest part is the part
 * not read) is remembered in `missed`; `nextWindow` hands it back as `backlog` for a run with read
 * budget to spare, and `markBacklogRead` clears it.
 */
import type { AuditEvent } from '../model/types';
import type { PolicyDocument } from '../policy/schema';
import { CLASS_BIT, classify } from './classes';
import { responseSelector } from './policy-check';

export interface TimeRange {
  from: string;
  to: string;
}

export interface EventCursor {
  accountId: string;
  region: string;
  /** End of the last window read. */
  windowEnd?: string;
  /** Latest eventTime counted so far. */
  lastEventTime?: string;
  /** Events already counted whose time lies in the strip the next window re-reads. */
  recentIds: { id: string; time: string }[];
  /** Burst context replayed into the next evaluation (stored without request parameters). */
  tail: AuditEvent[];
  /** Parts of earlier windows that were not read (cap hit, or a gap longer than maxWindowMinutes), oldest first. */
  missed: TimeRange[];
}

export interface CursorOptions {
  /** Extra re-read beyond the lag, for clock skew and events stamped with the same second. */
  overlapMinutes: number;
  /** How late CloudTrail may deliver an event to LookupEvents. */
  lagMinutes: number;
  /** How far back the first run reads. */
  firstRunMinutes: number;
  /** The longest window read at once; an older remainder goes to `missed`. */
  maxWindowMinutes: number;
  /** How much burst context the cursor keeps. */
  tailMinutes: number;
  maxTail: number;
  /** At most this many missed ranges are remembered (oldest dropped). */
  maxMissed: number;
}

export const DEFAULT_CURSOR_OPTIONS: CursorOptions = {
  overlapMinutes: 5,
  lagMinutes: 15,
  firstRunMinutes: 60,
  maxWindowMinutes: 24 * 60,
  tailMinutes: 60,
  maxTail: 5000,
  maxMissed: 20,
};

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export function emptyCursor(accountId: string, region: string): EventCursor {
  return { accountId, region, recentIds: [], tail: [], missed: [] };
}

export interface NextWindow extends TimeRange {
  /** The part of the time since the last run that is too old for this window (now in `missed` once advanced). */
  skipped?: TimeRange;
  /** Earlier ranges not read, to read first if the run has budget to spare. */
  backlog: TimeRange[];
}

export function nextWindow(cursor: EventCursor | undefined, now: Date, options: Partial<CursorOptions> = {}): NextWindow {
  const o = { ...DEFAULT_CURSOR_OPTIONS, ...options };
  const to = now.getTime();
  const reread = (o.lagMinutes + o.overlapMinutes) * MINUTE;
  let from = cursor?.windowEnd ? Date.parse(cursor.windowEnd) - reread : to - o.firstRunMinutes * MINUTE;
  // A clock that went backwards must not give an empty or inverted window.
  if (from >= to) from = to - reread;
  const out: NextWindow = { from: iso(from), to: iso(to), backlog: [...(cursor?.missed ?? [])] };
  const oldest = to - o.maxWindowMinutes * MINUTE;
  if (from < oldest) {
    out.skipped = { from: iso(from), to: iso(oldest) };
    out.from = iso(oldest);
  }
  return out;
}

export interface AdvanceInput {
  window: TimeRange & { skipped?: TimeRange };
  /** The events read for the window, as read (re-read ones included). */
  events: readonly AuditEvent[];
  /** The read cap stopped before the window was exhausted. */
  capped?: boolean;
  /** With `capped`: the oldest event time read (LookupEvents reads newest first). */
  oldestRead?: string;
  /** Which events to keep as burst context; see burstContextOf. */
  isTailEvent?: (e: AuditEvent) => boolean;
}

export interface Advanced {
  cursor: EventCursor;
  /** Events not counted before: report these. */
  fresh: AuditEvent[];
  /** Events dropped because an earlier window counted them. */
  duplicates: number;
  /** What to evaluate: the previous tail (flagged carried) and the fresh events. */
  forEvaluation: AuditEvent[];
}

function addMissed(list: TimeRange[], r: TimeRange, max: number): TimeRange[] {
  if (Date.parse(r.to) <= Date.parse(r.from)) return list;
  const out = [...list, r].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return out.length > max ? out.slice(out.length - max) : out;
}

function forStorage(e: AuditEvent): AuditEvent {
  const { requestParameters: _params, carried: _carried, ...rest } = e;
  return rest;
}

export function advance(cursor: EventCursor | undefined, target: { accountId: string; region: string }, input: AdvanceInput, options: Partial<CursorOptions> = {}): Advanced {
  const o = { ...DEFAULT_CURSOR_OPTIONS, ...options };
  const prev = cursor ?? emptyCursor(target.accountId, target.region);
  const seen = new Set(prev.recentIds.map((r) => r.id));
  const fresh: AuditEvent[] = [];
  let duplicates = 0;
  for (const e of input.events) {
    if (seen.has(e.eventId)) duplicates++;
    else {
      seen.add(e.eventId);
      fresh.push(e);
    }
  }

  const end = Date.parse(input.window.to);
  const nextFrom = end - (o.lagMinutes + o.overlapMinutes) * MINUTE;
  const recent = new Map<string, string>();
  for (const r of prev.recentIds) if (Date.parse(r.time) >= nextFrom) recent.set(r.id, r.time);
  for (const e of fresh) if (Date.parse(e.time) >= nextFrom) recent.set(e.eventId, e.time);

  const keepTail = input.isTailEvent ?? (() => false);
  const tailFrom = end - o.tailMinutes * MINUTE;
  const tailById = new Map<string, AuditEvent>();
  for (const e of [...prev.tail, ...fresh]) if (Date.parse(e.time) >= tailFrom && keepTail(e)) tailById.set(e.eventId, forStorage(e));
  let tail = [...tailById.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  if (tail.length > o.maxTail) tail = tail.slice(tail.length - o.maxTail);

  let last = prev.lastEventTime;
  for (const e of fresh) if (!last || e.time > last) last = e.time;

  let missed = prev.missed;
  if (input.window.skipped) missed = addMissed(missed, input.window.skipped, o.maxMissed);
  if (input.capped) missed = addMissed(missed, { from: input.window.from, to: input.oldestRead ?? input.window.to }, o.maxMissed);

  const next: EventCursor = {
    accountId: prev.accountId,
    region: prev.region,
    windowEnd: input.window.to,
    recentIds: [...recent].map(([id, time]) => ({ id, time })).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1)),
    tail,
    missed,
  };
  if (last) next.lastEventTime = last;
  return { cursor: next, fresh, duplicates, forEvaluation: [...prev.tail.map((e) => ({ ...e, carried: true })), ...fresh] };
}

/** After reading a backlog range: drop it from `missed`, or keep the still unread older part when capped again. */
export function markBacklogRead(cursor: EventCursor, range: TimeRange, read: { capped?: boolean; oldestRead?: string } = {}): EventCursor {
  const missed = cursor.missed.filter((m) => !(m.from === range.from && m.to === range.to));
  const rest = read.capped ? addMissed(missed, { from: range.from, to: read.oldestRead ?? range.to }, Number.MAX_SAFE_INTEGER) : missed;
  return { ...cursor, missed: rest };
}

/**
 * What burst context the cursor must keep for a policy: unauthorized calls and failed sign-ins (CIS
 * 4.1, 4.6) and whatever the response policies count, over the longest of their windows.
 */
export function burstContextOf(policy: Pick<PolicyDocument, 'response' | 'rules'>): { isTailEvent: (e: AuditEvent) => boolean; tailMinutes: number } {
  let bits = CLASS_BIT['unauthorized-api-call'] | CLASS_BIT['console-login-failed'];
  const apis: ((e: AuditEvent) => boolean)[] = [];
  let minutes = DEFAULT_CURSOR_OPTIONS.tailMinutes;
  for (const r of policy.response) {
    const sel = responseSelector(r.event);
    if (sel?.kind === 'class') bits |= CLASS_BIT[sel.cls];
    else if (sel) apis.push(sel.match);
    minutes = Math.max(minutes, r.threshold.withinMinutes);
  }
  for (const id of ['evt-unauthorized-api-calls', 'evt-console-auth-failure']) {
    const setting = policy.rules[id];
    const within = typeof setting === 'object' && setting !== null ? (setting as Record<string, unknown>).withinMinutes : undefined;
    if (typeof within === 'number') minutes = Math.max(minutes, within);
  }
  return { isTailEvent: (e) => (classify(e) & bits) !== 0 || apis.some((m) => m(e)), tailMinutes: minutes };
}
