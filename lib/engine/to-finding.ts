/** A rule's result as the finding the run reports: its stable id, the rule's metadata, text cut to budget. */
import type { Rule, RuleResult } from './rule';
import type { Severity } from '../model/severity';
import { findingId, type Finding } from '../findings/finding';
import { boundStrings, truncate } from '../model/bounded-text';
import { MAX_FINDING_STRING_CHARS } from '../limits';

/** What a run settles for a rule before it runs: its severity under the policy and the control ids its findings carry. */
export interface Shown {
  severity: Severity;
  frameworks: Finding['frameworks'];
}

export function toFinding(rule: Rule, shown: Shown, r: RuleResult): Finding {
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

