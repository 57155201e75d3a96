/**
 * PASS results, compact: at 50,000 instances 80–90% of the run's results pass. They are kept as the
 * rules' own results, grouped by severity and rule, neither hashed nor built as findings nor sorted
 * with the failing ones; `expandPasses` builds each finding, in report order, when a format lists it.
 */
import type { Rule, RuleResult } from './rule';
import type { Severity } from '../model/severity';
import { SEVERITY_ORDER, findingId, type Finding } from '../findings/finding';
import { toFinding } from './to-finding';

export interface PassGroup {
  rule: Rule;
  /** The severity its findings carry (the policy's, or the result's own). */
  severity: Severity;
  frameworks: Finding['frameworks'];
  /** In report order once sorted: account, region, resource, then id. */
  results: RuleResult[];
}

export interface PassResults {
  /** In report order: severity, then rule id. */
  groups: PassGroup[];
  /** How many PASS results there are. */
  count: number;
}

export const NO_PASSES: PassResults = Object.freeze({ groups: Object.freeze([]) as unknown as PassGroup[], count: 0 });

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const idOf = (g: PassGroup, r: RuleResult) => findingId(g.rule.id, r.resource.accountId, r.resource.region, r.resource.id, r.detailKey);

/**
 * Puts the groups and their results in the order `compareFindings` gives their findings. Within a
 * group status, severity and rule are equal, so three strings decide; the id is hashed only for the
 * results of one resource that tie on them (one per port range, say).
 */
export function sortPassGroups(groups: PassGroup[]): PassResults {
  const kept = groups.filter((g) => g.results.length);
  kept.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || cmp(a.rule.id, b.rule.id));
  let count = 0;
  for (const g of kept) {
    count += g.results.length;
    g.results.sort((a, b) => cmp(a.resource.accountId, b.resource.accountId) || cmp(a.resource.region, b.resource.region) || cmp(a.resource.id, b.resource.id) || cmp(idOf(g, a), idOf(g, b)));
  }
  return { groups: kept, count };
}

/** Every PASS finding, in report order, built one at a time. */
export function* expandPasses(passes: PassResults): Generator<Finding> {
  for (const g of passes.groups) {
    const shown = { severity: g.severity, frameworks: g.frameworks };
    for (const r of g.results) yield toFinding(g.rule, shown, r);
  }
}
