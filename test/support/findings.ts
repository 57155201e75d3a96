/**
 * Small builders for findings and findings documents, for report tests:
 * `finding({ status: 'SUPPRESSED', severity: 'high' })`, `findingsDoc([f1, f2], { coverageGaps: [...] })`.
 * The id is derived like the engine derives it, unless given.
 */
import { findingsDocument, type FindingsDocument, type RunInfo } from '../../lib/findings/document';
import { compareFindings, findingId, type Finding } from '../../lib/findings/finding';
import type { CoverageGap } from '../../lib/model/types';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../../lib/model/builders';
import { SEVERITIES } from '../../lib/model/severity';
import { emptyControlIds } from '../../lib/frameworks/index';

export type FindingInput = Partial<Omit<Finding, 'frameworks'>> & { frameworks?: Partial<Finding['frameworks']> };

export function finding(o: FindingInput = {}): Finding {
  const ruleId = o.ruleId ?? 'ec2-imdsv2-required';
  const accountId = o.accountId ?? DEFAULT_ACCOUNT;
  const region = o.region ?? DEFAULT_REGION;
  const resourceId = o.resourceId ?? 'i-0000000000000001';
  const { frameworks, ...rest } = o;
  return {
    id: findingId(ruleId, accountId, region, resourceId, o.detailKey),
    ruleId,
    status: 'FAIL',
    severity: 'high',
    accountId,
    region,
    resourceType: 'AWS::EC2::Instance',
    resourceId,
    resourceArn: `arn:aws:ec2:${region}:${accountId}:instance/${resourceId}`,
    title: 'EC2 instances should require IMDSv2',
    message: `Instance ${resourceId} allows IMDSv1 (HttpTokens=optional).`,
    remediation: 'Set HttpTokens=required: aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required --http-endpoint enabled',
    evidence: { httpTokens: 'optional' },
    lifecycle: 'NEW',
    ...rest,
    frameworks: { ...emptyControlIds(), fsbp: ['EC2.8'], 'cis-3.0': ['5.6'], ...(frameworks ?? {}) } as Finding['frameworks'],
  };
}

export const RUN: RunInfo = {
  id: '2026-11-26T12-00-00Z-abc123',
  startedAt: '2026-11-26T12:00:00.000Z',
  finishedAt: '2026-11-26T12:00:04.250Z',
  accounts: [DEFAULT_ACCOUNT],
  regions: [DEFAULT_REGION],
  coverageGaps: [],
};

/** A document over `findings`, sorted the way the engine sorts them. */
export function findingsDoc(findings: Finding[], run: Partial<RunInfo> = {}): FindingsDocument {
  return findingsDocument({ ...RUN, ...run }, [...findings].sort(compareFindings));
}

export function gap(o: Partial<CoverageGap> = {}): CoverageGap {
  return { accountId: DEFAULT_ACCOUNT, region: 'eu-west-1', service: 'ec2', api: 'DescribeInstances', errorCode: 'AccessDenied', message: 'User is not authorized to perform ec2:DescribeInstances', ...o };
}

const RULES = [
  { ruleId: 'ec2-imdsv2-required', fsbp: ['EC2.8'], cis: ['5.6'], resourceType: 'AWS::EC2::Instance', prefix: 'i-' },
  { ruleId: 'ec2-sg-no-public-ssh', fsbp: ['EC2.13'], cis: ['5.2'], resourceType: 'AWS::EC2::SecurityGroup', prefix: 'sg-' },
  { ruleId: 'ec2-default-sg-closed', fsbp: ['EC2.2'], cis: ['5.4'], resourceType: 'AWS::EC2::SecurityGroup', prefix: 'sg-' },
  { ruleId: 'ec2-volume-encrypted', fsbp: ['EC2.3'], cis: [], resourceType: 'AWS::EC2::Volume', prefix: 'vol-' },
  { ruleId: 'ec2-vpc-flow-logs', fsbp: ['EC2.6'], cis: ['3.7'], resourceType: 'AWS::EC2::VPC', prefix: 'vpc-' },
  { ruleId: 'ec2-sg-high-risk-ports', fsbp: ['EC2.19'], cis: [], resourceType: 'AWS::EC2::SecurityGroup', prefix: 'sg-' },
  { ruleId: 'ct-multi-region-trail', fsbp: ['CloudTrail.1'], cis: ['3.1'], resourceType: 'AWS::::Account', prefix: '' },
] as const;
const STATUSES = ['FAIL', 'FAIL', 'PASS', 'PASS', 'PASS', 'UNKNOWN', 'SUPPRESSED', 'NOT_APPLICABLE'] as const;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** `n` varied, realistic findings in report order (deterministic: a simple LCG, no Math.random). */
export function manyFindings(n: number, seed = 1): Finding[] {
  let x = seed >>> 0;
  const next = (m: number) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % m;
  };
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const rule = RULES[next(RULES.length)];
    const status = STATUSES[next(STATUSES.length)];
    const accountId = String(100000000000 + next(5) * 111111111);
    const region = REGIONS[next(REGIONS.length)];
    const resourceId = `${rule.prefix}${i.toString(16).padStart(17, '0')}`;
    out.push(
      finding({
        ruleId: rule.ruleId,
        status,
        severity: SEVERITIES[next(SEVERITIES.length)],
        accountId,
        region,
        resourceType: rule.resourceType,
        resourceId,
        resourceArn: `arn:aws:ec2:${region}:${accountId}:${rule.resourceType.split('::')[2].toLowerCase()}/${resourceId}`,
        title: `Title of ${rule.ruleId}`,
        remediation: `How to fix ${rule.ruleId}: change the setting in the console or with the AWS CLI, then run the audit again.`,
        message: `${rule.resourceType} ${resourceId} ${status === 'PASS' ? 'complies' : 'does not comply'} with ${rule.ruleId}.`,
        frameworks: { fsbp: [...rule.fsbp], 'cis-3.0': [...rule.cis] },
        evidence: { index: i, ports: [22, 3389], cidr: '0.0.0.0/0' },
        tags: { Name: `web-${i}`, Environment: ['prod', 'staging', 'dev'][i % 3] },
        lifecycle: i % 4 === 0 ? 'OPEN' : 'NEW',
        ...(status === 'SUPPRESSED' ? { suppression: { reason: 'bastion, ticket SEC-12', owner: 'secops', expires: '2027-03-31', exception: 0 } } : {}),
      }),
    );
  }
  return out.sort(compareFindings);
}

/** `n` varied findings none of which is PASS: what the report's findings table lists (PASS results are counted, not listed). */
export function manyListed(n: number, seed = 1): Finding[] {
  return manyFindings(n * 3, seed).filter((f) => f.status !== 'PASS').slice(0, n);
}
