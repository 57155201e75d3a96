/**
 * Collects one target (account, region) into a snapshot slice: the unit the collect Lambda runs
 * and the CLI runs several of at once. Clients are injected; nothing here reads the environment.
 * A failing API is a coverage gap and the other collectors go on; a collector that throws (a bug,
 * not an AWS error) becomes a gap too, so one broken translation never loses the target.
 */
import { SNAPSHOT_SCHEMA_VERSION } from '../model/schema';
import type { CoverageGap, Snapshot, Target } from '../model/types';
import { gapOf } from './calls';
import { mapLimit } from './concurrency';
import { COLLECTORS } from './registry';
import type { EventCursor } from '../events/cursor';
import { DEFAULT_EVENT_OPTIONS, emptyLists, realClock, type CollectContext, type CollectOptions, type CollectResults, type Collector, type EventOptions, type ResourceLists, type ServiceName, type TargetClients } from './types';

export interface CollectTargetInput extends Partial<Omit<CollectOptions, 'events'>> {
  now: Date;
  events?: Partial<EventOptions>;
}

export interface TargetResult {
  slice: Snapshot;
  /** Calls per API (pages count once each). */
  calls: Record<string, number>;
  /**
   * The event cursor for the target's next run (lib/events/cursor.ts); absent when events were off,
   * or when the read failed on a first run. Store it once the run is published
   * (lib/pipeline/event-cursors.ts), not before: a run that never publishes must be read again.
   */
  eventCursor?: EventCursor;
}

export function resolveCollectOptions(o: CollectTargetInput): CollectOptions {
  return {
    now: o.now,
    events: { ...DEFAULT_EVENT_OPTIONS, ...o.events },
    scannedRegions: o.scannedRegions,
    clock: o.clock ?? realClock,
    concurrency: o.concurrency ?? 4,
    onStep: o.onStep,
    log: o.log,
  };
}

function itemCount(out: ResourceLists): number {
  let n = 0;
  for (const [k, v] of Object.entries(out)) if (k !== 'coverageGaps' && k !== 'eventWindows') n += (v as unknown[]).length;
  return n;
}

function append(into: ResourceLists, from: ResourceLists): void {
  for (const k of Object.keys(into) as (keyof ResourceLists)[]) (into[k] as unknown[]).push(...(from[k] as unknown[]));
}

/** One gap per (service, api, error code): a failing per-list call repeats the same story. */
export function dedupeGaps(gaps: readonly CoverageGap[]): CoverageGap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const k = `${g.accountId}|${g.region}|${g.service}|${g.api}|${g.errorCode}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The inventory calls a target read: every API of a collector that ran to completion, less those with
 * a coverage gap. LookupEvents is left out: what was read of events is in the event windows.
 */
export function apisRead(completed: readonly Collector[], gaps: readonly CoverageGap[]): string[] {
  const failed = (api: string) => gaps.some((g) => (g.service === '*' || api.startsWith(`${g.service}:`)) && (g.api === '*' || api === `${g.service}:${g.api}`));
  const apis = new Set<string>();
  for (const c of completed) for (const p of c.permissions) if (p !== 'cloudtrail:LookupEvents' && !failed(p)) apis.add(p);
  return [...apis].sort();
}

export function sliceOf(targets: Target[], lists: ResourceLists, now: Date, description: string): Snapshot {
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, generatedAt: now.toISOString(), source: { kind: 'aws', description }, targets, ...lists };
}

/**
 * Runs the collectors of each service `limit` at a time, the services side by side. A service that
 * never answers holds only its own slots until the deadline, so it cannot keep another service's
 * reads from starting. Phase-2 collectors wait for the phase-1 collectors of the services they need.
 */
async function runPhases(collectors: readonly Collector[], limit: number, run: (c: Collector, collected: ResourceLists) => Promise<ResourceLists>): Promise<ResourceLists[]> {
  const out = new Map<Collector, ResourceLists>();
  const phase1 = collectors.filter((c) => c.phase === 1);
  const phase2 = collectors.filter((c) => c.phase === 2);
  const servicesOf = (list: readonly Collector[]) => [...new Set(list.map((c) => c.service))];
  const done = new Map<ServiceName, Promise<void>>();
  for (const service of servicesOf(phase1)) {
    const mine = phase1.filter((c) => c.service === service);
    done.set(service, mapLimit(mine, limit, async (c) => void out.set(c, await run(c, emptyLists()))).then(() => undefined));
  }
  const collectedBy = async (c: Collector): Promise<ResourceLists> => {
    const needs = c.needs ?? servicesOf(phase1);
    await Promise.all(needs.map((s) => done.get(s)));
    const lists = emptyLists();
    for (const p of phase1) if (needs.includes(p.service) && out.has(p)) append(lists, out.get(p)!);
    return lists;
  };
  await Promise.all([
    ...done.values(),
    ...servicesOf(phase2).map((service) =>
      mapLimit(
        phase2.filter((c) => c.service === service),
        limit,
        async (c) => void out.set(c, await run(c, await collectedBy(c))),
      ),
    ),
  ]);
  return [...phase1, ...phase2].map((c) => out.get(c) ?? emptyLists());
}

export async function collectTarget(target: Target, clients: TargetClients, input: CollectTargetInput, collectors: readonly Collector[] = COLLECTORS): Promise<TargetResult> {
  const options = resolveCollectOptions(input);
  const calls = new Map<string, number>();
  const results: CollectResults = {};
  const completed: Collector[] = [];
  const run = async (c: Collector, collected: ResourceLists) => {
    // Each collector writes to its own lists, so counts stay exact while collectors run concurrently.
    const ctx: CollectContext = { target, collector: c.name, clients, options, out: emptyLists(), collected, calls, results };
    options.onStep?.({ ...target, service: c.service, collector: c.name, status: 'start' });
    try {
      await c.collect(ctx);
      completed.push(c);
    } catch (err) {
      const gap = { ...gapOf(target.accountId, target.region, c.service, '*', err), errorCode: 'CollectorError' };
      gap.message = `collector ${c.name} failed: ${gap.message}`;
      ctx.out.coverageGaps.push(gap);
      options.onStep?.({ ...target, service: c.service, collector: c.name, status: 'gap', api: '*', errorCode: gap.errorCode, message: gap.message });
    }
    options.onStep?.({ ...target, service: c.service, collector: c.name, status: 'done', count: itemCount(ctx.out) });
    return ctx.out;
  };
  const lists = emptyLists();
  for (const out of await runPhases(collectors, options.concurrency, run)) append(lists, out);
  lists.coverageGaps = dedupeGaps(lists.coverageGaps);
  lists.inventoryReads = [{ ...target, apis: apisRead(completed, lists.coverageGaps) }];
  return {
    slice: sliceOf([target], lists, options.now, `vmaudit collection of ${target.accountId}/${target.region}`),
    calls: Object.fromEntries([...calls].sort(([a], [b]) => a.localeCompare(b))),
    ...(results.eventCursor ? { eventCursor: results.eventCursor } : {}),
  };
}
