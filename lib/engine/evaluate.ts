/**
 * The engine: runs every enabled rule over the indexed inventory and turns results into findings.
 * Pure: the time comes in as an argument; nothing here touches the SDK, the clock or the environment.
 *
 * Honesty rules (DESIGN §3): a rule that throws becomes ERROR for that rule and the run goes on;
 * where a coverage gap hides the data a rule needs, its PASS results become UNKNOWN and the target
 * gets one UNKNOWN finding that says which API failed and why.
 */
import { InventoryIndex } from './inventory-index';
import type { Rule, RuleResult } from './rule';
import type { Severity } from '../model/severity';
import { isRuleSelected, ruleSetting } from './selection';
import { accountArn } from '../model/arn';
import { describeMissing, isMissing, missingDataLookup } from './data-read';
import { compareFindings, type Finding } from '../findings/finding';
import { expandPasses, sortPassGroups, type PassGroup, type PassResults } from './pass-results';
import { toFinding, type Shown } from './to-finding';
import { applyExceptions } from '../findings/exceptions';
import type { PolicyDocument } from '../policy/schema';
import type { Snapshot } from '../model/types';
import { controlsOfRule, emptyControlIds, FRAMEWORK_IDS } from '../frameworks/index';

export interface EvaluateOptions {
  rules: readonly Rule[];
  now: Date;
  /** Run only rules of these scopes (default both); see `Rule.scope`. */
  scopes?: readonly ('target' | 'estate')[];
}

export interface Evaluation {
  /** Every result, PASS included, in report order (`compareFindings`). */
  findings: Finding[];
  /** Rules that ran, in catalogue order. */
  rulesRun: string[];
}

/**
 * The evaluation as the run carries it: every result but PASS as a finding, in report order, and
 * the PASS results as compact rows (80–90% of all results at scale), neither hashed nor sorted as
 * full objects; `expandPasses` builds their findings, in report order, where a format lists them.
 */
export interface CompactEvaluation {
  /** Every result but PASS, in report order. */
  findings: Finding[];
  passes: PassResults;
  rulesRun: string[];
}

export { ruleSetting, isRuleSelected } from './selection';

/** Every result as a finding (PASS expanded), in report order: for callers that list every result. */
export function evaluate(snapshot: Snapshot, policy: PolicyDocument, options: EvaluateOptions): Evaluation {
  const e = evaluateCompact(snapshot, policy, options);
  return { findings: withPasses(e.findings, e.passes), rulesRun: e.rulesRun };
}

/** `findings` (report order, no PASS) with the PASS results expanded into their place: after the failing classes, before NOT_APPLICABLE. */
export function withPasses(findings: readonly Finding[], passes: PassResults): Finding[] {
  let at = findings.length;
  while (at > 0 && findings[at - 1].status === 'NOT_APPLICABLE') at--;
  const out = findings.slice(0, at);
  for (const f of expandPasses(passes)) out.push(f);
  for (let i = at; i < findings.length; i++) out.push(findings[i]);
  return out;
}

export function evaluateCompact(snapshot: Snapshot, policy: PolicyDocument, options: EvaluateOptions): CompactEvaluation {
  const inv = new InventoryIndex(snapshot);
  const memo = new Map<string, unknown>();
  const findings: Finding[] = [];
  const rulesRun: string[] = [];
  // PASS results by severity and rule: their order is (severity, rule, account, region, resource, id).
  const passGroups = new Map<string, PassGroup>();

  for (const rule of options.rules) {
    if (!isRuleSelected(policy, rule)) continue;
    if (options.scopes && !options.scopes.includes(rule.scope ?? 'target')) continue;
    rulesRun.push(rule.id);
    const setting = ruleSetting(policy, rule.id);
    // Findings carry only the control ids of the frameworks the policy shows; the rule itself runs regardless.
    const shown: Shown = { severity: setting.severity ?? rule.severity, frameworks: frameworksShown(rule, policy.frameworks) };
    // Results are turned into findings as the rule yields them, so a rule's raw results never all
    // sit in memory beside its findings (half a million of each at 50,000 instances).
    const start = findings.length;
    const passStart = new Map<PassGroup, number>();
    const passOf = (severity: Severity): PassGroup => {
      const key = `${severity}\u0000${rule.id}`;
      let g = passGroups.get(key);
      if (!g) passGroups.set(key, (g = { rule, severity, frameworks: shown.frameworks, results: [] }));
      if (!passStart.has(g)) passStart.set(g, g.results.length);
      return g;
    };
    try {
      const params = rule.params.parse(setting.params);
      const coverage = coverageFor(rule, inv, shown, policy);
      const results = rule.evaluate({
        inv,
        params,
        now: options.now,
        policy,
        memo: <T>(k: string, compute: () => T): T => {
          if (!memo.has(k)) memo.set(k, compute());
          return memo.get(k) as T;
        },
      });
      for (const r of results) {
        const checked = coverage.check(r);
        if (checked.status === 'PASS') passOf(checked.severity ?? shown.severity).results.push(checked);
        else findings.push(toFinding(rule, shown, checked));
      }
      for (const f of coverage.targetFindings()) findings.push(f);
    } catch (err) {
      // A rule that throws part-way is one ERROR per target, not a partial, misleading set of results.
      findings.length = start;
      for (const [g, n] of passStart) g.results.length = n;
      for (const f of errorFindings(rule, inv, shown, err)) findings.push(f);
    }
  }

  // Exceptions turn FAIL into SUPPRESSED; a PASS stays a PASS, so only the other results go through them.
  const suppressed = applyExceptions(findings, policy.exceptions, options.now);
  suppressed.sort(compareFindings);
  const passes = sortPassGroups([...passGroups.values()]);
  return { findings: suppressed, passes, rulesRun };
}

/**
 * One frameworks object per rule and framework selection, from the registry, shared by its findings
 * (half a million copies at 50k instances). Frameworks the policy does not show carry no control ids.
 */
const shownControls = new Map<string, Map<string, Finding['frameworks']>>();
function frameworksShown(rule: Rule, shown: readonly string[]): Finding['frameworks'] {
  const key = shown.join(',');
  let byRule = shownControls.get(key);
  if (!byRule) shownControls.set(key, (byRule = new Map()));
  let fw = byRule.get(rule.id);
  if (!fw) {
    const all = controlsOfRule(rule.id);
    const out = emptyControlIds();
    for (const id of FRAMEWORK_IDS) out[id] = (shown.includes(id) ? all[id] : Object.freeze([])) as string[];
    byRule.set(rule.id, (fw = Object.freeze(out) as Finding['frameworks']));
  }
  return fw;
}

/** One finding per target for a rule-wide outcome (a gap, or a rule that threw). */
function targetFinding(rule: Rule, shown: Shown, accountId: string, region: string, status: 'UNKNOWN' | 'ERROR', message: string, evidence: Record<string, unknown>): Finding {
  return toFinding(rule, shown, {
    status: status === 'ERROR' ? 'UNKNOWN' : status,
    resource: { accountId, region, type: 'AWS::::Account', id: accountId, arn: accountArn(accountId, region) },
    message,
    evidence,
    detailKey: `target:${region}`,
  });
}

interface Coverage {
  /** The result as the run reports it: a PASS where needed data was not read becomes UNKNOWN, saying what was not read. */
  check(r: RuleResult): RuleResult;
  /** One UNKNOWN per target whose data this rule needed and could not read. */
  targetFindings(): Finding[];
}

function coverageFor(rule: Rule, inv: InventoryIndex, shown: Shown, policy: PolicyDocument): Coverage {
  const missingAt = missingDataLookup(rule, inv, policy);
  /** Targets where a PASS already says which events were not read. */
  const saidUnread = new Set<string>();
  return {
    check(r) {
      if (r.status !== 'PASS') return r;
      const m = missingAt(r.resource.accountId, r.resource.region);
      if (!isMissing(m)) return r;
      if (m.events.length) saidUnread.add(`${r.resource.accountId}|${r.resource.region}`);
      const evidence: Record<string, unknown> = { ...r.evidence };
      if (m.gaps.length) evidence.coverageGaps = m.gaps;
      if (m.unread.length) evidence.notRead = m.unread;
      if (m.events.length) evidence.eventsNotRead = m.events;
      return { ...r, status: 'UNKNOWN', message: `${r.message} — but not all data could be read: ${describeMissing(m)}`, evidence };
    },
    targetFindings() {
      const out: Finding[] = [];
      for (const t of inv.targets) {
        // Unread events get a finding of their own only where no PASS already said so (a target where
        // the rule found something: what it found stands, the part not read is still unknown).
        const all = missingAt(t.accountId, t.region);
        const m = { ...all, events: saidUnread.has(`${t.accountId}|${t.region}`) ? [] : all.events };
        if (isMissing(m)) {
          const evidence = { ...(m.gaps.length ? { coverageGaps: m.gaps } : {}), ...(m.unread.length ? { notRead: m.unread } : {}), ...(m.events.length ? { eventsNotRead: m.events } : {}) };
          out.push(targetFinding(rule, shown, t.accountId, t.region, 'UNKNOWN', `Could not evaluate ${rule.id} in ${t.accountId}/${t.region}: ${describeMissing(m)}`, evidence));
        }
      }
      return out;
    },
  };
}

function errorFindings(rule: Rule, inv: InventoryIndex, shown: Shown, err: unknown): Finding[] {
  const message = err instanceof Error ? err.message : String(err);
  const targets = inv.targets.length ? inv.targets : [{ accountId: '000000000000', region: 'global' }];
  return targets.map((t) => ({
    ...targetFinding(rule, shown, t.accountId, t.region, 'ERROR', `Rule ${rule.id} failed: ${message}`, { error: message }),
    status: 'ERROR' as const,
  }));
}
