/**
 * Which rules run. Every rule runs unless the policy disables it by name (`rules.<id>: false` or
 * `{ enabled: false }`); `frameworks` only chooses which control ids the reports show. A rule that
 * enforces a declared policy section (isolation, flows, access, audit, response) is flagged when it is
 * disabled, so `policy validate` and `policy show` can say what goes unchecked.
 */
import type { PolicySection, Rule } from './rule';
import { isSeverity, type Severity } from '../model/severity';
import type { PolicyDocument } from '../policy/schema';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  params: Record<string, unknown>;
}

/** Reads `rules.<id>` of the policy: `false`, `true`, or `{ enabled?, severity?, ...params }`. */
export function ruleSetting(policy: PolicyDocument, ruleId: string): RuleSetting {
  const raw = policy.rules[ruleId];
  if (raw === undefined || raw === true) return { enabled: true, params: {} };
  if (raw === false) return { enabled: false, params: {} };
  const { enabled, severity, ...params } = raw as Record<string, unknown>;
  return {
    enabled: enabled !== false,
    severity: typeof severity === 'string' && isSeverity(severity) ? severity : undefined,
    params,
  };
}

/** Whether the engine runs `rule` under `policy`: only a setting that disables it by name turns it off. */
export function isRuleSelected(policy: PolicyDocument, rule: Rule): boolean {
  return ruleSetting(policy, rule.id).enabled;
}

/** The sections of `policy` that declare something for a rule to check. */
export function declaredSections(policy: PolicyDocument): PolicySection[] {
  const out: PolicySection[] = [];
  if (policy.isolation) out.push('isolation');
  for (const s of ['flows', 'access', 'audit', 'response'] as const) if (policy[s].length > 0) out.push(s);
  return out;
}

export interface RuleSelection {
  ruleId: string;
  runs: boolean;
  /** Why it runs or why not, one clause. */
  reason: string;
  /** Declared sections this rule enforces that go unchecked because it is disabled. */
  unenforced: PolicySection[];
}

/**
 * One entry per catalogue rule, in catalogue order. `lineOf` gives the policy-file line of a rule's
 * setting, when the setting came from a file.
 */
export function ruleSelection(policy: PolicyDocument, catalogue: readonly Rule[], lineOf: (ruleId: string) => number | undefined = () => undefined): RuleSelection[] {
  const declared = new Set(declaredSections(policy));
  return catalogue.map((rule) => {
    const enforced = (rule.enforces ?? []).filter((s) => declared.has(s));
    if (isRuleSelected(policy, rule)) {
      return { ruleId: rule.id, runs: true, reason: enforced.length ? `enforces the ${enforced.join(', ')} section${enforced.length > 1 ? 's' : ''}` : 'on (not disabled by name)', unenforced: [] };
    }
    const line = lineOf(rule.id);
    const where = `disabled by rules.${rule.id}${line ? ` (line ${line})` : ''}`;
    const gap = enforced.length ? `; the ${enforced.join(', ')} section${enforced.length > 1 ? 's are' : ' is'} therefore not checked` : '';
    return { ruleId: rule.id, runs: false, reason: `${where}${gap}`, unenforced: enforced };
  });
}
