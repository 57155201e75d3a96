/**
 * NEW / OPEN / RESOLVED: this run's findings compared with the previous state. Pure: the run's own
 * timestamps are the only clock.
 *
 * - FAIL now, not failing before: NEW (and `tracking.reopened` counts it when it had been resolved:
 *   fail, pass, fail is NEW again, flagged as reopened).
 * - FAIL now and before: OPEN.
 * - Failing before, PASS / SUPPRESSED / NOT_APPLICABLE now: RESOLVED, with the reason.
 * - Failing before and absent now although its rule ran over its account and region without a coverage
 *   gap: a RESOLVED record is emitted anyway (the resource was deleted, or the condition is gone).
 * - Failing before but not re-checked (UNKNOWN, ERROR, a coverage gap, an account or region left out of
 *   this run): never called fixed. An UNKNOWN result stays OPEN; an absent one is carried in the state
 *   silently, so it is not announced as new when coverage returns.
 *
 * Only those carry `lifecycle`: a PASS, NOT_APPLICABLE, UNKNOWN, ERROR or SUPPRESSED result with no
 * failure behind it has none, and the state never records one (it holds failures and recent
 * resolutions only, so it does not grow with the PASS results of a large estate).
 *
 * Event findings (`isOccurrence`: an `evt-*` rule's finding about particular events) are occurrences:
 * NEW when first seen; absent next run because their event is outside the new window, which resolves
 * nothing (no RESOLVED record: the state keeps them as `past`); seen again (the window overlap re-reads
 * it, a burst continues, a `--since` re-read) OPEN, so an event never alerts twice. The per-account/
 * region verdicts of event rules (PASS, UNKNOWN, evt-event-coverage) keep the rules above.
 */
import { compareFindings, type Finding, type Resolution, type Tracking } from '../findings/finding';
import { summarise, type FindingsDocument } from '../findings/document';
import { isOccurrence, STATE_KIND, STATE_SCHEMA_VERSION, trackedFrom, type Baseline, type BaselineProblem, type LifecycleState, type TrackedFinding } from './state-document';
import { normaliseControlIds } from '../frameworks/index';

export { isOccurrence, OCCURRENCE_RULE_PREFIX } from './state-document';

export const DEFAULT_RETAIN_DAYS = 90;
const DAY_MS = 86_400_000;

export interface LifecycleOptions {
  /** Resolved entries, and failures no run could re-check, are forgotten after this many days. */
  retainDays?: number;
  /** Past occurrences (event findings outside the window) are forgotten after this many days (default `retainDays`). */
  occurrenceRetainDays?: number;
  /** Rule ids whose event findings are occurrences (default: every `evt-*` rule; see `occurrenceRulesOf`). */
  occurrenceRules?: ReadonlySet<string>;
}

/** The occurrence rules of a catalogue: its event rules. */
export function occurrenceRulesOf(catalogue: readonly { id: string; category: string }[]): Set<string> {
  return new Set(catalogue.filter((r) => r.category === 'event').map((r) => r.id));
}

export interface LifecycleChanges {
  /** FAIL findings that were not failing in the previous state (reopened ones included). */
  new: Finding[];
  /** FAIL findings that were failing before (and UNKNOWN ones still tracked as open). */
  open: Finding[];
  /** RESOLVED records of this run. */
  resolved: Finding[];
  /** The part of `new` that had been resolved before. */
  reopened: Finding[];
  /** Failures of the previous state this run could not re-check, carried forward unchanged. */
  unverified: number;
  /** Occurrences of the previous state whose event is now outside the window (kept as `past`, not resolved). */
  past: number;
}

export interface LifecycleResult {
  /** The run's document with lifecycle and tracking set, RESOLVED records added, sorted, summary recomputed. */
  document: FindingsDocument;
  /** The state the next run compares with. */
  state: LifecycleState;
  changes: LifecycleChanges;
  /** Set when there was no usable previous state: every failure is NEW this once. */
  baselineProblem?: BaselineProblem;
}

export function computeLifecycle(doc: FindingsDocument, baseline: Baseline, options: LifecycleOptions = {}): LifecycleResult {
  const retainMs = (options.retainDays ?? DEFAULT_RETAIN_DAYS) * DAY_MS;
  const occurrenceRetainMs = (options.occurrenceRetainDays ?? options.retainDays ?? DEFAULT_RETAIN_DAYS) * DAY_MS;
  const at = doc.run.startedAt;
  const atMs = Date.parse(at);
  const previous = 'state' in baseline ? baseline.state.findings : [];
  const prevById = new Map<string, TrackedFinding>(previous.map((t) => [t.id, t]));
  const scope = runScope(doc);

  const findings: Finding[] = [];
  const next = new Map<string, TrackedFinding>();
  const changes: LifecycleChanges = { new: [], open: [], resolved: [], reopened: [], unverified: 0, past: 0 };
  const seen = new Set<string>();

  for (const f of doc.findings) {
    seen.add(f.id);
    const prev = prevById.get(f.id);
    const wasOpen = prev?.state === 'open';
    const occurrence = isOccurrence(f, options.occurrenceRules);
    if (f.status === 'FAIL') {
      let tracking: Tracking;
      let out: Finding;
      // An occurrence read again after it left the window is the same event, not a new one.
      if (wasOpen || (occurrence && prev?.state === 'past')) {
        tracking = { firstSeen: prev.firstSeen, openedAt: prev.openedAt, reopened: prev.reopened };
        out = { ...f, lifecycle: 'OPEN', tracking };
        changes.open.push(out);
      } else {
        const reopened = prev ? prev.reopened + 1 : 0;
        tracking = { firstSeen: prev?.firstSeen ?? at, openedAt: at, reopened };
        out = { ...f, lifecycle: 'NEW', tracking };
        changes.new.push(out);
        if (prev) changes.reopened.push(out);
      }
      findings.push(out);
      next.set(f.id, trackedFrom(f, { state: 'open', firstSeen: tracking.firstSeen, openedAt: tracking.openedAt, lastSeen: at, reopened: tracking.reopened, occurrence }));
    } else if (wasOpen && (f.status === 'UNKNOWN' || f.status === 'ERROR')) {
      const out: Finding = { ...f, lifecycle: 'OPEN', tracking: { firstSeen: prev.firstSeen, openedAt: prev.openedAt, reopened: prev.reopened } };
      findings.push(out);
      changes.open.push(out);
      next.set(f.id, prev);
    } else if (wasOpen) {
      const resolution: Resolution = f.status === 'SUPPRESSED' ? 'suppressed' : f.status === 'NOT_APPLICABLE' ? 'not-applicable' : 'passed';
      const out: Finding = { ...f, lifecycle: 'RESOLVED', tracking: { firstSeen: prev.firstSeen, openedAt: prev.openedAt, resolvedAt: at, reopened: prev.reopened, resolution } };
      findings.push(out);
      changes.resolved.push(out);
      next.set(f.id, { ...prev, state: 'resolved', resolvedAt: at });
    } else if (prev) {
      // Resolved before and still not failing: keep its history visible and remembered.
      findings.push({ ...withoutLifecycle(f), tracking: { firstSeen: prev.firstSeen, openedAt: prev.openedAt, resolvedAt: prev.resolvedAt, reopened: prev.reopened } });
      if (within(prev.resolvedAt ?? prev.lastSeen, atMs, retainMs)) next.set(f.id, prev);
    } else {
      findings.push(withoutLifecycle(f));
    }
  }

  for (const prev of previous) {
    if (seen.has(prev.id)) continue;
    if (prev.state === 'resolved') {
      if (within(prev.resolvedAt ?? prev.lastSeen, atMs, retainMs)) next.set(prev.id, prev);
      continue;
    }
    if (prev.occurrence) {
      // Its event is outside this run's window: it happened, nothing was fixed; remembered to recognise a re-read.
      if (prev.state === 'open') changes.past++;
      if (within(prev.lastSeen, atMs, occurrenceRetainMs)) next.set(prev.id, prev.state === 'past' ? prev : { ...prev, state: 'past' });
      continue;
    }
    const verdict = scope.recheck(prev);
    if (verdict === 'unverified') {
      changes.unverified++;
      if (within(prev.lastSeen, atMs, retainMs)) next.set(prev.id, prev);
      continue;
    }
    const record = resolvedRecord(prev, at, verdict);
    findings.push(record);
    changes.resolved.push(record);
    next.set(prev.id, { ...prev, state: 'resolved', resolvedAt: at });
  }

  findings.sort(compareFindings);
  for (const list of [changes.new, changes.open, changes.resolved, changes.reopened]) list.sort(compareFindings);

  const accounts = new Set(doc.run.accounts);
  const regions = new Set(doc.run.regions);
  for (const t of next.values()) {
    accounts.add(t.accountId);
    regions.add(t.region);
  }
  const state: LifecycleState = {
    kind: STATE_KIND,
    schemaVersion: STATE_SCHEMA_VERSION,
    runId: doc.run.id,
    updatedAt: doc.run.finishedAt,
    accounts: [...accounts].sort(),
    regions: [...regions].sort(),
    comparedWith: 'state' in baseline ? { runId: baseline.state.runId } : { problem: baseline.problem },
    findings: [...next.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  const document: FindingsDocument = { ...doc, summary: summarise(findings), findings };
  return { document, state, changes, ...('problem' in baseline ? { baselineProblem: baseline.problem } : {}) };
}

/** A result with no failure behind it carries no lifecycle (whatever an older document or caller set). */
function withoutLifecycle(f: Finding): Finding {
  if (f.lifecycle === undefined) return f;
  const { lifecycle: _dropped, ...rest } = f;
  return rest;
}

function within(iso: string, atMs: number, retainMs: number): boolean {
  const t = Date.parse(iso);
  return Number.isNaN(t) || atMs - t <= retainMs;
}

type Recheck = 'unverified' | 'absent' | 'rule-removed';

/** Whether this run looked where a previous failure was: its account, region and rule, without a gap. */
function runScope(doc: FindingsDocument): { recheck(t: TrackedFinding): Recheck } {
  const accounts = new Set(doc.run.accounts);
  const regions = new Set(doc.run.regions);
  const rulesRun = doc.run.rulesRun ? new Set(doc.run.rulesRun) : undefined;
  const rulesSeen = new Set<string>();
  // Left out on the command line for this run only: not looked at, so neither resolved nor closed.
  const notSelected = new Set(doc.run.rulesNotSelected ?? []);
  const notChecked = new Set<string>();
  for (const f of doc.findings) {
    rulesSeen.add(f.ruleId);
    // An ERROR or target-level UNKNOWN means the rule could not judge this account and region.
    if (f.status === 'ERROR' || (f.status === 'UNKNOWN' && f.resourceType === 'AWS::::Account')) notChecked.add(`${f.ruleId}|${f.accountId}|${f.region}`);
  }
  const gaps = doc.run.coverageGaps ?? [];
  return {
    recheck(t) {
      if (accounts.size > 0 && !accounts.has(t.accountId)) return 'unverified';
      if (regions.size > 0 && !regions.has(t.region) && t.region !== 'global') return 'unverified';
      if (gaps.some((g) => g.accountId === t.accountId && (g.region === '*' || g.region === t.region))) return 'unverified';
      if (notChecked.has(`${t.ruleId}|${t.accountId}|${t.region}`)) return 'unverified';
      if (notSelected.has(t.ruleId)) return 'unverified';
      if (rulesRun && !rulesRun.has(t.ruleId) && !rulesSeen.has(t.ruleId)) return 'rule-removed';
      return 'absent';
    },
  };
}

function resolvedRecord(t: TrackedFinding, at: string, why: 'absent' | 'rule-removed'): Finding {
  const message =
    why === 'absent'
      ? `Resolved: ${t.resourceId} is no longer reported by ${t.ruleId} (the resource was removed, or the condition is gone).`
      : `No longer tracked: rule ${t.ruleId} did not run in this audit (disabled or removed from the policy), so this failure is closed.`;
  return {
    id: t.id,
    ruleId: t.ruleId,
    status: 'NOT_APPLICABLE',
    severity: t.severity,
    accountId: t.accountId,
    region: t.region,
    resourceType: t.resourceType,
    resourceId: t.resourceId,
    resourceArn: t.resourceArn,
    title: t.title,
    message,
    frameworks: normaliseControlIds(t.frameworks),
    remediation: '',
    evidence: { lastSeenFailing: t.lastSeen },
    lifecycle: 'RESOLVED',
    tracking: { firstSeen: t.firstSeen, openedAt: t.openedAt, resolvedAt: at, reopened: t.reopened, resolution: why },
  };
}
