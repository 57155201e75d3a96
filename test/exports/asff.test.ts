/**
 * Each exported finding is checked against what the AwsSecurityFinding API reference and the ASFF
 * user guide require: the required top-level attributes, the enum values, and the length limits.
 */
import {
  ASFF_COMPLIANCE_STATUSES,
  ASFF_PARTITIONS,
  ASFF_RECORD_STATES,
  ASFF_SEVERITY_LABELS,
  ASFF_TYPE_NAMESPACES,
  ASFF_WORKFLOW_STATUSES,
  asffResourceType,
  toAsffDocument,
  renderAsff,
  type AsffFinding,
} from '../../lib/exports/asff';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc, manyFindings } from '../support/findings';

/** "Required top-level ASFF attributes" (Security Hub user guide). */
const REQUIRED = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Severity', 'Title', 'Types', 'UpdatedAt'] as const;
const RESOURCE_TYPES = ['AwsEc2Instance', 'AwsEc2SecurityGroup', 'AwsEc2Volume', 'AwsEc2NetworkAcl', 'AwsEc2Subnet', 'AwsEc2Vpc', 'AwsEc2NetworkInterface', 'AwsEc2RouteTable', 'AwsEc2VpcPeeringConnection', 'AwsEc2Eip', 'AwsEc2TransitGateway', 'AwsEc2LaunchTemplate', 'AwsCloudTrailTrail', 'AwsAccount', 'Other'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const NON_BLANK = /\S/;

/** Every problem with one ASFF finding, as text (empty when valid). */
function asffProblems(f: AsffFinding): string[] {
  const p: string[] = [];
  const rec = f as unknown as Record<string, unknown>;
  for (const k of REQUIRED) if (rec[k] === undefined || rec[k] === null || rec[k] === '') p.push(`missing ${k}`);
  if (f.SchemaVersion !== '2018-10-08') p.push('SchemaVersion');
  if (!/^\d{12}$/.test(f.AwsAccountId)) p.push('AwsAccountId must be 12 digits');
  if (f.Id.length > 512 || !NON_BLANK.test(f.Id)) p.push('Id length');
  if (f.GeneratorId.length > 512 || !NON_BLANK.test(f.GeneratorId)) p.push('GeneratorId length');
  if (f.Title.length > 256 || !NON_BLANK.test(f.Title)) p.push('Title length');
  if (f.Description.length > 1024 || !NON_BLANK.test(f.Description)) p.push('Description length');
  if (!/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/.test(f.ProductArn)) p.push(`ProductArn ${f.ProductArn}`);
  if (!RFC3339.test(f.CreatedAt) || !RFC3339.test(f.UpdatedAt)) p.push('timestamps');
  if (f.Types.length < 1 || f.Types.length > 50) p.push('Types count');
  for (const t of f.Types) {
    const parts = t.split('/');
    if (parts.length < 2 || parts.length > 3 || !(ASFF_TYPE_NAMESPACES as readonly string[]).includes(parts[0])) p.push(`Types ${t}`);
  }
  if (!(ASFF_SEVERITY_LABELS as readonly string[]).includes(f.Severity.Label)) p.push('Severity.Label');
  if (f.Resources.length < 1 || f.Resources.length > 32) p.push('Resources count');
  for (const r of f.Resources) {
    if (!RESOURCE_TYPES.includes(r.Type)) p.push(`Resource.Type ${r.Type}`);
    if (!r.Id || r.Id.length > 512) p.push('Resource.Id');
    if (!(ASFF_PARTITIONS as readonly string[]).includes(r.Partition)) p.push('Resource.Partition');
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r.Region)) p.push(`Resource.Region ${r.Region}`);
    for (const [k, v] of Object.entries(r.Tags ?? {})) if (k.length > 128 || v.length > 256) p.push('Resource.Tags length');
  }
  if (!(ASFF_COMPLIANCE_STATUSES as readonly string[]).includes(f.Compliance.Status)) p.push('Compliance.Status');
  if ((f.Compliance.RelatedRequirements?.length ?? 0) > 32) p.push('RelatedRequirements count');
  if (!(ASFF_WORKFLOW_STATUSES as readonly string[]).includes(f.Workflow.Status)) p.push('Workflow.Status');
  if (!(ASFF_RECORD_STATES as readonly string[]).includes(f.RecordState)) p.push('RecordState');
  if (f.Remediation && f.Remediation.Recommendation.Text.length > 512) p.push('Remediation length');
  const pf = Object.entries(f.ProductFields);
  if (pf.length > 50 || pf.some(([k, v]) => k.length > 128 || v.length > 2048)) p.push('ProductFields');
  return p;
}

/** Every result mapped, PASS included: the mapping tests need them; the default selection is tested below. */
const all = (fs: Finding[]) => toAsffDocument(findingsDoc(fs), { includePassed: true }).batches.flat();

describe('ASFF export', () => {
  it('every-finding-of-a-varied-run-has-the-required-fields-and-valid-values', () => {
    const out = all(manyFindings(500));
    expect(out.length).toBe(500);
    expect(out.flatMap(asffProblems)).toEqual([]);
  });

  it('groups-findings-in-batches-of-at-most-100', () => {
    const doc = toAsffDocument(findingsDoc(manyFindings(250)), { includePassed: true });
    expect(doc.batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(doc.count).toBe(250);
  });

  it('product-arn-is-the-default-custom-integration-of-the-importing-account', () => {
    const doc = toAsffDocument(findingsDoc([finding()]), { region: 'eu-west-1', accountId: '999999999999' });
    expect(doc.productArn).toBe('arn:aws:securityhub:eu-west-1:999999999999:product/999999999999/default');
    expect(toAsffDocument(findingsDoc([finding({ region: 'cn-north-1' })]), { region: 'cn-north-1' }).productArn).toMatch(/^arn:aws-cn:/);
  });

  it.each([
    ['fail-is-failed-and-active', { status: 'FAIL', lifecycle: 'NEW' }, 'FAILED', 'NEW', 'ACTIVE'],
    ['open-fail-stays-active', { status: 'FAIL', lifecycle: 'OPEN' }, 'FAILED', 'NEW', 'ACTIVE'],
    ['pass-is-passed-and-archived', { status: 'PASS' }, 'PASSED', 'RESOLVED', 'ARCHIVED'],
    ['resolved-record-is-archived', { status: 'NOT_APPLICABLE', lifecycle: 'RESOLVED' }, 'NOT_AVAILABLE', 'RESOLVED', 'ARCHIVED'],
    ['suppressed-fails-with-workflow-suppressed', { status: 'SUPPRESSED', suppression: { reason: 'r', owner: 'o', expires: '2027-01-01T00:00:00.000Z', exception: 0 } }, 'FAILED', 'SUPPRESSED', 'ACTIVE'],
    ['unknown-is-a-warning', { status: 'UNKNOWN' }, 'WARNING', 'NEW', 'ACTIVE'],
    ['error-is-a-warning', { status: 'ERROR' }, 'WARNING', 'NEW', 'ACTIVE'],
  ] as const)('%s', (_name, o, compliance, workflow, record) => {
    const [f] = all([finding(o as Partial<Finding>)]);
    expect(f.Compliance.Status).toBe(compliance);
    expect(f.Workflow.Status).toBe(workflow);
    expect(f.RecordState).toBe(record);
    expect(asffProblems(f)).toEqual([]);
  });

  it.each([
    ['AWS::EC2::Instance', 'AwsEc2Instance'],
    ['AWS::EC2::SecurityGroup', 'AwsEc2SecurityGroup'],
    ['AWS::EC2::Volume', 'AwsEc2Volume'],
    ['AWS::EC2::NetworkAcl', 'AwsEc2NetworkAcl'],
    ['AWS::EC2::Subnet', 'AwsEc2Subnet'],
    ['AWS::EC2::VPC', 'AwsEc2Vpc'],
    ['AWS::CloudTrail::Trail', 'AwsCloudTrailTrail'],
    ['AWS::::Account', 'AwsAccount'],
    ['AWS::EC2::Snapshot', 'Other'],
    ['vmaudit::Policy::Exception', 'Other'],
  ])('resource-type-%s-maps-to-%s', (cfn, asff) => {
    expect(asffResourceType(cfn)).toBe(asff);
  });

  it('controls-become-related-requirements', () => {
    const [f] = all([finding()]);
    expect(f.Compliance.RelatedRequirements).toEqual(['FSBP EC2.8', 'CIS AWS Foundations Benchmark v3.0.0/5.6']);
  });

  it('hostile-and-oversized-strings-are-cut-to-the-limits', () => {
    const [f] = all([
      finding({
        title: 'T'.repeat(5000),
        message: 'M\u0000'.repeat(5000),
        remediation: 'R'.repeat(5000),
        resourceArn: `arn:aws:ec2:us-east-1:111111111111:instance/${'i'.repeat(1000)}`,
        tags: { ['k'.repeat(500)]: 'v'.repeat(5000), Name: '<script>' },
        detailKey: 'd'.repeat(5000),
      }),
    ]);
    expect(asffProblems(f)).toEqual([]);
    expect(f.Description).not.toContain('\u0000');
  });

  it('account-level-finding-without-a-real-region-uses-the-export-region', () => {
    const [f] = all([finding({ region: 'global', resourceType: 'AWS::::Account', resourceId: '111111111111' })]);
    expect(f.Resources[0].Region).toBe('us-east-1');
    expect(asffProblems(f)).toEqual([]);
  });

  it('clean-passes-are-left-out-unless-include-passed', () => {
    const fs = [finding({ resourceId: 'i-1', status: 'PASS' }), finding({ resourceId: 'i-2' }), finding({ resourceId: 'i-3', status: 'PASS', lifecycle: 'RESOLVED' })];
    expect(toAsffDocument(findingsDoc(fs)).count).toBe(2);
    expect(toAsffDocument(findingsDoc(fs), { includePassed: true }).count).toBe(3);
  });

  it('renders-deterministic-json', () => {
    const d = findingsDoc(manyFindings(20));
    expect(renderAsff(d)).toBe(renderAsff(d));
    expect(JSON.parse(renderAsff(d, { includePassed: true })).batches[0]).toHaveLength(20);
  });
});
