/**
 * The resources an event acts on, read from the record's `resources[]` and from the well-known
 * request / response fields (CloudTrail fills `resources[]` for few services; EC2 leaves it empty and
 * names the group, instance or route table only in requestParameters, and the id of what a Create*
 * call made only in responseElements).
 */
import type { AuditEvent } from '../model/types';

export type EventResource = AuditEvent['resources'][number];

const MAX_ID = 512;

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function idString(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  return v.length > MAX_ID ? v.slice(0, MAX_ID) : v;
}

function items(v: unknown): Json[] {
  const list = obj(v)?.items;
  return Array.isArray(list) ? (list.map(obj).filter(Boolean) as Json[]) : [];
}

/** CloudFormation type of an EC2 id, from its prefix. */
const EC2_PREFIXES: [string, string][] = [
  ['i-', 'AWS::EC2::Instance'],
  ['sg-', 'AWS::EC2::SecurityGroup'],
  ['vpc-', 'AWS::EC2::VPC'],
  ['subnet-', 'AWS::EC2::Subnet'],
  ['acl-', 'AWS::EC2::NetworkAcl'],
  ['rtb-', 'AWS::EC2::RouteTable'],
  ['igw-', 'AWS::EC2::InternetGateway'],
  ['eigw-', 'AWS::EC2::EgressOnlyInternetGateway'],
  ['cgw-', 'AWS::EC2::CustomerGateway'],
  ['vol-', 'AWS::EC2::Volume'],
  ['snap-', 'AWS::EC2::Snapshot'],
  ['ami-', 'AWS::EC2::Image'],
  ['eni-', 'AWS::EC2::NetworkInterface'],
  ['pcx-', 'AWS::EC2::VPCPeeringConnection'],
  ['nat-', 'AWS::EC2::NatGateway'],
  ['tgw-', 'AWS::EC2::TransitGateway'],
  ['lt-', 'AWS::EC2::LaunchTemplate'],
  ['eipalloc-', 'AWS::EC2::EIP'],
  ['key-', 'AWS::EC2::KeyPair'],
];

export function ec2TypeOf(id: string): string | undefined {
  for (const [p, t] of EC2_PREFIXES) if (id.startsWith(p)) return t;
  return undefined;
}

/** CloudFormation type from an ARN, for the few services whose records carry ARNs. */
export function typeFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [service, resource] = [parts[2], parts.slice(5).join(':')];
  const kind = resource.split('/')[0];
  switch (service) {
    case 'kms':
      return kind === 'key' ? 'AWS::KMS::Key' : kind === 'alias' ? 'AWS::KMS::Alias' : undefined;
    case 's3':
      return resource.includes('/') ? 'AWS::S3::Object' : 'AWS::S3::Bucket';
    case 'cloudtrail':
      return kind === 'trail' ? 'AWS::CloudTrail::Trail' : undefined;
    case 'iam':
      return { user: 'AWS::IAM::User', role: 'AWS::IAM::Role', group: 'AWS::IAM::Group', policy: 'AWS::IAM::ManagedPolicy' }[kind];
    case 'ec2':
      return ec2TypeOf(resource.split('/')[1] ?? '');
    default:
      return undefined;
  }
}

/** requestParameters keys that name the resource acted on, with its type; `iamOnly` keys mean something else elsewhere. */
const REQUEST_KEYS: { key: string; type: string; source?: string }[] = [
  { key: 'groupId', type: 'AWS::EC2::SecurityGroup', source: 'ec2.amazonaws.com' },
  { key: 'instanceId', type: 'AWS::EC2::Instance' },
  { key: 'networkAclId', type: 'AWS::EC2::NetworkAcl' },
  { key: 'routeTableId', type: 'AWS::EC2::RouteTable' },
  { key: 'vpcId', type: 'AWS::EC2::VPC' },
  { key: 'subnetId', type: 'AWS::EC2::Subnet' },
  { key: 'internetGatewayId', type: 'AWS::EC2::InternetGateway' },
  { key: 'customerGatewayId', type: 'AWS::EC2::CustomerGateway' },
  { key: 'vpcPeeringConnectionId', type: 'AWS::EC2::VPCPeeringConnection' },
  { key: 'volumeId', type: 'AWS::EC2::Volume' },
  { key: 'snapshotId', type: 'AWS::EC2::Snapshot' },
  { key: 'imageId', type: 'AWS::EC2::Image', source: 'ec2.amazonaws.com' },
  { key: 'networkInterfaceId', type: 'AWS::EC2::NetworkInterface' },
  // CopySnapshot names the source in the request and the copy in the response.
  { key: 'sourceSnapshotId', type: 'AWS::EC2::Snapshot', source: 'ec2.amazonaws.com' },
  { key: 'natGatewayId', type: 'AWS::EC2::NatGateway', source: 'ec2.amazonaws.com' },
  { key: 'launchTemplateId', type: 'AWS::EC2::LaunchTemplate', source: 'ec2.amazonaws.com' },
  { key: 'allocationId', type: 'AWS::EC2::EIP', source: 'ec2.amazonaws.com' },
  { key: 'keyName', type: 'AWS::EC2::KeyPair', source: 'ec2.amazonaws.com' },
  { key: 'bucketName', type: 'AWS::S3::Bucket' },
  { key: 'keyId', type: 'AWS::KMS::Key', source: 'kms.amazonaws.com' },
  { key: 'policyArn', type: 'AWS::IAM::ManagedPolicy', source: 'iam.amazonaws.com' },
  { key: 'roleName', type: 'AWS::IAM::Role', source: 'iam.amazonaws.com' },
  { key: 'userName', type: 'AWS::IAM::User', source: 'iam.amazonaws.com' },
  { key: 'groupName', type: 'AWS::IAM::Group', source: 'iam.amazonaws.com' },
  { key: 'name', type: 'AWS::CloudTrail::Trail', source: 'cloudtrail.amazonaws.com' },
  { key: 'trailName', type: 'AWS::CloudTrail::Trail', source: 'cloudtrail.amazonaws.com' },
  { key: 'configurationRecorderName', type: 'AWS::Config::ConfigurationRecorder', source: 'config.amazonaws.com' },
  { key: 'deliveryChannelName', type: 'AWS::Config::DeliveryChannel', source: 'config.amazonaws.com' },
];

/** responseElements paths that carry the id of what a Create* call made. */
const RESPONSE_PATHS: { path: [string, string] | [string]; type: string }[] = [
  { path: ['groupId'], type: 'AWS::EC2::SecurityGroup' },
  { path: ['vpc', 'vpcId'], type: 'AWS::EC2::VPC' },
  { path: ['networkAcl', 'networkAclId'], type: 'AWS::EC2::NetworkAcl' },
  { path: ['routeTable', 'routeTableId'], type: 'AWS::EC2::RouteTable' },
  { path: ['internetGateway', 'internetGatewayId'], type: 'AWS::EC2::InternetGateway' },
  { path: ['customerGateway', 'customerGatewayId'], type: 'AWS::EC2::CustomerGateway' },
  { path: ['vpcPeeringConnection', 'vpcPeeringConnectionId'], type: 'AWS::EC2::VPCPeeringConnection' },
  { path: ['snapshotId'], type: 'AWS::EC2::Snapshot' },
  { path: ['volumeId'], type: 'AWS::EC2::Volume' },
  { path: ['networkInterface', 'networkInterfaceId'], type: 'AWS::EC2::NetworkInterface' },
  { path: ['natGateway', 'natGatewayId'], type: 'AWS::EC2::NatGateway' },
  { path: ['launchTemplate', 'launchTemplateId'], type: 'AWS::EC2::LaunchTemplate' },
  { path: ['allocationId'], type: 'AWS::EC2::EIP' },
  { path: ['keyName'], type: 'AWS::EC2::KeyPair' },
];

/** PascalCase of a request key: newer EC2 APIs wrap their parameters as { ModifyVolumeRequest: { VolumeId } }. */
function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** The one `XxxRequest` / `XxxResponse` wrapper of newer EC2 APIs, when the record has it. */
function wrapped(o: Json | undefined, suffix: 'Request' | 'Response'): Json | undefined {
  if (!o) return undefined;
  for (const k of Object.keys(o)) if (k.endsWith(suffix)) return obj(o[k]);
  return undefined;
}

export interface RecordParts {
  source: string;
  requestParameters?: Json;
  responseElements?: Json;
  /** The record's own resources[]: [{ ARN, accountId, type }]. */
  resources?: unknown;
}

export function extractResources(r: RecordParts): EventResource[] {
  const out: EventResource[] = [];
  const seen = new Set<string>();
  const add = (id: string | undefined, type: string | undefined) => {
    if (!id || seen.has(id)) return;
    seen.add(id);
    out.push(type ? { type, id } : { id });
  };

  if (Array.isArray(r.resources)) {
    for (const res of r.resources) {
      const o = obj(res);
      const arn = idString(o?.ARN ?? o?.arn);
      if (arn) add(arn, idString(o?.type) ?? typeFromArn(arn));
    }
  }

  const req = r.requestParameters;
  if (req) {
    for (const k of REQUEST_KEYS) {
      if (k.source && k.source !== r.source) continue;
      const id = idString(req[k.key]);
      if (!id) continue;
      // KMS records name the key by id in the request and by ARN in resources[]: keep one.
      if (k.type === 'AWS::KMS::Key' && out.some((x) => x.id.endsWith(`/${id}`))) continue;
      add(id, k.type);
    }
    for (const it of items(req.instancesSet)) add(idString(it.instanceId), 'AWS::EC2::Instance');
    for (const it of items(req.resourcesSet)) {
      const id = idString(it.resourceId);
      if (id) add(id, ec2TypeOf(id));
    }
    const inner = r.source === 'ec2.amazonaws.com' ? wrapped(req, 'Request') : undefined;
    if (inner) {
      for (const k of REQUEST_KEYS) {
        if (k.source && k.source !== r.source) continue;
        add(idString(inner[pascal(k.key)]), k.type);
      }
    }
    const recorder = obj(req.configurationRecorder);
    if (recorder && r.source === 'config.amazonaws.com') add(idString(recorder.name), 'AWS::Config::ConfigurationRecorder');
    const channel = obj(req.deliveryChannel);
    if (channel && r.source === 'config.amazonaws.com') add(idString(channel.name), 'AWS::Config::DeliveryChannel');
  }

  const outer = r.responseElements;
  const resp = outer && r.source === 'ec2.amazonaws.com' ? (wrapped(outer, 'Response') ?? outer) : undefined;
  if (resp) {
    for (const p of RESPONSE_PATHS) {
      const v = p.path.length === 1 ? resp[p.path[0]] : obj(resp[p.path[0]])?.[p.path[1]];
      add(idString(v), p.type);
    }
    for (const it of items(resp.instancesSet)) add(idString(it.instanceId), 'AWS::EC2::Instance');
    for (const it of items(resp.securityGroupRuleSet)) add(idString(it.groupId), 'AWS::EC2::SecurityGroup');
  }
  return out;
}
