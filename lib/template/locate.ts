/**
 * Points each finding at the template: the file, line, logical id and JSON/YAML path of the property
 * to change, beside the fix. The path comes from what the rule judged: the security-group rule in its
 * evidence (its rule id is its template path), the NACL entry that decided, or the property the rule
 * reads (HttpTokens, MapPublicIpOnLaunch, Encrypted, …); else the resource itself.
 */
import type { Finding } from '../findings/finding';
import { formatPath, type PathSegment } from '../policy/locate';
import { naclEntryKey } from './network';
import type { Origin, OriginTable } from './origins';
import type { TemplateSource } from './source';

export interface TemplateLocation {
  file: string;
  line?: number;
  stack: string;
  logicalId: string;
  cfnType: string;
  /** The property to change, e.g. Resources.SSHSecurityGroup.Properties.SecurityGroupIngress[0].CidrIp. */
  path: string;
}

/** Rule → the origin property its finding is about (set by the translators). */
const PROPERTY_OF_RULE: Readonly<Record<string, string>> = {
  'ec2-imdsv2-required': 'HttpTokens',
  'ec2-imds-hop-limit': 'HttpPutResponseHopLimit',
  'ec2-launch-template-imdsv2': 'HttpTokens',
  'ec2-launch-template-hop-limit': 'HttpPutResponseHopLimit',
  'ec2-launch-template-no-public-ip': 'AssociatePublicIpAddress',
  'ec2-tgw-no-auto-accept': 'AutoAcceptSharedAttachments',
  'ec2-volume-all-encrypted': 'Encrypted',
  'ec2-instance-no-public-ip': 'PublicIp',
  'ec2-subnet-no-auto-public-ip': 'MapPublicIpOnLaunch',
  'ec2-volume-encrypted': 'Encrypted',
  'ec2-vpc-flow-logs-enabled': 'FlowLog',
  'ec2-nacl-unused': 'Association',
  'ct-log-file-validation': 'EnableLogFileValidation',
  'ct-trail-kms-encryption': 'KMSKeyId',
  'ct-cloudwatch-logs': 'CloudWatchLogsLogGroupArn',
};

/** What to do at that path, in template words. */
const TEMPLATE_FIX: Readonly<Record<string, string>> = {
  'ec2-imdsv2-required': 'set MetadataOptions.HttpTokens: required',
  'ec2-launch-template-imdsv2': 'set LaunchTemplateData.MetadataOptions.HttpTokens: required',
  'ec2-launch-template-hop-limit': 'set LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit: 1',
  'ec2-launch-template-no-public-ip': 'set AssociatePublicIpAddress: false on each network interface',
  'ec2-tgw-no-auto-accept': 'set AutoAcceptSharedAttachments: disable',
  'ec2-volume-all-encrypted': 'set Encrypted: true',
  'ec2-instance-no-public-ip': 'remove the Elastic IP or set AssociatePublicIpAddress: false (or MapPublicIpOnLaunch: false on the subnet)',
  'ec2-subnet-no-auto-public-ip': 'set MapPublicIpOnLaunch: false',
  'ec2-volume-encrypted': 'set Encrypted: true',
  'ec2-vpc-flow-logs-enabled': 'add an AWS::EC2::FlowLog under Resources with ResourceId: !Ref to the VPC',
  'ec2-nacl-unused': 'add an AWS::EC2::SubnetNetworkAclAssociation under Resources with NetworkAclId: !Ref to the NACL, or remove the NACL',
  'ct-log-file-validation': 'set EnableLogFileValidation: true',
  'ct-trail-kms-encryption': 'set KMSKeyId',
  'ct-cloudwatch-logs': 'set CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn',
};

/** The template location `vmaudit template` put in a finding's evidence, if any. */
export function templateLocation(f: Finding): TemplateLocation | undefined {
  const t = (f.evidence as { template?: unknown } | undefined)?.template;
  return t && typeof t === 'object' && typeof (t as TemplateLocation).path === 'string' ? (t as TemplateLocation) : undefined;
}

const TEMPLATE_PATH = /Resources\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+|\[\d+\])*/;

/** `Resources.X.Properties.SecurityGroupIngress[0]` back to its segments. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of text.matchAll(/([A-Za-z0-9:_-]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function pathFromEvidence(f: Finding): string | undefined {
  const ev = f.evidence as Record<string, unknown>;
  // The hop that admits the traffic is the one to change; then any rule the evidence names.
  for (const part of [ev.securityGroupIngress, ev.rules, ev]) {
    if (part === undefined) continue;
    const m = TEMPLATE_PATH.exec(JSON.stringify(part));
    if (m) return m[0];
  }
  return undefined;
}

function naclPath(f: Finding, origin: Origin): PathSegment[] | undefined {
  const open = (f.evidence as { open?: { decidingEntry?: { ruleNumber?: unknown; egress?: unknown } }[] }).open;
  const e = open?.[0]?.decidingEntry;
  if (!e || typeof e.ruleNumber !== 'number') return undefined;
  return origin.properties.get(naclEntryKey(e.egress === true, e.ruleNumber));
}

export class Locator {
  private readonly sources: Map<string, TemplateSource>;

  constructor(
    private readonly origins: OriginTable,
    sources: readonly TemplateSource[],
  ) {
    this.sources = new Map(sources.map((s) => [s.file, s]));
  }

  locate(f: Finding): TemplateLocation | undefined {
    // A zone finding about untagged instances names examples: point at the first one's Tags.
    const example = (f.evidence as { examples?: unknown }).examples;
    const exampleOrigin = Array.isArray(example) && typeof example[0] === 'string' ? this.origins.get(example[0]) : undefined;
    const origin = this.origins.get(f.resourceId) ?? exampleOrigin;
    let path: PathSegment[] | undefined;
    const fromEvidence = pathFromEvidence(f);
    if (fromEvidence) path = parsePath(fromEvidence);
    if (!path && origin) {
      if (f.ruleId === 'ec2-nacl-no-public-admin-ports') path = naclPath(f, origin);
      const key = PROPERTY_OF_RULE[f.ruleId];
      if (!path && key) path = origin.properties.get(key);
      path ??= origin.path;
    }
    if (!path) return undefined;
    const logicalId = path[0] === 'Resources' && typeof path[1] === 'string' ? path[1] : origin?.logicalId;
    // The path's resource may sit in another template of a cdk.out folder than the finding's resource.
    const owner = this.origins.all().find((o) => o.logicalId === logicalId && (!origin || o.file === origin.file)) ?? this.origins.all().find((o) => o.logicalId === logicalId) ?? origin;
    if (!owner) return undefined;
    const source = this.sources.get(owner.file);
    return { file: owner.file, line: source?.lineOf(path), stack: owner.stackName, logicalId: owner.logicalId, cfnType: owner.cfnType, path: formatPath(path) };
  }

  /** The finding with its location in evidence, message and remediation. */
  annotate(f: Finding): Finding {
    const at = this.locate(f);
    if (!at) return f;
    const where = `${at.file}${at.line ? `:${at.line}` : ''}`;
    const fix = TEMPLATE_FIX[f.ruleId];
    return {
      ...f,
      message: `${f.message} [${where} ${at.path}]`,
      remediation: `In the template: ${fix ? `${fix} at ${at.path}` : `change ${at.path}`} (${where}). ${f.remediation}`,
      evidence: { ...f.evidence, template: at },
    };
  }
}
