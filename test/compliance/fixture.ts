/**
 * A small fixed history published through the real pipeline into a local store: four runs over three
 * ISO weeks, with a resolution, a reopening, an exception, an unknown result and a coverage gap.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishRun } from '../../lib/pipeline/publish-run';
import { LocalRunStore } from '../../lib/storage/local-store';
import { PolicySchema } from '../../lib/policy/schema';
import { applyExceptions } from '../../lib/findings/exceptions';
import type { Finding, FindingStatus } from '../../lib/findings/finding';
import type { CoverageGap } from '../../lib/model/types';
import { finding, findingsDoc } from '../support/findings';

export const ACCOUNT = '111111111111';
export const POLICY = PolicySchema.parse({
  exceptions: [{ rule: 'ec2-imdsv2-required', resource: 'i-3', reason: 'vendor appliance, ticket SEC-7', owner: 'platform-team', expires: '2026-12-05' }],
  alerts: { minSeverity: 'high', digestSeverity: 'medium' },
});

const imds = (id: string, status: FindingStatus, severity: Finding['severity'] = 'high') => finding({ resourceId: id, status, severity });
const ssh = (status: FindingStatus) =>
  finding({ ruleId: 'ec2-sg-no-public-ssh', resourceId: 'sg-1', resourceType: 'AWS::EC2::SecurityGroup', resourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`, status, severity: 'critical', title: 'Security groups should not allow SSH from anywhere', frameworks: { fsbp: ['EC2.13'], 'cis-3.0': ['5.2'] } });
const vol = (status: FindingStatus, region = 'us-east-1') =>
  finding({ ruleId: 'ec2-volume-encrypted', resourceId: 'vol-1', region, resourceType: 'AWS::EC2::Volume', resourceArn: `arn:aws:ec2:${region}:${ACCOUNT}:volume/vol-1`, status, severity: 'medium', title: 'Attached EBS volumes should be encrypted', frameworks: { fsbp: ['EC2.3'], 'cis-3.0': [] } });

export const GAP: CoverageGap = { accountId: ACCOUNT, region: 'eu-west-1', service: 'ec2', api: 'DescribeVolumes', errorCode: 'AccessDenied', message: 'not authorized to perform ec2:DescribeVolumes' };

export const RUNS: { day: string; findings: Finding[]; gaps?: CoverageGap[] }[] = [
  { day: '2026-11-10', findings: [imds('i-1', 'FAIL'), ssh('FAIL'), imds('i-2', 'PASS'), vol('UNKNOWN')] },
  { day: '2026-11-17', findings: [imds('i-1', 'FAIL'), ssh('PASS'), imds('i-2', 'PASS'), vol('PASS'), imds('i-3', 'FAIL', 'medium')] },
  { day: '2026-11-24', findings: [imds('i-1', 'FAIL'), ssh('FAIL'), imds('i-2', 'PASS'), vol('PASS'), imds('i-3', 'FAIL', 'medium'), vol('UNKNOWN', 'eu-west-1')], gaps: [GAP] },
  { day: '2026-11-26', findings: [imds('i-1', 'FAIL'), ssh('FAIL'), imds('i-2', 'PASS'), vol('PASS'), imds('i-3', 'FAIL', 'medium'), vol('UNKNOWN', 'eu-west-1')], gaps: [GAP] },
];

export async function fixedHistory(): Promise<{ dir: string; store: LocalRunStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-history-'));
  const store = new LocalRunStore(dir);
  for (const r of RUNS) {
    const startedAt = `${r.day}T06:00:00.000Z`;
    const findings = applyExceptions(r.findings, POLICY.exceptions, new Date(startedAt));
    const document = findingsDoc(findings, { id: `run-${r.day}`, startedAt, finishedAt: `${r.day}T06:00:30.000Z`, regions: ['eu-west-1', 'us-east-1'], coverageGaps: r.gaps ?? [] });
    await publishRun({ document, policy: POLICY, store });
  }
  return { dir, store };
}
