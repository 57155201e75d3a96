/**
 * The collect-and-evaluate step, once per target: collect the target's inventory slice, run the
 * target-scope rules on it, write both to S3, return the keys. A role that cannot be assumed is a
 * coverage gap for the whole target (every rule UNKNOWN there), not a failure: the slice still
 * records that the target was meant to be read and why it was not.
 *
 * Writes: the slice, a copy of it at state/inventory/<account>/<region>.json.gz (the real-time Lambda
 * reads instance tags there), then the target's findings.
 */
import { collectTarget, sliceOf } from '../collect/collect-target';
import { gapOf } from '../collect/calls';
import type { Clock, Collector, TargetClients } from '../collect/types';
import { emptyLists } from '../collect/types';
import { evaluate } from '../engine/evaluate';
import { needsReadOnlyEvents } from '../engine/data-read';
import { READ_ONLY_PAGES } from '../collect/cloudtrail/events';
import type { Rule } from '../engine/rule';
import { encodeSnapshot } from '../model/snapshot-file';
import type { Snapshot, Target } from '../model/types';
import type { PolicyDocument } from '../policy/schema';
import type { RunStore } from '../storage/store';
import { parseCollectInput, type CollectOutput } from './run-context';
import { encodeTargetFindings, TARGET_FINDINGS_KIND } from './target-findings';
import { findingsKey, realtimeInventoryKey, sliceKey } from '../layout';
import type { StepLog } from './step-log';

export interface TargetAccess {
  clients: TargetClients;
  close(): void;
}

export interface CollectDeps {
  store: RunStore;
  policy: PolicyDocument;
  catalogue: readonly Rule[];
  /** Clients for a target; throws (the STS error) when the member role cannot be assumed. */
  openTarget(target: Target): Promise<TargetAccess>;
  /** Names the role for the gap message when openTarget fails. */
  describeAccess(target: Target): string;
  log: StepLog;
  collectors?: readonly Collector[];
  clock?: Clock;
}

function unreadSlice(target: Target, now: Date, err: unknown, access: string): Snapshot {
  const gap = gapOf(target.accountId, target.region, '*', '*', err);
  gap.message = `could not read the account: ${access} failed (${gap.errorCode}: ${gap.message}); check that the role exists, trusts the collector role, and is not blocked by an SCP`;
  return sliceOf([target], { ...emptyLists(), coverageGaps: [gap] }, now, `vmaudit collection of ${target.accountId}/${target.region} (not read)`);
}

async function collectOne(deps: CollectDeps, target: Target, now: Date, since: string | undefined, regions: readonly string[], readOnlyPages: number): Promise<Snapshot> {
  const { log } = deps;
  let access: TargetAccess;
  try {
    access = await deps.openTarget(target);
  } catch (err) {
    log.warn('target not readable', { ...target, access: deps.describeAccess(target), error: (err as Error).name, errorMessage: (err as Error).message });
    return unreadSlice(target, now, err, deps.describeAccess(target));
  }
  try {
    const result = await collectTarget(
      target,
      access.clients,
      {
        now,
        events: { ...(since ? { since: new Date(since) } : {}), readOnlyPages },
        scannedRegions: regions,
        clock: deps.clock,
        log: (entry) => log.info(String(entry.msg ?? 'collector'), entry),
      },
      deps.collectors,
    );
    log.info('target collected', { ...target, calls: result.calls, gaps: result.slice.coverageGaps.length, instances: result.slice.instances.length });
    return result.slice;
  } finally {
    access.close();
  }
}

export function makeCollectHandler(deps: CollectDeps) {
  return async (event: unknown): Promise<CollectOutput> => {
    const { run, target } = parseCollectInput(event);
    const now = new Date(run.startedAt);
    const collected = await collectOne(deps, target, now, run.since, run.regions, needsReadOnlyEvents(deps.policy, deps.catalogue) ? READ_ONLY_PAGES : 0);
    const evaluation = evaluate(collected, deps.policy, { rules: deps.catalogue, now, scopes: ['target'] });
    const sKey = sliceKey(run.runId, target);
    const fKey = findingsKey(run.runId, target);
    // The slice first, the findings last: publish treats a findings file as proof the target finished.
    const sliceBytes = encodeSnapshot(collected, { gzip: true });
    await deps.store.put(sKey, sliceBytes, { contentType: 'application/gzip' });
    // The real-time Lambda resolves instance tags from the newest slice; an unread target keeps the last good one.
    const unread = collected.coverageGaps.some((g) => g.service === '*' && g.api === '*');
    if (!unread) await deps.store.put(realtimeInventoryKey(target.accountId, target.region), sliceBytes, { contentType: 'application/gzip' });
    await deps.store.put(
      fKey,
      encodeTargetFindings({
        kind: TARGET_FINDINGS_KIND,
        schemaVersion: 1,
        runId: run.runId,
        target,
        generatedAt: collected.generatedAt,
        rulesRun: evaluation.rulesRun,
        coverageGaps: collected.coverageGaps,
        eventWindows: collected.eventWindows,
        findings: evaluation.findings,
      }),
      { contentType: 'application/gzip' },
    );
    return { sliceKey: sKey, findingsKey: fKey, findings: evaluation.findings.length, coverageGaps: collected.coverageGaps.length };
  };
}
