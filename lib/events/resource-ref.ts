/** The ResourceRef of what an event acted on, so a finding names the security group, not only the caller. */
import type { ResourceRef } from '../engine/rule';
import type { AuditEvent, Tags } from '../model/types';
import { ec2Arn, partitionOf } from '../model/arn';
import type { EventResource } from './resources';

const EC2_KINDS: Record<string, string> = {
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::SecurityGroup': 'security-group',
  'AWS::EC2::VPC': 'vpc',
  'AWS::EC2::Subnet': 'subnet',
  'AWS::EC2::NetworkAcl': 'network-acl',
  'AWS::EC2::RouteTable': 'route-table',
  'AWS::EC2::InternetGateway': 'internet-gateway',
  'AWS::EC2::EgressOnlyInternetGateway': 'egress-only-internet-gateway',
  'AWS::EC2::CustomerGateway': 'customer-gateway',
  'AWS::EC2::Volume': 'volume',
  'AWS::EC2::Snapshot': 'snapshot',
  'AWS::EC2::Image': 'image',
  'AWS::EC2::NetworkInterface': 'network-interface',
  'AWS::EC2::VPCPeeringConnection': 'vpc-peering-connection',
  'AWS::EC2::NatGateway': 'natgateway',
  'AWS::EC2::TransitGateway': 'transit-gateway',
  'AWS::EC2::LaunchTemplate': 'launch-template',
  'AWS::EC2::EIP': 'elastic-ip',
  'AWS::EC2::KeyPair': 'key-pair',
};

/** The ARN of a resource named in an event; built from the id where the record gave no ARN. */
export function resourceArn(type: string | undefined, id: string, accountId: string, region: string): string {
  if (id.startsWith('arn:')) return id;
  const p = partitionOf(region);
  if (type && EC2_KINDS[type]) return ec2Arn(accountId, region, EC2_KINDS[type], id);
  switch (type) {
    case 'AWS::S3::Bucket':
      return `arn:${p}:s3:::${id}`;
    case 'AWS::KMS::Key':
      return `arn:${p}:kms:${region}:${accountId}:key/${id}`;
    case 'AWS::CloudTrail::Trail':
      return `arn:${p}:cloudtrail:${region}:${accountId}:trail/${id}`;
    case 'AWS::IAM::User':
      return `arn:${p}:iam::${accountId}:user/${id}`;
    case 'AWS::IAM::Role':
      return `arn:${p}:iam::${accountId}:role/${id}`;
    case 'AWS::IAM::Group':
      return `arn:${p}:iam::${accountId}:group/${id}`;
    case 'AWS::Config::ConfigurationRecorder':
      return `arn:${p}:config:${region}:${accountId}:configuration-recorder/${id}`;
    case 'AWS::Config::DeliveryChannel':
      return `arn:${p}:config:${region}:${accountId}:delivery-channel/${id}`;
    default:
      return `arn:${p}:unknown:${region}:${accountId}:${id}`;
  }
}

/** The short id a finding shows: the name at the end of an ARN (trail/example → example). */
export function shortId(type: string | undefined, id: string): string {
  if (!id.startsWith('arn:')) return id;
  if (type === 'AWS::S3::Bucket') return id.slice(id.lastIndexOf(':') + 1);
  return id.slice(id.lastIndexOf('/') + 1);
}

/** The resource of the event the rule is about: the first of `preferTypes` present, else the first named. */
export function primaryResource(e: AuditEvent, preferTypes: readonly string[]): EventResource | undefined {
  for (const t of preferTypes) {
    const r = e.resources.find((x) => x.type === t);
    if (r) return r;
  }
  return e.resources[0];
}

export function eventResourceRef(e: AuditEvent, r: EventResource, tags?: Tags): ResourceRef {
  const ref: ResourceRef = {
    accountId: e.accountId,
    region: e.region,
    type: r.type ?? 'AWS::Unknown::Resource',
    id: shortId(r.type, r.id),
    arn: resourceArn(r.type, r.id, e.accountId, e.region),
  };
  if (tags && Object.keys(tags).length) ref.tags = tags;
  return ref;
}
