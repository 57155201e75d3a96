/**
 * Whether a renderer may state an absence ("no zone can reach another", "no failing rules",
 * "coverage: complete") about a rule: only when the rule ran and every result it gave is a verdict
 * over data that was read (PASS, NOT_APPLICABLE, SUPPRESSED, or FAIL for the lists that show them).
 * Otherwise the renderer says "not evaluated" with the reason this returns. Pure: the run's document in,
 * a sentence out.
 */
import type { Finding } from './finding';
import type { RunInfo } from './document';

/** What the verdict helpers read of a run's document. */
export interface RunResults {
  run: Pick<RunInfo, 'rulesRun' | 'coverageGaps'>;
  findings: readonly Finding[];
}

export type Verdict = { evaluated: true } | { evaluated: false; reason: string };

const MAX_REASON = 240;

function cut(s: string): string {
  return s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s;
}

/** Per rule id of the document, built once: which rules gave UNKNOWN or ERROR results, and the first reason. */
export function verdictsOf(doc: Pick<RunResults, 'findings'> & { run: Pick<RunInfo, 'rulesRun'> }): (ruleId: string) => Verdict {
  const ran = doc.run.rulesRun ? new Set(doc.run.rulesRun) : undefined;
  const open = new Map<string, { unknown: number; error: number; first: Finding }>();
  const seen = new Set<string>();
  for (const f of doc.findings) {
    seen.add(f.ruleId);
    // A RESOLVED record of an earlier failure is not a result of this run.
    if (f.lifecycle === 'RESOLVED' && f.status === 'NOT_APPLICABLE') continue;
    if (f.status !== 'UNKNOWN' && f.status !== 'ERROR') continue;
    const o = open.get(f.ruleId);
    if (o) {
      if (f.status === 'ERROR') o.error++;
      else o.unknown++;
    } else open.set(f.ruleId, { unknown: f.status === 'UNKNOWN' ? 1 : 0, error: f.status === 'ERROR' ? 1 : 0, first: f });
  }
  return (ruleId) => {
    if (ran ? !ran.has(ruleId) : !seen.has(ruleId)) return { evaluated: false, reason: `rule ${ruleId} did not run (disabled by the policy, or not part of this run)` };
    const o = open.get(ruleId);
    if (!o) return { evaluated: true };
    if (o.error) return { evaluated: false, reason: cut(`rule ${ruleId} failed with an error (${o.first.message})`) };
    return { evaluated: false, reason: cut(`${o.unknown} result${o.unknown === 1 ? '' : 's'} of ${ruleId} could not be decided, e.g. ${o.first.message}`) };
  };
}

/** The rules among `ruleIds` that are not evaluated, with their reasons. */
export function notEvaluated(verdict: (ruleId: string) => Verdict, ruleIds: Iterable<string>): { ruleId: string; reason: string }[] {
  const out: { ruleId: string; reason: string }[] = [];
  for (const id of ruleIds) {
    const v = verdict(id);
    if (!v.evaluated) out.push({ ruleId: id, reason: v.reason });
  }
  return out;
}

/** Whether each rule of the document ran (from `run.rulesRun`; for a document without it, whether any finding names the rule). */
export function ranOf(doc: Pick<RunResults, 'findings'> & { run: Pick<RunInfo, 'rulesRun'> }): (ruleId: string) => boolean {
  if (doc.run.rulesRun) {
    const ran = new Set(doc.run.rulesRun);
    return (id) => ran.has(id);
  }
  const seen = new Set(doc.findings.map((f) => f.ruleId));
  return (id) => seen.has(id);
}

/** `ranOf` for a document that records the rules it ran; undefined for an older one, which cannot say. */
export function ranIfRecorded(doc: { run: Pick<RunInfo, 'rulesRun'> }): ((ruleId: string) => boolean) | undefined {
  if (!doc.run.rulesRun) return undefined;
  const ran = new Set(doc.run.rulesRun);
  return (id) => ran.has(id);
}

/** What keeps a run from being an all-clear: rules that did not decide, failed API calls, results left undecided for data not read. */
export interface Undecided {
  /** Rules (among those asked about) that did not run or did not decide everywhere, with the reason, in the order asked. */
  rules: { ruleId: string; reason: string }[];
  /** API calls that failed (coverage gaps). */
  gaps: number;
  /** UNKNOWN results whose evidence names data that was not read (events or inventory). */
  unread: number;
}

/**
 * The caveats of a run. `rules` is every rule the run could have run (the catalogue, or the event
 * rules for `vmaudit events`); by default the rules it ran, so only undecided ones are named.
 */
export function undecidedOf(doc: RunResults, rules?: Iterable<string>): Undecided {
  const ids = rules ?? doc.run.rulesRun ?? [...new Set(doc.findings.map((f) => f.ruleId))];
  const unread = doc.findings.filter((f) => f.status === 'UNKNOWN' && (f.evidence.eventsNotRead !== undefined || f.evidence.notRead !== undefined)).length;
  return { rules: notEvaluated(verdictsOf(doc), ids), gaps: doc.run.coverageGaps.length, unread };
}

/** An absence may be stated as an all-clear only when nothing is undecided. */
export function isAllClear(u: Undecided): boolean {
  return u.rules.length === 0 && u.gaps === 0 && u.unread === 0;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "3 rules not evaluated, 2 API calls failed": what is undecided, in one clause ('' when nothing is). */
export function undecidedClause(u: Undecided): string {
  const parts: string[] = [];
  if (u.rules.length) parts.push(`${count(u.rules.length, 'rule')} not evaluated`);
  if (u.gaps) parts.push(`${count(u.gaps, 'API call')} failed`);
  if (u.unread && !u.rules.length) parts.push(`${count(u.unread, 'result')} undecided for data not read`);
  return parts.join(', ');
}
