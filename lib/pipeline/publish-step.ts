/**
 * The last state of a scheduled run: gather what every target left under inventory/<runId>/, turn
 * each target that left nothing into a coverage gap, run the estate-scope rules (cross-account
 * reachability) over the merged inventory, and hand the run's findings to `publishRun` (lifecycle,
 * reports, manifest, latest/, one SNS alert per run). A retried publish finds its own manifest and
 * only completes what is missing.
 */
import { dedupeGaps, sliceOf } from '../collect/collect-target';
import { emptyLists } from '../collect/types';
import { evaluate, isRuleSelected } from '../engine/evaluate';
import type { Rule } from '../engine/rule';
import { findingsDocument, type FindingsDocument } from '../findings/document';
import { compareFindings, type Finding } from '../findings/finding';
import { mergeSnapshots } from '../model/merge';
import { parseSnapshot } from '../model/snapshot-file';
import type { CoverageGap, EventWindow, Snapshot, Target } from '../model/types';
import type { PolicyDocument } from '../policy/schema';
import type { AlertMessage } from '../reports/alert-message';
import { LAST_RUN_KEY, effectiveOutputFormats, findingsKey, gapKey, runFolder, runPrefix, sliceKey, type OutputFormat } from '../layout';
import type { RunStore } from '../storage/store';
import { publishRun, type AlertStatus } from './publish-run';
import { parsePublishInput, parseTargetList, type GapRecord, type LastRun, type RunRef } from './run-context';
import { decodeTargetFindings, type TargetFindings } from './target-findings';
import type { StepLog } from './step-log';

export interface PublishDeps {
  store: RunStore;
  policy: PolicyDocument;
  /** Policy file name, shown in reports. */
  policySource: string;
  catalogue: readonly Rule[];
  /** Sends the alert (SNS Publish). */
  deliver(alert: AlertMessage): Promise<void>;
  now(): Date;
  log: StepLog;
  /** Where the run's report can be opened (S3 console link), when the policy names no reportUrl. */
  reportUrl?(folder: string): string | undefined;
  /** What was audited, for the report header. */
  source: string;
  /** Run files to write (default every format). */
  outputFormats?: readonly OutputFormat[];
}

export interface PublishOutput {
  runId: string;
  folder: string;
  manifestKey: string;
  alertStatus: AlertStatus;
  alreadyPublished: boolean;
  findings: number;
  coverageGaps: number;
  changes: { new: number; open: number; resolved: number };
}

const CAUSE_MAX = 400;

/** The error Step Functions recorded for a target that failed after its retries, in one bounded line. */
function failureGap(target: Target, record: GapRecord | undefined, key: string): CoverageGap {
  const error = record?.failure?.Error || 'CollectFailed';
  let cause = record?.failure?.Cause ?? '';
  try {
    // A Lambda error's Cause is itself JSON: {"errorType","errorMessage","trace"}; the message is what helps.
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') cause = parsed.errorMessage;
  } catch {
    // not JSON: keep the text
  }
  cause = cause.replace(/\s+/g, ' ').trim();
  if (cause.length > CAUSE_MAX) cause = `${cause.slice(0, CAUSE_MAX - 1)}…`;
  return {
    accountId: target.accountId,
    region: target.region,
    service: '*',
    api: '*',
    errorCode: error,
    message: record
      ? `collection of ${target.accountId}/${target.region} failed after retries (${error}${cause ? `: ${cause}` : ''}); see ${key} and the state machine's execution history`
      : `collection of ${target.accountId}/${target.region} left no result (the state machine recorded no gap either); see the state machine's execution history`,
  };
}

async function readJson<T>(store: RunStore, key: string): Promise<T | undefined> {
  const b = await store.read(key);
  if (!b) return undefined;
  try {
    return JSON.parse(Buffer.from(b).toString('utf8')) as T;
  } catch {
    return {} as T;
  }
}

interface Gathered {
  done: TargetFindings[];
  failed: Snapshot[];
}

async function gather(deps: PublishDeps, run: RunRef, targets: readonly Target[], existing: ReadonlySet<string>): Promise<Gathered> {
  const done: TargetFindings[] = [];
  const failed: Snapshot[] = [];
  const now = new Date(run.startedAt);
  for (const t of targets) {
    const fKey = findingsKey(run.runId, t);
    if (existing.has(fKey)) {
      const bytes = await deps.store.read(fKey);
      if (bytes) {
        done.push(decodeTargetFindings(bytes, fKey));
        continue;
      }
    }
    const gKey = gapKey(run.runId, t);
    const record = existing.has(gKey) ? await readJson<GapRecord>(deps.store, gKey) : undefined;
    const gap = failureGap(t, record, gKey);
    deps.log.warn('target has no result', { ...t, errorCode: gap.errorCode, detail: gap.message });
    failed.push(sliceOf([t], { ...emptyLists(), coverageGaps: [gap] }, now, `vmaudit collection of ${t.accountId}/${t.region} (failed)`));
  }
  return { done, failed };
}

/** Rule ids in catalogue order. */
function orderedRules(catalogue: readonly Rule[], ids: Iterable<string>): string[] {
  const set = new Set(ids);
  const known = catalogue.map((r) => r.id).filter((id) => set.has(id));
  const extra = [...set].filter((id) => !known.includes(id)).sort();
  return [...known, ...extra];
}

function uniqueFindings(lists: readonly (readonly Finding[])[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const list of lists) {
    for (const f of list) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push(f);
    }
  }
  return out.sort(compareFindings);
}

export async function buildRunDocument(deps: PublishDeps, run: RunRef, targets: readonly Target[]): Promise<FindingsDocument> {
  const { store, policy, catalogue } = deps;
  const now = new Date(run.startedAt);
  const existing = new Set(await store.list(runPrefix(run.runId)));
  const { done, failed } = await gather(deps, run, targets, existing);

  const estateRules = catalogue.filter((r) => (r.scope ?? 'target') === 'estate' && isRuleSelected(policy, r));
  const lists: Finding[][] = done.map((d) => d.findings);
  const rulesRun: string[] = done.flatMap((d) => d.rulesRun);
  if (failed.length) {
    // Targets that were never read still owe every target-scope rule an UNKNOWN finding.
    const unread = evaluate(mergeSnapshots(failed), policy, { rules: catalogue, now, scopes: ['target'] });
    lists.push(unread.findings);
    rulesRun.push(...unread.rulesRun);
  }
  if (estateRules.length && targets.length) {
    const slices: Snapshot[] = [...failed];
    for (const d of done) {
      const key = sliceKey(run.runId, d.target);
      const bytes = await store.read(key);
      if (bytes) slices.push(parseSnapshot(bytes, key));
    }
    const estate = evaluate(mergeSnapshots(slices), policy, { rules: catalogue, now, scopes: ['estate'] });
    lists.push(estate.findings);
    rulesRun.push(...estate.rulesRun);
  }

  const coverageGaps = dedupeGaps([...done.flatMap((d) => d.coverageGaps), ...failed.flatMap((s) => s.coverageGaps)]);
  const eventWindows: EventWindow[] = done.flatMap((d) => d.eventWindows);
  const accounts = [...new Set(targets.map((t) => t.accountId))].sort();
  const regions = [...new Set(targets.map((t) => t.region))].sort();
  return findingsDocument(
    {
      id: run.runId,
      startedAt: run.startedAt,
      finishedAt: deps.now().toISOString(),
      accounts,
      regions,
      coverageGaps,
      ...(eventWindows.length ? { eventWindows } : {}),
      source: deps.source,
      policy: deps.policySource,
      rulesRun: orderedRules(catalogue, rulesRun),
    },
    uniqueFindings(lists),
  );
}

/** Moves state/last-run.json forward only: a retried old run never rewinds the next event window. */
async function recordLastRun(store: RunStore, last: LastRun): Promise<void> {
  const current = await readJson<Partial<LastRun>>(store, LAST_RUN_KEY);
  const t = typeof current?.startedAt === 'string' ? Date.parse(current.startedAt) : NaN;
  if (!Number.isNaN(t) && t >= Date.parse(last.startedAt)) return;
  await store.put(LAST_RUN_KEY, JSON.stringify(last, null, 2) + '\n');
}

export function makePublishHandler(deps: PublishDeps) {
  return async (event: unknown): Promise<PublishOutput> => {
    const input = parsePublishInput(event);
    const { run } = input;
    const targetsBytes = await deps.store.read(input.targetsKey);
    if (!targetsBytes) throw new Error(`${deps.store.location}/${input.targetsKey} is missing: the run's target list was not written`);
    const targets = parseTargetList(Buffer.from(targetsBytes).toString('utf8'), input.targetsKey);
    const document = await buildRunDocument(deps, run, targets);
    const folder = runFolder(run.runId, run.startedAt);
    const withHtml = effectiveOutputFormats(deps.outputFormats).includes('html');
    const reportUrl = deps.policy.alerts.reportUrl || !withHtml ? undefined : deps.reportUrl?.(folder);
    const result = await publishRun({
      document,
      policy: deps.policy,
      store: deps.store,
      policyName: deps.policySource,
      // publishRun leaves out of the alert what the real-time path already sent (state/realtime/).
      deliver: (alert) => deps.deliver(alert),
      ...(reportUrl ? { reportUrl } : {}),
      ...(deps.outputFormats ? { outputFormats: deps.outputFormats } : {}),
      rules: deps.catalogue.map((r) => r.id),
    });
    await recordLastRun(deps.store, { runId: run.runId, startedAt: run.startedAt, finishedAt: result.document.run.finishedAt });
    deps.log.info('run published', {
      runId: run.runId,
      folder: result.folder,
      alertStatus: result.alertStatus,
      alreadyPublished: result.alreadyPublished,
      changes: result.changes,
      coverageGaps: result.document.run.coverageGaps.length,
      ...(result.baselineProblem ? { baselineProblem: result.baselineProblem.kind } : {}),
    });
    return {
      runId: run.runId,
      folder: result.folder,
      manifestKey: result.manifestKey,
      alertStatus: result.alertStatus,
      alreadyPublished: result.alreadyPublished,
      findings: result.document.findings.length,
      coverageGaps: result.document.run.coverageGaps.length,
      changes: { new: result.changes.new, open: result.changes.open, resolved: result.changes.resolved },
    };
  };
}
