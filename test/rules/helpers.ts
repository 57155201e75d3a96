/** Small helpers for the rule tests: results without the engine's per-target coverage findings. */
import type { Finding } from '../../lib/findings/finding';

/** The rule's own results (drops the engine's `target:<region>` coverage findings). */
export function resultsOf(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.detailKey?.startsWith('target:'));
}

/** The single result of a rule for a resource id; throws when there is not exactly one. */
export function resultFor(findings: Finding[], resourceId: string): Finding {
  const hits = resultsOf(findings).filter((f) => f.resourceId === resourceId);
  if (hits.length !== 1) throw new Error(`expected one result for ${resourceId}, got ${hits.length}: ${JSON.stringify(hits.map((h) => h.status))}`);
  return hits[0]!;
}

/** The status for a resource id, or undefined when the rule said nothing about it. */
export function statusFor(findings: Finding[], resourceId: string): string | undefined {
  const hits = resultsOf(findings).filter((f) => f.resourceId === resourceId);
  if (hits.length > 1) throw new Error(`expected at most one result for ${resourceId}, got ${hits.length}`);
  return hits[0]?.status;
}
