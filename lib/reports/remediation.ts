/**
 * A rule's remediation names placeholders (`--group-id SG_ID`); a finding knows the real values. This
 * fills in what the finding can vouch for: the resource id of the placeholder that matches its
 * resource type, its region, and the security-group rule ids its evidence names. A placeholder the
 * finding cannot fill stays, so the command is never wrong, only incomplete.
 *
 * The values are estate strings: the callers bound and escape the result as they do any finding text.
 */
import type { Finding } from '../findings/finding';

/** Placeholder of a resource id, by the finding's CloudFormation resource type. */
const ID_PLACEHOLDER: Readonly<Record<string, string>> = {
  'AWS::EC2::SecurityGroup': 'SG_ID',
  'AWS::EC2::Instance': 'INSTANCE_ID',
  'AWS::EC2::Snapshot': 'SNAPSHOT_ID',
  'AWS::EC2::Volume': 'VOLUME_ID',
  'AWS::EC2::Subnet': 'SUBNET_ID',
  'AWS::EC2::NetworkAcl': 'ACL_ID',
  'AWS::EC2::VPC': 'VPC_ID',
  'AWS::EC2::Image': 'AMI_ID',
  'AWS::CloudTrail::Trail': 'TRAIL_NAME',
};

/** Placeholders whose value the finding's evidence names (the trail's bucket, its log group). */
const EVIDENCE_PLACEHOLDERS: readonly (readonly [string, string])[] = [
  ['BUCKET_NAME', 'bucketName'],
  ['LOG_GROUP_NAME', 'logGroupName'],
];

/** Ids AWS gives resources: letters, digits and a few separators. Anything else is not put in a command. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,254}$/;

/** Ingress rule ids named in the evidence (`evidence.ruleId`, or `evidence.rules[].ruleId`), in order, unique: the ids `revoke-security-group-ingress` takes. */
export function securityGroupRuleIds(evidence: Record<string, unknown> | undefined): string[] {
  if (!evidence) return [];
  const ids: string[] = [];
  const take = (v: unknown) => {
    if (typeof v === 'string' && /^sgr-[0-9a-f]{1,32}$/.test(v) && !ids.includes(v)) ids.push(v);
  };
  take(evidence.ruleId);
  for (const key of ['rules', 'openRules', 'undecided']) {
    const list = evidence[key];
    if (!Array.isArray(list)) continue;
    for (const r of list) if (r && typeof r === 'object' && (r as { direction?: unknown }).direction !== 'egress') take((r as { ruleId?: unknown }).ruleId);
  }
  return ids;
}

function replaceWord(text: string, word: string, value: string): string {
  return text.replace(new RegExp(`\\b${word}\\b`, 'g'), () => value);
}

/** The finding's remediation with its own ids in place of the placeholders it can fill. */
export function concreteRemediation(f: Pick<Finding, 'remediation' | 'resourceType' | 'resourceId' | 'resourceArn' | 'region' | 'evidence'>): string {
  let text = f.remediation ?? '';
  const placeholder = ID_PLACEHOLDER[f.resourceType];
  if (placeholder && SAFE_ID.test(f.resourceId)) text = replaceWord(text, placeholder, f.resourceId);
  if (f.resourceType === 'AWS::CloudTrail::Trail' && SAFE_ID.test(f.resourceArn ?? '')) text = replaceWord(text, 'TRAIL_ARN', f.resourceArn);
  if (f.region && f.region !== 'global' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(f.region)) text = replaceWord(text, 'REGION', f.region);
  for (const [word, key] of EVIDENCE_PLACEHOLDERS) {
    const v = f.evidence?.[key];
    if (typeof v === 'string' && SAFE_ID.test(v)) text = replaceWord(text, word, v);
  }
  const ruleIds = f.resourceType === 'AWS::EC2::SecurityGroup' ? securityGroupRuleIds(f.evidence) : [];
  if (ruleIds.length) {
    text = text.replace(/\bSGR_ID( for each rule in the evidence| \(the rule ids are in the evidence\))?/g, () => ruleIds.join(' '));
  }
  const onPath = pathRuleCommand(f.evidence);
  return onPath ? `${text} The security-group rule on the path: ${onPath}` : text;
}

/** A reachability finding names the security-group rule that lets the traffic in: the command that removes it. */
function pathRuleCommand(evidence: Record<string, unknown> | undefined): string | undefined {
  const r = evidence?.securityGroupIngress;
  if (!r || typeof r !== 'object') return undefined;
  const { groupId, ruleId } = r as { groupId?: unknown; ruleId?: unknown };
  if (typeof groupId !== 'string' || !/^sg-[0-9a-f]{1,32}$/.test(groupId)) return undefined;
  if (typeof ruleId !== 'string' || !/^sgr-[0-9a-f]{1,32}$/.test(ruleId)) return undefined;
  return `aws ec2 revoke-security-group-ingress --group-id ${groupId} --security-group-rule-ids ${ruleId}`;
}
