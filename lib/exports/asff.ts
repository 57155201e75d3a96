/**
 * findings.asff.json: the run's findings in the AWS Security Finding Format, grouped in batches of 100
 * ready for `securityhub:BatchImportFindings` (which takes at most 100 findings a call). The file is
 * `{ schemaVersion, productArn, batches: [[...100], ...] }`; `aws securityhub batch-import-findings
 * --findings "$(jq -c '.batches[0]' findings.asff.json)"` imports one batch.
 *
 * Mapping (limits from the AwsSecurityFinding API reference):
 * - Required: SchemaVersion 2018-10-08, Id (≤512), ProductArn (the account's default custom-integration
 *   product, `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`), GeneratorId
 *   (≤512, the rule id), AwsAccountId (12 digits), Types (namespace/category/classifier), CreatedAt,
 *   UpdatedAt, Severity.Label, Title (≤256), Description (≤1024), Resources (≤32).
 * - Compliance.Status: FAIL→FAILED, PASS→PASSED, UNKNOWN/ERROR→WARNING (a check that could not run),
 *   SUPPRESSED→FAILED with Workflow SUPPRESSED (the control still fails; the risk is accepted),
 *   NOT_APPLICABLE→NOT_AVAILABLE. RelatedRequirements name the FSBP and CIS controls (≤32).
 * - RecordState ARCHIVED for RESOLVED records and for results that are no longer failures (Security Hub
 *   archives PASSED findings after a while anyway); ACTIVE otherwise.
 * - The failing class is exported, and a PASS only where it closes an earlier failure (a PASSED import is
 *   what closes the finding in Security Hub); see ./selection.ts. `includePassed` exports every PASS.
 * - A finding of an account that is not a 12-digit id (never produced by the engine) cannot be imported
 *   and is left out; `count` says how many were exported.
 */
import type { Finding, FindingStatus } from '../findings/finding';
import type { FindingsDocument } from '../findings/document';
import { partitionOf } from '../model/arn';
import { joinChunks } from '../util/chunks';
import { isExported, type ExportSelection } from './selection';
import type { Severity } from '../model/severity';
import { mappedFrameworks, securityHubRequirements } from '../frameworks/text';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_BATCH_SIZE = 100;
export const ASFF_LIMITS = { Id: 512, GeneratorId: 512, Title: 256, Description: 1024, RemediationText: 512, Types: 50, Resources: 32, RelatedRequirements: 32, ProductFieldValue: 2048, ProductFieldKey: 128, ProductFields: 50, ResourceId: 512 } as const;

export const ASFF_SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const ASFF_COMPLIANCE_STATUSES = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] as const;
export const ASFF_WORKFLOW_STATUSES = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] as const;
export const ASFF_RECORD_STATES = ['ACTIVE', 'ARCHIVED'] as const;
/** The namespaces ASFF allows as the first part of a finding type. */
export const ASFF_TYPE_NAMESPACES = ['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications'] as const;
export const ASFF_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;

export type AsffSeverityLabel = (typeof ASFF_SEVERITY_LABELS)[number];
export type AsffComplianceStatus = (typeof ASFF_COMPLIANCE_STATUSES)[number];

export interface AsffResource {
  Type: string;
  Id: string;
  Partition: string;
  Region: string;
  Tags?: Record<string, string>;
}

export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt?: string;
  LastObservedAt?: string;
  Severity: { Label: AsffSeverityLabel; Original: string };
  Title: string;
  Description: string;
  Remediation?: { Recommendation: { Text: string } };
  ProductFields: Record<string, string>;
  Resources: AsffResource[];
  Compliance: { Status: AsffComplianceStatus; RelatedRequirements?: string[]; StatusReasons?: { ReasonCode: string; Description: string }[] };
  Workflow: { Status: (typeof ASFF_WORKFLOW_STATUSES)[number] };
  RecordState: (typeof ASFF_RECORD_STATES)[number];
  Region?: string;
}

export interface AsffDocument {
  schemaVersion: string;
  productArn: string;
  count: number;
  batches: AsffFinding[][];
}

export interface AsffOptions extends ExportSelection {
  /** Region of the Security Hub that imports the findings (the product ARN's region). Default: the run's first region. */
  region?: string;
  /** Account that imports (the product ARN's account). Default: the run's first account. */
  accountId?: string;
}

const SEVERITY: Record<Severity, AsffSeverityLabel> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };

const COMPLIANCE: Record<FindingStatus, AsffComplianceStatus> = {
  FAIL: 'FAILED',
  SUPPRESSED: 'FAILED',
  PASS: 'PASSED',
  UNKNOWN: 'WARNING',
  ERROR: 'WARNING',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

/** CloudFormation type → ASFF resource type; anything unlisted is `Other` (a valid ASFF type). */
const RESOURCE_TYPES: Record<string, string> = {
  'AWS::EC2::Instance': 'AwsEc2Instance',
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::EC2::Volume': 'AwsEc2Volume',
  'AWS::EC2::NetworkAcl': 'AwsEc2NetworkAcl',
  'AWS::EC2::Subnet': 'AwsEc2Subnet',
  'AWS::EC2::VPC': 'AwsEc2Vpc',
  'AWS::EC2::NetworkInterface': 'AwsEc2NetworkInterface',
  'AWS::EC2::RouteTable': 'AwsEc2RouteTable',
  'AWS::EC2::VPCPeeringConnection': 'AwsEc2VpcPeeringConnection',
  'AWS::EC2::EIP': 'AwsEc2Eip',
  'AWS::EC2::TransitGateway': 'AwsEc2TransitGateway',
  'AWS::EC2::LaunchTemplate': 'AwsEc2LaunchTemplate',
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::::Account': 'AwsAccount',
};

export function asffResourceType(cfnType: string): string {
  return RESOURCE_TYPES[cfnType] ?? 'Other';
}

export function productArn(accountId: string, region: string): string {
  return `arn:${asffPartition(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

function asffPartition(region: string): string {
  const p = partitionOf(region);
  return (ASFF_PARTITIONS as readonly string[]).includes(p) ? p : 'aws';
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Cut to `max` characters; ASFF fields also must contain a non-space character (pattern `.*\S.*`). */
function fit(s: string, max: number, fallback: string): string {
  let text = CONTROL.test(s) ? s.replace(CONTROL_ALL, ' ') : s;
  if (!/\S/.test(text)) text = fallback;
  if (text.length <= max) return text;
  let end = max - 1;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

function findingType(f: Finding): string {
  if (f.ruleId.startsWith('evt-')) return 'TTPs/Initial Access/Suspicious Activity';
  if (mappedFrameworks(f.frameworks).some((fw) => fw.id.startsWith('cis-'))) return 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
  return 'Software and Configuration Checks/AWS Security Best Practices';
}

function isRegion(r: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r);
}

export function toAsff(f: Finding, run: FindingsDocument['run'], product: { arn: string; region: string }): AsffFinding {
  const region = isRegion(f.region) ? f.region : product.region;
  const requirements = securityHubRequirements(f.frameworks);
  const resolvedNow = f.lifecycle === 'RESOLVED';
  const failing = f.status === 'FAIL';
  const workflow = f.status === 'SUPPRESSED' ? 'SUPPRESSED' : resolvedNow || f.status === 'PASS' || f.status === 'NOT_APPLICABLE' ? 'RESOLVED' : 'NEW';
  const productFields: Record<string, string> = {
    'vmaudit/RuleId': f.ruleId,
    'vmaudit/FindingId': f.id,
    'vmaudit/Status': f.status,
    'vmaudit/RunId': run.id,
  };
  if (f.lifecycle) productFields['vmaudit/Lifecycle'] = f.lifecycle;
  if (f.detailKey) productFields['vmaudit/DetailKey'] = f.detailKey;
  if (f.suppression) {
    productFields['vmaudit/SuppressionReason'] = f.suppression.reason;
    productFields['vmaudit/SuppressionOwner'] = f.suppression.owner;
    productFields['vmaudit/SuppressionExpires'] = f.suppression.expires;
  }
  if (f.tracking?.reopened) productFields['vmaudit/Reopened'] = String(f.tracking.reopened);
  for (const k of Object.keys(productFields)) productFields[k] = fit(productFields[k], ASFF_LIMITS.ProductFieldValue, '-');

  const resource: AsffResource = {
    Type: asffResourceType(f.resourceType),
    Id: fit(f.resourceArn || f.resourceId, ASFF_LIMITS.ResourceId, f.resourceId || 'unknown'),
    Partition: asffPartition(region),
    Region: region,
  };
  const tags = boundedTags(f.tags);
  if (tags) resource.Tags = tags;

  const out: AsffFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: fit(`vmaudit/${f.accountId}/${f.id}`, ASFF_LIMITS.Id, f.id),
    ProductArn: product.arn,
    ProductName: 'vmaudit',
    CompanyName: 'vmaudit',
    GeneratorId: fit(`vmaudit/${f.ruleId}`, ASFF_LIMITS.GeneratorId, 'vmaudit'),
    AwsAccountId: f.accountId,
    Types: [findingType(f)],
    CreatedAt: f.tracking?.firstSeen ?? run.startedAt,
    UpdatedAt: run.finishedAt,
    Severity: { Label: SEVERITY[f.severity], Original: f.severity },
    Title: fit(f.title, ASFF_LIMITS.Title, f.ruleId),
    Description: fit(f.message, ASFF_LIMITS.Description, f.title || f.ruleId),
    ProductFields: productFields,
    Resources: [resource],
    Compliance: { Status: COMPLIANCE[f.status] },
    Workflow: { Status: workflow },
    RecordState: failing || f.status === 'SUPPRESSED' || f.status === 'UNKNOWN' || f.status === 'ERROR' ? 'ACTIVE' : 'ARCHIVED',
    Region: region,
  };
  if (resolvedNow) out.RecordState = 'ARCHIVED';
  if (f.tracking) {
    out.FirstObservedAt = f.tracking.openedAt;
    out.LastObservedAt = f.tracking.resolvedAt ?? run.startedAt;
  }
  if (requirements.length) out.Compliance.RelatedRequirements = requirements.slice(0, ASFF_LIMITS.RelatedRequirements);
  if (f.status === 'UNKNOWN' || f.status === 'ERROR') {
    out.Compliance.StatusReasons = [{ ReasonCode: f.status === 'ERROR' ? 'CHECK_ERROR' : 'DATA_UNAVAILABLE', Description: fit(f.message, 1024, f.status) }];
  }
  if (f.remediation) out.Remediation = { Recommendation: { Text: fit(f.remediation, ASFF_LIMITS.RemediationText, f.remediation) } };
  return out;
}

/** ASFF resource tags: at most 50, keys ≤128 and values ≤256 characters (the EC2 tag limits). */
function boundedTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  const entries = Object.entries(tags).slice(0, 50);
  if (entries.length === 0) return undefined;
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of entries) out[fit(k, 128, '-')] = fit(String(v), 256, '-');
  return out;
}

function asffTarget(doc: FindingsDocument, options: AsffOptions): { arn: string; region: string } {
  const region = options.region ?? doc.run.regions.find(isRegion) ?? 'us-east-1';
  const accountId = options.accountId ?? doc.run.accounts[0] ?? doc.findings[0]?.accountId ?? '000000000000';
  return { arn: productArn(accountId, region), region };
}

/** Exported: what the options select, and only importable accounts. */
function exported(f: Finding, options: AsffOptions): boolean {
  return isExported(f, options) && /^\d{12}$/.test(f.accountId);
}

export function toAsffDocument(doc: FindingsDocument, options: AsffOptions = {}): AsffDocument {
  const product = asffTarget(doc, options);
  const all = doc.findings.filter((f) => exported(f, options)).map((f) => toAsff(f, doc.run, product));
  const batches: AsffFinding[][] = [];
  for (let i = 0; i < all.length; i += ASFF_BATCH_SIZE) batches.push(all.slice(i, i + ASFF_BATCH_SIZE));
  return { schemaVersion: ASFF_SCHEMA_VERSION, productArn: product.arn, count: all.length, batches };
}

/**
 * Compact JSON, one finding a line inside its batch: `jq -c '.batches[i]'` still hands one batch to
 * the CLI. Built one finding at a time (the count first, in a pass that builds nothing).
 */
export function* asffChunks(doc: FindingsDocument, options: AsffOptions = {}): Generator<string> {
  const product = asffTarget(doc, options);
  let count = 0;
  for (const f of doc.findings) if (exported(f, options)) count++;
  const head = JSON.stringify({ schemaVersion: ASFF_SCHEMA_VERSION, productArn: product.arn, count });
  yield `${head.slice(0, -1)},"batches":[`;
  let n = 0;
  for (const f of doc.findings) {
    if (!exported(f, options)) continue;
    const inBatch = n % ASFF_BATCH_SIZE;
    const open = inBatch === 0 ? `${n ? '\n],' : ''}\n[\n` : ',\n';
    yield open + JSON.stringify(toAsff(f, doc.run, product));
    n++;
  }
  yield n ? '\n]\n]}\n' : ']}\n';
}

/** The whole export as one string, for small runs and tests; run files are written from `asffChunks`. */
export function renderAsff(doc: FindingsDocument, options: AsffOptions = {}): string {
  return joinChunks(asffChunks(doc, options));
}
