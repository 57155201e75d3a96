/**
 * Recent management events (LookupEvents) over the window since the previous run.
 *
 * LookupEvents takes one lookup attribute per call, returns at most 50 events a page and allows
 * 2 calls per second per account and region. So the scheduled path reads only what the event rules
 * need: console sign-ins (EventName=ConsoleLogin, first, so a busy account cannot crowd them out)
 * and write events (ReadOnly=false), paced to one call per `minIntervalMs`, de-duplicated by event
 * id (the two reads repeat events), and stopped at a cap that is reported in the window. When a rule
 * needs them (`readOnlyPages` > 0), a bounded ReadOnly=true pass keeps the denied read-only calls and
 * the root user's. Each window records which of these classes it read and which a cap cut short. The
 * real-time EventBridge path is the primary detector at scale (it never sees read-only calls).
 *
 * Windows across runs come from the target's cursor (lib/events/cursor.ts): the window re-reads a
 * strip before the previous end (CloudTrail delivers events minutes late), the events the previous
 * run already counted are dropped by id, recent burst-class events ride along flagged `carried`, and
 * the part of a window the cap left unread is read later when a run has budget to spare. The next
 * cursor goes back to the caller in `ctx.results.eventCursor`, to be stored once the run is published.
 */
import { paginateLookupEvents, type Event as SdkEvent, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import type { AuditEvent, EventWindow } from '../../model/types';
import { eachPage } from '../calls';
import { MAX_UNPARSED_ERRORS, normaliseCloudTrailRecord } from '../../events/normalise';
import { advance, burstContextOf, markBacklogRead, nextWindow, type CursorOptions, type EventCursor, type TimeRange } from '../../events/cursor';
import { PAGE_SIZE } from '../page-sizes';
import type { Clock, CollectContext, Collector, EventOptions } from '../types';

export const LOOKUP_ATTRIBUTES: readonly LookupAttribute[] = [
  { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
  { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
];

/** The window to read: from the previous run's end minus the overlap (or `lookbackMs` ago) to now. */
export function eventWindowOf(now: Date, o: Pick<EventOptions, 'since' | 'overlapMs' | 'lookbackMs'>): { from: Date; to: Date } {
  const from = o.since ? new Date(o.since.getTime() - o.overlapMs) : new Date(now.getTime() - o.lookbackMs);
  return { from: from.getTime() < now.getTime() ? from : new Date(now.getTime() - o.overlapMs), to: now };
}

/** At most one call per `intervalMs`; time comes from the injected clock. */
export function pacer(clock: Clock, intervalMs: number): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  return async () => {
    const wait = last + intervalMs - clock.now();
    if (wait > 0) await clock.sleep(wait);
    last = clock.now();
  };
}

/** Reasons kept per window for unparsed records: enough to diagnose, bounded for the report. */
const UNPARSED_REASONS_MAX = MAX_UNPARSED_ERRORS;

/**
 * One LookupEvents item to an AuditEvent, through the one event model of lib/events/normalise.ts.
 * A record whose CloudTrailEvent JSON is missing or broken is still kept from the summary fields
 * LookupEvents returns beside it when it can be (`error` then says why it counts as unparsed).
 */
export function toAuditEvent(e: SdkEvent, accountId: string, region: string): { event?: AuditEvent; error?: string } {
  const r = normaliseCloudTrailRecord(e, { accountId, region, origin: 'lookup' });
  return 'ok' in r ? { event: r.ok, error: r.partial } : { error: r.error };
}

const MINUTE = 60_000;
/** LookupEvents returns the last 90 days of management events; older ranges cannot be read any more. */
export const LOOKUP_HISTORY_DAYS = 90;

/** Burst context when the caller names none: what CIS 4.1 and 4.6 count, over the default tail. */
const DEFAULT_BURST_CONTEXT = burstContextOf({ response: [], rules: {} });

/** The cursor options of a target's event options: overlap and first window from the collector's own settings. */
export function cursorOptionsOf(o: EventOptions): Partial<CursorOptions> {
  const tail = o.burstContext?.tailMinutes ?? DEFAULT_BURST_CONTEXT.tailMinutes;
  return { overlapMinutes: o.overlapMs / MINUTE, firstRunMinutes: o.lookbackMs / MINUTE, ...o.cursorOptions, tailMinutes: Math.max(tail, o.cursorOptions?.tailMinutes ?? 0) };
}

/** The window a run reads: `since` when given, else the cursor's next window (the lookback on a first run). */
export function plannedWindow(now: Date, o: EventOptions): { from: string; to: string; skipped?: TimeRange; backlog: TimeRange[] } {
  if (o.since) {
    const w = eventWindowOf(now, o);
    return { from: w.from.toISOString(), to: w.to.toISOString(), backlog: [] };
  }
  return nextWindow(o.cursor, now, cursorOptionsOf(o));
}

interface RangeRead {
  events: AuditEvent[];
  capped: boolean;
  /** With `capped`: the lookup attribute (index in LOOKUP_ATTRIBUTES) being read when the cap stopped it. */
  cappedAt?: number;
  /** With `capped`: the oldest time read where reading stopped (the part before it is unread). */
  oldestRead?: string;
  failed: boolean;
  unparsed: number;
  unparsedErrors: string[];
}

/**
 * Reads one time range, both lookup attributes, into `seen` (shared by every range of the run, so
 * the cap counts per region and run). LookupEvents pages newest first: when the cap stops a read, the
 * unread part is the oldest one — all of it for an attribute not reached at all.
 */
async function readRange(ctx: CollectContext, range: TimeRange, seen: Map<string, AuditEvent>, wait: () => Promise<void>): Promise<RangeRead> {
  const o = ctx.options.events;
  const { accountId, region } = ctx.target;
  const from = new Date(range.from);
  const to = new Date(range.to);
  const out: RangeRead = { events: [], capped: false, failed: false, unparsed: 0, unparsedErrors: [] };
  for (let a = 0; a < LOOKUP_ATTRIBUTES.length; a++) {
    const attribute = LOOKUP_ATTRIBUTES[a];
    let oldest: string | undefined;
    await wait();
    const pages = paginateLookupEvents({ client: ctx.clients.cloudtrail, pageSize: PAGE_SIZE.LookupEvents }, { LookupAttributes: [attribute], StartTime: from, EndTime: to });
    const read = await eachPage(ctx, 'cloudtrail', 'LookupEvents', pages, async (page) => {
      for (const e of page.Events ?? []) {
        if (!e.EventId || seen.has(e.EventId)) continue;
        if (seen.size >= o.maxPerRegion) {
          out.capped = true;
          break;
        }
        const { event, error } = toAuditEvent(e, accountId, region);
        if (error) {
          out.unparsed++;
          if (out.unparsedErrors.length < UNPARSED_REASONS_MAX) out.unparsedErrors.push(error);
        }
        if (event) {
          seen.set(e.EventId, event);
          out.events.push(event);
          if (!oldest || event.time < oldest) oldest = event.time;
        }
      }
      if (page.NextToken && seen.size >= o.maxPerRegion) out.capped = true;
      if (!page.NextToken || out.capped) return false;
      await wait();
      return true;
    });
    if (!read) {
      out.failed = true;
      return out;
    }
    if (out.capped) {
      out.oldestRead = a === LOOKUP_ATTRIBUTES.length - 1 && oldest ? oldest : range.to;
      out.cappedAt = a;
      return out;
    }
  }
  return out;
}

/** Budget of ReadOnly=true pages per region and run when a rule needs denied read-only calls: 20 pages of 50 events, 20 s at the default pace. */
export const READ_ONLY_PAGES = 20;

/** What the ReadOnly=true pass kept and whether the budget stopped it before the window's end. */
interface ReadOnlyRead {
  events: AuditEvent[];
  capped: boolean;
  failed: boolean;
  pages: number;
}

/** The read-only events the rules count: denied calls (CIS 4.1) and the root user's (CIS 4.3); the rest of a page is dropped. */
function keptReadOnly(e: AuditEvent): boolean {
  return (e.errorCode !== undefined && e.errorCode !== '') || e.principal.type === 'Root';
}

/**
 * ReadOnly=true pages over the window, at most `o.readOnlyPages`, at the same pace as the other reads.
 * A busy account makes far more read-only calls than any budget reads, so the window says when the
 * budget stopped short and the rules needing them say UNKNOWN there.
 */
async function readReadOnly(ctx: CollectContext, range: TimeRange, seen: Map<string, AuditEvent>, wait: () => Promise<void>): Promise<ReadOnlyRead> {
  const o = ctx.options.events;
  const { accountId, region } = ctx.target;
  const out: ReadOnlyRead = { events: [], capped: false, failed: false, pages: 0 };
  if (o.readOnlyPages <= 0) return { ...out, capped: true };
  await wait();
  const pages = paginateLookupEvents(
    { client: ctx.clients.cloudtrail, pageSize: PAGE_SIZE.LookupEvents },
    { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }], StartTime: new Date(range.from), EndTime: new Date(range.to) },
  );
  const read = await eachPage(ctx, 'cloudtrail', 'LookupEvents', pages, async (page) => {
    out.pages++;
    for (const e of page.Events ?? []) {
      if (!e.EventId || seen.has(e.EventId)) continue;
      const { event } = toAuditEvent(e, accountId, region);
      if (!event || !keptReadOnly(event)) continue;
      seen.set(e.EventId, event);
      out.events.push(event);
    }
    if (!page.NextToken) return false;
    if (out.pages >= o.readOnlyPages) {
      out.capped = true;
      return false;
    }
    await wait();
    return true;
  });
  if (!read) {
    out.pages++;
    out.failed = true;
  }
  return out;
}

function windowRecord(ctx: CollectContext, range: TimeRange, r: RangeRead, ro?: ReadOnlyRead): EventWindow {
  const { accountId, region } = ctx.target;
  // LOOKUP_ATTRIBUTES order: sign-ins, then writes; the cap stops one and leaves the later ones unread.
  const cappedFrom = r.capped ? (r.cappedAt ?? 0) : LOOKUP_ATTRIBUTES.length;
  const classes: NonNullable<EventWindow['classes']> = [
    { class: 'console-sign-in', capped: cappedFrom <= 0 },
    { class: 'write', capped: cappedFrom <= 1 },
  ];
  if (ro && !ro.failed) classes.push({ class: 'read-only-denied', capped: ro.capped }, { class: 'read-only-root', capped: ro.capped });
  // `capped` stays the per-run event cap of the cursor (evt-event-coverage reports it); the read-only budget is per class.
  return { accountId, region, from: range.from, to: range.to, eventCount: r.events.length, capped: r.capped, unparsed: r.unparsed, unparsedErrors: r.unparsedErrors, classes };
}

export const eventsCollector: Collector = {
  name: 'events',
  service: 'cloudtrail',
  phase: 1,
  permissions: ['cloudtrail:LookupEvents'],
  async collect(ctx: CollectContext) {
    const o = ctx.options.events;
    if (!o.enabled) return;
    const { accountId, region } = ctx.target;
    const log = ctx.options.log;
    const window = plannedWindow(ctx.options.now, o);
    const wait = pacer(ctx.options.clock, o.minIntervalMs);
    const seen = new Map<string, AuditEvent>();

    const main = await readRange(ctx, window, seen, wait);
    const readOnly = !main.failed && o.readOnlyPages > 0 ? await readReadOnly(ctx, window, seen, wait) : undefined;
    if (readOnly) main.events.push(...readOnly.events);
    if (readOnly?.capped) log?.({ level: 'warn', msg: 'read-only event budget reached', accountId, region, pages: readOnly.pages, from: window.from, to: window.to });
    const windows: EventWindow[] = [];
    // A window is claimed only when it was read to its end or to the cap; a failure leaves a gap instead.
    if (!main.failed) windows.push(windowRecord(ctx, window, main, readOnly));
    if (main.capped) log?.({ level: 'warn', msg: 'event cap reached', accountId, region, cap: o.maxPerRegion, from: window.from, to: window.to, unreadBefore: main.oldestRead });
    if (window.skipped) log?.({ level: 'warn', msg: 'event window longer than the longest read at once; the older part is kept for later', accountId, region, from: window.skipped.from, to: window.skipped.to });

    // Earlier ranges the cap left unread, oldest first, while this run has budget left.
    const backlogRead: { range: TimeRange; read: RangeRead }[] = [];
    const expired: TimeRange[] = [];
    const historyStart = ctx.options.now.getTime() - LOOKUP_HISTORY_DAYS * 86_400_000;
    if (o.readBacklog && !main.failed && !main.capped) {
      for (const range of window.backlog) {
        if (Date.parse(range.to) < historyStart) {
          expired.push(range);
          continue;
        }
        if (seen.size >= o.maxPerRegion) break;
        const read = await readRange(ctx, range, seen, wait);
        if (read.failed) break;
        backlogRead.push({ range, read });
        windows.push(windowRecord(ctx, range, read));
        if (read.capped) break;
      }
    }
    if (expired.length) log?.({ level: 'warn', msg: 'unread event ranges older than the LookupEvents history are dropped', accountId, region, ranges: expired });

    const read = [...main.events, ...backlogRead.flatMap((b) => b.read.events)];
    const burst = o.burstContext ?? DEFAULT_BURST_CONTEXT;
    const advanced = advance(o.cursor, ctx.target, { window, events: read, capped: main.capped, oldestRead: main.oldestRead, isTailEvent: burst.isTailEvent }, cursorOptionsOf(o));
    // Newest first is how LookupEvents pages; the model keeps time order.
    const events = advanced.forEvaluation.sort((a, b) => a.time.localeCompare(b.time) || a.eventId.localeCompare(b.eventId));
    for (const e of events) ctx.out.events.push(e);
    for (const w of windows) ctx.out.eventWindows.push(w);

    if (main.failed) {
      // The window was not read to its end: the next run starts from the previous cursor again.
      if (o.cursor) ctx.results.eventCursor = o.cursor;
      return;
    }
    let next: EventCursor = advanced.cursor;
    for (const b of backlogRead) next = markBacklogRead(next, b.range, { capped: b.read.capped, oldestRead: b.read.oldestRead });
    for (const r of expired) next = markBacklogRead(next, r);
    ctx.results.eventCursor = next;
    log?.({
      level: 'info',
      msg: 'event window',
      accountId,
      region,
      from: window.from,
      to: window.to,
      read: read.length,
      counted: advanced.fresh.length,
      alreadyCounted: advanced.duplicates,
      carried: events.length - advanced.fresh.length,
      backlogRead: backlogRead.length,
      unread: next.missed.length,
    });
  },
};
