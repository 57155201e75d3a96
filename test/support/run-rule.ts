/** Runs one rule over a snapshot the way the engine does, for table-driven rule tests. */
import { evaluate } from '../../lib/engine/evaluate';
import type { Rule } from '../../lib/engine/rule';
import type { Finding } from '../../lib/findings/finding';
import { PolicySchema, type PolicyInput } from '../../lib/policy/schema';
import type { Snapshot } from '../../lib/model/types';

export const NOW = new Date('2026-11-26T12:00:00.000Z');

export function runRule(rule: Rule, snap: Snapshot, params: Record<string, unknown> = {}, policy: PolicyInput = {}, now = NOW): Finding[] {
  const doc = PolicySchema.parse({ ...policy, rules: { ...(policy.rules ?? {}), [rule.id]: params } });
  return evaluate(snap, doc, { rules: [rule], now }).findings;
}

/** The statuses of a rule's findings for each resource id: { 'i-1': 'FAIL' }. */
export function statusByResource(findings: Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findings) out[f.detailKey && !f.detailKey.startsWith('target:') ? `${f.resourceId}#${f.detailKey}` : f.resourceId] = f.status;
  return out;
}
