/**
 * The periodic compliance report: what an auditor accepts for a day, week or month. Pure: the runs
 * come in (loaded from the store by lib/storage/history.ts), the time comes in.
 *
 * A framework's compliance score is what an auditor reads it as: the share of its controls that pass,
 * over the findings of the period's last run. A control passes only when every resource mapped to it
 * passes (a suppressed finding is an accepted risk and does not fail it); one failing resource fails
 * the control; a control with no failure but a resource that could not be judged (UNKNOWN, ERROR) is
 * UNKNOWN and counts as not passing. Controls with nothing applicable are left out. So
 *   score = passed controls / (passed + failed + unknown controls); no such control gives no score (null).
 * Beside it, per control and per account and region, the resource pass rate = pass / (pass + fail)
 * says how far along the fixing is; it is never shown as the framework's score.
 */
import { atLeast, SEVERITIES, type Severity } from '../model/severity';
import { compareFindings, type Finding } from '../findings/finding';
import type { FindingsDocument } from '../findings/document';
import { ranIfRecorded, undecidedOf } from '../findings/verdict';
import type { CoverageGap } from '../model/types';
import { controlSummary, FRAMEWORKS, type ControlRef, type ControlVerdict, type FrameworkKey } from '../reports/controls';
import type { LifecycleState, TrackedFinding } from '../state/state-document';
import type { ExceptionsDocument } from '../state/exceptions-document';
import { inRange, lastCompletePeriod, periodContaining, previousPeriods, type Period, type PeriodRange } from './period';

export const REPORT_KIND = 'vmaudit-compliance-report';
export const REPORT_SCHEMA_VERSION = 1;
/** Lists in the report stop here (with the total); the runs' findings.json hold every finding. */
export const LIST_MAX = 1000;
export const DEFAULT_TREND_PERIODS = 8;
const EXPIRING_SOON_DAYS = 14;

/** One stored run, as the history loader reads it. */
export interface HistoryRun {
  runId: string;
  /** The run's manifest time (its finish). */
  createdAt: string;
  /** When the run started (its folder date); used when `document` is not loaded. */
  startedAt: string;
  /** findings.json of the run (lifecycle applied); needed for the period's last run. */
  document?: FindingsDocument;
  /** The trend figures of a run whose document was read and dropped (see `runSummary`), to save memory. */
  summary?: RunSummary;
  state?: LifecycleState;
  exceptions?: ExceptionsDocument;
}

export interface RunSummary {
  scores: Partial<Record<FrameworkKey, number | null>>;
  failing: number;
}

export interface StatusCounts {
  pass: number;
  fail: number;
  /** UNKNOWN and ERROR. */
  unknown: number;
  suppressed: number;
  notApplicable: number;
}

export interface ControlReport extends StatusCounts {
  control: string;
  /** The control's title in the standard ('' when the registry does not know the id). */
  title: string;
  verdict: ControlVerdict;
  /** Resource pass rate within the control; the control's verdict is what the framework score counts. */
  score: number | null;
  rules: string[];
  /** Rules of the control that did not run in the run: the control is then unknown, never passing. */
  notRun: string[];
}

/** How the framework score is defined, as the report, the digest and the docs say it. */
export const SCORE_DEFINITION =
  'Score = controls passing / controls judged. A control passes only when every resource mapped to it passes; one failing resource fails it; a control that could not be judged everywhere (coverage gap, rule error) is unknown and counts as not passing. Suppressed findings are accepted risks and do not fail a control; controls with nothing applicable are left out.';
export const SCORE_SHORT = 'controls passing / controls judged; one failing resource fails a control; unknown never counts as pass';

export interface FrameworkReport {
  framework: FrameworkKey;
  label: string;
  /** Passed controls / judged controls (see the top of this file). */
  score: number | null;
  /** pass / (pass + fail) over the resources mapped to the framework. */
  resourcePassRate: number | null;
  counts: StatusCounts;
  controls: { total: number; passed: number; failed: number; unknown: number; notApplicable: number };
  controlRows: ControlReport[];
  /** Controls with rules but no finding in the period's last run, and controls vmaudit cannot evidence. */
  notEvaluated: ControlRef[];
  notEvidenced: ControlRef[];
}

export interface ScopeReport extends StatusCounts {
  accountId: string;
  region: string;
  score: number | null;
}

export interface TrendPoint {
  label: string;
  start: string;
  runId: string | null;
  scores: Partial<Record<FrameworkKey, number | null>>;
  failing: number | null;
}

export interface FindingRef {
  id: string;
  ruleId: string;
  severity: Severity;
  accountId: string;
  region: string;
  resourceId: string;
  title: string;
  openedAt?: string;
  resolvedAt?: string;
  reopened?: number;
  /** For new findings: still failing at the end of the period. */
  stillOpen?: boolean;
}

export interface ExceptionRef {
  state: 'active' | 'expired' | 'stale';
  rule: string;
  scope: string;
  reason: string;
  owner: string;
  expires: string;
  /** Whole days from the report time to the expiry (negative when expired). */
  daysLeft: number;
  matched: number;
  expiringSoon: boolean;
}

export interface Listed<T> {
  total: number;
  items: T[];
}

export interface ComplianceReport {
  kind: typeof REPORT_KIND;
  schemaVersion: number;
  generatedAt: string;
  period: PeriodRange;
  /** The run the figures describe: the last one of the period; null when the period had none. */
  run: { id: string; startedAt: string; finishedAt: string; accounts: string[]; regions: string[] } | null;
  runsInPeriod: number;
  frameworks: FrameworkReport[];
  byAccountRegion: ScopeReport[];
  trend: TrendPoint[];
  newFindings: Listed<FindingRef>;
  resolvedFindings: Listed<FindingRef>;
  /** Failing at the end of the period, at or above the digest severity. */
  openFindings: { total: number; bySeverity: Record<Severity, number>; digestSeverity: Severity; atOrAboveDigest: Listed<FindingRef> };
  exceptions: ExceptionRef[];
  coverageGaps: CoverageGap[];
  /**
   * Rules of the period's last run that did not run or did not decide everywhere, with the reason, and
   * the results left UNKNOWN for data not read: while either is non-empty, no sentence of the report
   * states an absence as an all-clear.
   */
  notEvaluated: { rules: Listed<{ ruleId: string; reason: string }>; unreadResults: number };
  /** Things the reader must know: no run in the period, a lifecycle computed without state, a file that did not match its manifest. */
  notes: string[];
}

export interface ComplianceOptions {
  digestSeverity?: Severity;
  trendPeriods?: number;
  /** Problems the loader found (a file not matching its manifest), quoted in the report. */
  loaderNotes?: readonly string[];
  /** Runs in the period when the loader read only some of them (default: those in `history`). */
  runsInPeriod?: number;
  /** Every rule a run could have run (the catalogue's ids): those the last run did not run are named as not evaluated. Default: the rules it ran. */
  rules?: readonly string[];
}

function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, unknown: 0, suppressed: 0, notApplicable: 0 };
}

function add(c: StatusCounts, f: Finding): void {
  switch (f.status) {
    case 'PASS': c.pass++; break;
    case 'FAIL': c.fail++; break;
    case 'UNKNOWN':
    case 'ERROR': c.unknown++; break;
    case 'SUPPRESSED': c.suppressed++; break;
    case 'NOT_APPLICABLE': c.notApplicable++; break;
  }
}

/** Passed controls / judged controls (passed + failed + unknown), rounded to 4 decimals; null when no control was judged. */
export function frameworkScore(c: { passed: number; failed: number; unknown: number }): number | null {
  const n = c.passed + c.failed + c.unknown;
  return n === 0 ? null : Math.round((c.passed / n) * 10_000) / 10_000;
}

/** Resource pass rate: pass / (pass + fail), rounded to 4 decimals; null when nothing passed or failed. */
export function complianceScore(c: Pick<StatusCounts, 'pass' | 'fail'>): number | null {
  const n = c.pass + c.fail;
  return n === 0 ? null : Math.round((c.pass / n) * 10_000) / 10_000;
}

function frameworkReports(doc: Pick<FindingsDocument, 'run' | 'findings'> | undefined): FrameworkReport[] {
  const findings = doc?.findings ?? [];
  const summaries = controlSummary(findings, undefined, doc ? ranIfRecorded(doc) : undefined);
  return summaries.map((fw) => {
    const counts = emptyCounts();
    for (const f of findings) if ((f.frameworks[fw.framework] ?? []).length) add(counts, f);
    const controlRows: ControlReport[] = fw.controls.map((c) => ({
      control: c.control,
      title: c.title,
      verdict: c.verdict,
      pass: c.pass,
      fail: c.fail,
      unknown: c.unknown,
      suppressed: c.suppressed,
      notApplicable: c.notApplicable,
      score: complianceScore(c),
      rules: c.rules,
      notRun: c.notRun,
    }));
    const controls = {
      total: controlRows.length,
      passed: controlRows.filter((c) => c.verdict === 'PASS').length,
      failed: controlRows.filter((c) => c.verdict === 'FAIL').length,
      unknown: controlRows.filter((c) => c.verdict === 'UNKNOWN').length,
      notApplicable: controlRows.filter((c) => c.verdict === 'NOT_APPLICABLE').length,
    };
    return {
      framework: fw.framework,
      label: fw.label,
      score: frameworkScore(controls),
      resourcePassRate: complianceScore(counts),
      counts,
      controls,
      controlRows,
      notEvaluated: fw.notEvaluated,
      notEvidenced: fw.notEvidenced,
    };
  });
}

function scopeReports(findings: readonly Finding[]): ScopeReport[] {
  const m = new Map<string, ScopeReport>();
  for (const f of findings) {
    if (f.lifecycle === 'RESOLVED' && f.status === 'NOT_APPLICABLE') continue;
    const k = `${f.accountId}\u0000${f.region}`;
    let s = m.get(k);
    if (!s) m.set(k, (s = { accountId: f.accountId, region: f.region, ...emptyCounts(), score: null }));
    add(s, f);
  }
  return [...m.values()].map((s) => ({ ...s, score: complianceScore(s) })).sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.region, b.region));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listed<T>(items: T[]): Listed<T> {
  return { total: items.length, items: items.slice(0, LIST_MAX) };
}

const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

function byRef(a: FindingRef, b: FindingRef): number {
  return SEVERITY_RANK.get(a.severity)! - SEVERITY_RANK.get(b.severity)! || cmp(a.ruleId, b.ruleId) || cmp(a.accountId, b.accountId) || cmp(a.region, b.region) || cmp(a.resourceId, b.resourceId) || cmp(a.id, b.id);
}

function refOf(t: Pick<TrackedFinding, 'id' | 'ruleId' | 'severity' | 'accountId' | 'region' | 'resourceId' | 'title'>): FindingRef {
  return { id: t.id, ruleId: t.ruleId, severity: t.severity, accountId: t.accountId, region: t.region, resourceId: t.resourceId, title: t.title };
}

/** New and resolved in the period, from the end run's state (it remembers resolutions for 90 days). */
function changesFromState(state: LifecycleState, range: PeriodRange): { added: FindingRef[]; resolved: FindingRef[] } {
  const added: FindingRef[] = [];
  const resolved: FindingRef[] = [];
  for (const t of state.findings) {
    if (inRange(t.openedAt, range)) added.push({ ...refOf(t), openedAt: t.openedAt, reopened: t.reopened, stillOpen: t.state === 'open' });
    if (t.state === 'resolved' && t.resolvedAt && inRange(t.resolvedAt, range)) resolved.push({ ...refOf(t), openedAt: t.openedAt, resolvedAt: t.resolvedAt });
  }
  return { added: added.sort(byRef), resolved: resolved.sort(byRef) };
}

/** Without state: failing at the end but not at the start of the period, and the reverse. */
function changesFromDiff(start: FindingsDocument | undefined, end: FindingsDocument): { added: FindingRef[]; resolved: FindingRef[] } {
  const failing = (d: FindingsDocument | undefined) => new Map((d?.findings ?? []).filter((f) => f.status === 'FAIL').map((f) => [f.id, f]));
  const a = failing(start);
  const b = failing(end);
  const added = [...b.values()].filter((f) => !a.has(f.id)).map((f) => ({ ...refOf(f), stillOpen: true }));
  const resolved = [...a.values()].filter((f) => !b.has(f.id)).map((f) => refOf(f));
  return { added: added.sort(byRef), resolved: resolved.sort(byRef) };
}

function exceptionRefs(doc: ExceptionsDocument | undefined, findings: readonly Finding[], now: Date): ExceptionRef[] {
  const nowMs = now.getTime();
  const make = (r: { state: ExceptionRef['state']; rule: string; scope: string; reason: string; owner: string; expires: string; matched: number }): ExceptionRef => {
    const daysLeft = Math.floor((Date.parse(r.expires) - nowMs) / 86_400_000);
    return { ...r, daysLeft, expiringSoon: r.state === 'active' && daysLeft <= EXPIRING_SOON_DAYS };
  };
  if (doc) {
    return doc.exceptions
      .map((r) =>
        make({
          state: r.state,
          rule: r.rule,
          scope: [r.resource && `resource ${r.resource}`, r.account && `account ${r.account}`, r.region && `region ${r.region}`, r.tags !== undefined && `tags ${JSON.stringify(r.tags)}`].filter(Boolean).join(', '),
          reason: r.reason,
          owner: r.owner,
          expires: r.expires,
          matched: r.matched,
        }),
      )
      .sort((a, b) => Date.parse(a.expires) - Date.parse(b.expires) || cmp(a.rule, b.rule));
  }
  // Runs written before exceptions.json: what the suppressed findings say.
  const m = new Map<string, ExceptionRef>();
  for (const f of findings) {
    if (!f.suppression) continue;
    const k = `${f.suppression.exception}`;
    const e = m.get(k);
    if (e) e.matched++;
    else m.set(k, make({ state: 'active', rule: f.ruleId, scope: '', reason: f.suppression.reason, owner: f.suppression.owner, expires: f.suppression.expires, matched: 1 }));
  }
  return [...m.values()].sort((a, b) => Date.parse(a.expires) - Date.parse(b.expires));
}

function noScores(): Record<FrameworkKey, number | null> {
  return Object.fromEntries(FRAMEWORKS.map((f) => [f.key, null])) as Record<FrameworkKey, number | null>;
}

/** What the trend needs from a run: its framework scores and failing count. */
export function runSummary(doc: FindingsDocument): RunSummary {
  const scores = noScores();
  for (const fw of frameworkReports(doc)) scores[fw.framework] = fw.score;
  return { scores, failing: doc.findings.filter((f) => f.status === 'FAIL').length };
}

/** The last run (by manifest time) whose start falls in the range. */
function lastRunIn(history: readonly HistoryRun[], range: PeriodRange): HistoryRun | undefined {
  let best: HistoryRun | undefined;
  for (const r of history) {
    const started = r.document?.run.startedAt ?? r.startedAt;
    if (!inRange(started, range)) continue;
    if (!best || Date.parse(r.createdAt) > Date.parse(best.createdAt) || (r.createdAt === best.createdAt && r.runId > best.runId)) best = r;
  }
  return best;
}

function dedupeGaps(gaps: readonly CoverageGap[]): CoverageGap[] {
  const seen = new Map<string, CoverageGap>();
  for (const g of gaps) seen.set([g.accountId, g.region, g.service, g.api, g.errorCode].join('\u0000'), g);
  return [...seen.values()].sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.region, b.region) || cmp(a.service, b.service) || cmp(a.api, b.api));
}

export function buildComplianceReport(history: readonly HistoryRun[], period: Period | PeriodRange, now: Date, options: ComplianceOptions = {}): ComplianceReport {
  const range = typeof period === 'string' ? lastCompletePeriod(period, now) : period;
  const digestSeverity = options.digestSeverity ?? 'medium';
  const trendRanges = [...previousPeriods(range, (options.trendPeriods ?? DEFAULT_TREND_PERIODS) - 1), range];
  const notes = [...(options.loaderNotes ?? [])];
  const endRun = lastRunIn(history, range);
  const runsInPeriod = options.runsInPeriod ?? history.filter((r) => inRange(r.document?.run.startedAt ?? r.startedAt, range)).length;
  const doc = endRun?.document;
  const findings = doc?.findings ?? [];

  if (!endRun) notes.unshift(`No run finished in this period (${range.label}): nothing was audited. Check the schedule and the dead-man alarm.`);
  else if (!doc) notes.unshift(`The findings of run ${endRun.runId} could not be read; the figures are empty.`);

  let changes: { added: FindingRef[]; resolved: FindingRef[] } = { added: [], resolved: [] };
  if (doc && endRun?.state) changes = changesFromState(endRun.state, range);
  else if (doc) {
    const before = lastRunIn(history, previousPeriods(range, 1)[0])?.document;
    changes = changesFromDiff(before, doc);
    notes.push('New and resolved findings were computed by comparing the first and last run (no lifecycle state was recorded): failures that opened and closed within the period are not listed.');
  }

  const failing = findings.filter((f) => f.status === 'FAIL');
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of failing) bySeverity[f.severity]++;
  const atOrAbove = failing
    .filter((f) => atLeast(f.severity, digestSeverity))
    .sort(compareFindings)
    .map((f) => ({ ...refOf(f), openedAt: f.tracking?.openedAt, reopened: f.tracking?.reopened }));

  const trend: TrendPoint[] = trendRanges.map((r) => {
    const run = lastRunIn(history, r);
    const summary = run?.summary ?? (run?.document ? runSummary(run.document) : undefined);
    return { label: r.label, start: r.start, runId: run?.runId ?? null, scores: summary?.scores ?? noScores(), failing: summary?.failing ?? null };
  });

  return {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    period: range,
    run: doc ? { id: doc.run.id, startedAt: doc.run.startedAt, finishedAt: doc.run.finishedAt, accounts: [...doc.run.accounts], regions: [...doc.run.regions] } : null,
    runsInPeriod,
    frameworks: frameworkReports(doc),
    byAccountRegion: scopeReports(findings),
    trend,
    newFindings: listed(changes.added),
    resolvedFindings: listed(changes.resolved),
    openFindings: { total: failing.length, bySeverity, digestSeverity, atOrAboveDigest: listed(atOrAbove) },
    exceptions: exceptionRefs(endRun?.exceptions, findings, now),
    coverageGaps: dedupeGaps(doc?.run.coverageGaps ?? []),
    notEvaluated: notEvaluatedIn(doc, options.rules),
    notes,
  };
}

function notEvaluatedIn(doc: FindingsDocument | undefined, rules: readonly string[] | undefined): ComplianceReport['notEvaluated'] {
  if (!doc) return { rules: listed([]), unreadResults: 0 };
  // A run that did not record the rules it ran can only say which of them did not decide.
  const u = undecidedOf(doc, doc.run.rulesRun ? rules : undefined);
  return { rules: listed(u.rules), unreadResults: u.unread };
}

/** Whether the report may state an absence ("nothing open", "nothing was hidden"): the last run decided everything. */
export function reportAllClear(r: Pick<ComplianceReport, 'run' | 'coverageGaps' | 'notEvaluated'>): boolean {
  return r.run !== null && r.coverageGaps.length === 0 && r.notEvaluated.rules.total === 0 && r.notEvaluated.unreadResults === 0;
}

/** The period a `--date` names, or the last complete one. */
export function reportRange(period: Period, now: Date, date?: Date): PeriodRange {
  return date ? periodContaining(period, date) : lastCompletePeriod(period, now);
}
