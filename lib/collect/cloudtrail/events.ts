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
import { normaliseCloudTrailRecord } from '../normalise-cloudtrail';
import { PAGE_SIZE } from '../page-sizes';
import { isoOf } from '../translate';
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
const UNPARSED_REASONS_MAX = 5;

/**
 * One LookupEvents item to an AuditEvent. When its CloudTrailEvent JSON is missing or broken the
 * event is still built from the summary fields LookupEvents returns beside it (name, source, time,
 * user name, resources) and `error` says why the record was unparsed.
 */
export function toAuditEvent(e: SdkEvent, accountId: string, region: string): { event?: AuditEvent; error?: string } {
  let record: unknown;
  let error: string | undefined;
  if (!e.CloudTrailEvent) error = `${e.EventId ?? 'event'}: no CloudTrailEvent`;
  else {
    try {
      record = JSON.parse(e.CloudTrailEvent);
      if (typeof record !== 'object' || record === null || Array.isArray(record)) error = `${e.EventId ?? 'event'}: CloudTrailEvent is not a JSON object`;
    } catch (err) {
      error = `${e.EventId ?? 'event'}: ${(err as Error).message.slice(0, 120)}`;
    }
  }
  const parsed = error === undefined;
  const event = normaliseCloudTrailRecord(parsed ? record : undefined, {
    eventId: e.EventId,
    time: isoOf(e.EventTime),
    accountId,
    region,
    source: e.EventSource,
    name: e.EventName,
    readOnly: e.ReadOnly === 'true' ? true : e.ReadOnly === 'false' ? false : undefined,
    userName: e.Username,
    resources: (e.Resources ?? []).filter((r) => r.ResourceName).map((r) => ({ type: r.ResourceType, id: r.ResourceName as string })),
    origin: 'lookup',
  });
  return { event, error };
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
