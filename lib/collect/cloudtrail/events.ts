/**
 * Recent management events (LookupEvents) over the window since the previous run.
 *
 * LookupEvents takes one lookup attribute per call, returns at most 50 events a page and allows
 * 2 calls per second per account and region. So the scheduled path reads only what the event rules
 * need: console sign-ins (EventName=ConsoleLogin, first, so a busy account cannot crowd them out)
 * and write events (ReadOnly=false), paced to one call per `minIntervalMs`, de-duplicated by event
 * id (the two reads and the window overlap both repeat events), and stopped at a cap that is
 * reported in the window. The real-time EventBridge path is the primary detector at scale.
 */
import { LookupEventsCommand, type Event as SdkEvent, type LookupAttribute } from '@aws-sdk/client-cloudtrail';
import type { AuditEvent, EventWindow } from '../../model/types';
import { call } from '../calls';
import { MAX_UNPARSED_ERRORS, normaliseCloudTrailRecord } from '../../events/normalise';
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

export const eventsCollector: Collector = {
  name: 'events',
  service: 'cloudtrail',
  phase: 1,
  permissions: ['cloudtrail:LookupEvents'],
  async collect(ctx: CollectContext) {
    const o = ctx.options.events;
    if (!o.enabled) return;
    const { accountId, region } = ctx.target;
    const client = ctx.clients.cloudtrail;
    const { from, to } = eventWindowOf(ctx.options.now, o);
    const wait = pacer(ctx.options.clock, o.minIntervalMs);
    const seen = new Map<string, AuditEvent>();
    let unparsed = 0;
    const unparsedErrors: string[] = [];
    let capped = false;
    let failed = false;

    for (const attribute of LOOKUP_ATTRIBUTES) {
      let token: string | undefined;
      do {
        await wait();
        const page = await call(ctx, 'cloudtrail', 'LookupEvents', () =>
          client.send(new LookupEventsCommand({ LookupAttributes: [attribute], StartTime: from, EndTime: to, MaxResults: PAGE_SIZE.LookupEvents, NextToken: token })),
        );
        if (!page) {
          failed = true;
          break;
        }
        for (const e of page.Events ?? []) {
          if (!e.EventId || seen.has(e.EventId)) continue;
          if (seen.size >= o.maxPerRegion) {
            capped = true;
            break;
          }
          const { event, error } = toAuditEvent(e, accountId, region);
          if (error) {
            unparsed++;
            if (unparsedErrors.length < UNPARSED_REASONS_MAX) unparsedErrors.push(error);
          }
          if (event) seen.set(e.EventId, event);
        }
        token = page.NextToken;
        if (token && seen.size >= o.maxPerRegion) capped = true;
      } while (token && !capped);
      if (failed || capped) break;
    }

    // Newest first is how LookupEvents pages; the model keeps time order.
    const events = [...seen.values()].sort((a, b) => a.time.localeCompare(b.time) || a.eventId.localeCompare(b.eventId));
    ctx.out.events.push(...events);
    // A window is claimed only when it was read to its end or to the cap; a failure leaves a gap instead.
    if (!failed) {
      const window: EventWindow = { accountId, region, from: from.toISOString(), to: to.toISOString(), eventCount: events.length, capped, unparsed, unparsedErrors };
      ctx.out.eventWindows.push(window);
    }
    if (capped) {
      ctx.options.log?.({ level: 'warn', msg: 'event cap reached', accountId, region, cap: o.maxPerRegion, from: from.toISOString(), to: to.toISOString() });
    }
  },
};
