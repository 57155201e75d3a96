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
import { compareFindings, findingId, type Finding } from '../findings/finding';
import { applyExceptions } from '../findings/exceptions';
import type { PolicyDocument } from '../policy/schema';
import type { Snapshot } from '../model/types';
import { controlsOfRule, emptyControlIds, FRAMEWORK_IDS } from '../frameworks/index';
import { boundStrings, truncate } from '../model/bounded-text';
import { MAX_FINDING_STRING_CHARS } from '../limits';

export interface EvaluateOptions {
  rules: readonly Rule[];
  now: Date;
  /** Run only rules of these scopes (default both); see `Rule.scope`. */
  scopes?: readonly ('target' | 'estate')[];
}

export interface Evaluation {
  findings: Finding[];
  /** Rules that ran, in catalogue order. */
  rulesRun: string[];
}

export { ruleSetting, isRuleSelected } from './selection';

export function evaluate(snapshot: Snapshot, policy: PolicyDocument, options: EvaluateOptions): Evaluation {
  const inv = new InventoryIndex(snapshot);
  const memo = new Map<string, unknown>();
  const findings: Finding[] = [];
  const rulesRun: string[] = [];

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
      for (const r of results) findings.push(coverage.finding(r));
      for (const f of coverage.targetFindings()) findings.push(f);
    } catch (err) {
      // A rule that throws part-way is one ERROR per target, not a partial, misleading set of results.
      findings.length = start;
      for (const f of errorFindings(rule, inv, shown, err)) findings.push(f);
    }
  }

  const suppressed = applyExceptions(findings, policy.exceptions, options.now);
  suppressed.sort(compareFindings);
  return { findings: suppressed, rulesRun };
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

/** What a run settles for a rule before it runs: its severity under the policy and the control ids its findings carry. */
interface Shown {
  severity: Severity;
  frameworks: Finding['frameworks'];
}

function toFinding(rule: Rule, shown: Shown, r: RuleResult): Finding {
  const f: Finding = {
    id: findingId(rule.id, r.resource.accountId, r.resource.region, r.resource.id, r.detailKey),
    ruleId: rule.id,
    status: r.status,
    severity: r.severity ?? shown.severity,
    accountId: r.resource.accountId,
    region: r.resource.region,
    resourceType: r.resource.type,
    resourceId: r.resource.id,
    resourceArn: r.resource.arn,
    title: rule.title,
    message: truncate(r.message, MAX_FINDING_STRING_CHARS),
    frameworks: shown.frameworks,
    remediation: rule.remediation,
    evidence: r.evidence ? boundStrings(r.evidence, MAX_FINDING_STRING_CHARS) : {},
  };
  if (r.detailKey) f.detailKey = r.detailKey;
  if (r.resource.tags && Object.keys(r.resource.tags).length) f.tags = boundStrings(r.resource.tags, MAX_FINDING_STRING_CHARS);
  return f;
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
  finding(r: RuleResult): Finding;
  /** One UNKNOWN per target whose data this rule needed and could not read. */
  targetFindings(): Finding[];
}

function coverageFor(rule: Rule, inv: InventoryIndex, shown: Shown, policy: PolicyDocument): Coverage {
  const missingAt = missingDataLookup(rule, inv, policy);
  /** Targets where a PASS already says which events were not read. */
  const saidUnread = new Set<string>();
  return {
    finding(r) {
      if (r.status !== 'PASS') return toFinding(rule, shown, r);
      const m = missingAt(r.resource.accountId, r.resource.region);
      if (!isMissing(m)) return toFinding(rule, shown, r);
      if (m.events.length) saidUnread.add(`${r.resource.accountId}|${r.resource.region}`);
      const evidence: Record<string, unknown> = { ...r.evidence };
      if (m.gaps.length) evidence.coverageGaps = m.gaps;
      if (m.unread.length) evidence.notRead = m.unread;
      if (m.events.length) evidence.eventsNotRead = m.events;
      return toFinding(rule, shown, { ...r, status: 'UNKNOWN', message: `${r.message} — but not all data could be read: ${describeMissing(m)}`, evidence });
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
