/**
 * Whether a renderer may state an absence ("no zone can reach another", "no failing rules",
 * "coverage: complete") about a rule: only when the rule ran and every result it gave is a verdict
 * over data that was read (PASS, NOT_APPLICABLE, SUPPRESSED, or FAIL for the lists that show them).
 * Otherwise the renderer says "not evaluated" with the reason this returns. Pure: the run's document in,
 * a sentence out.
 */
import type { Finding } from './finding';
import type { FindingsDocument } from './document';

export type Verdict = { evaluated: true } | { evaluated: false; reason: string };

const MAX_REASON = 240;

function cut(s: string): string {
  return s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s;
}

/** Per rule id of the document, built once: which rules gave UNKNOWN or ERROR results, and the first reason. */
export function verdictsOf(doc: Pick<FindingsDocument, 'run' | 'findings'>): (ruleId: string) => Verdict {
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
