/**
 * "No finding" must mean "checked, and fine". A template leaves things open: a parameter without a
 * default, an SSM-backed AMI, a resource that exists only if an unresolvable condition holds, a
 * transit gateway the model cannot route through. This pass turns the verdicts that rest on such
 * values into UNKNOWN, naming the value and why it is unknown.
 */
import type { Finding } from '../findings/finding';
import { formatPath, type PathSegment } from '../policy/locate';
import type { NotModelled } from './build-context';
import type { Origin, OriginTable, UnresolvedProperty } from './origins';

/** FAILs that rest on a property the translators defaulted because it could not be resolved. */
const FAIL_READS: Readonly<Record<string, readonly string[]>> = {
  'ec2-volume-encrypted': ['Encrypted'],
  'ec2-volume-all-encrypted': ['Encrypted'],
};

const ISOLATION = /^net-/;

/**
 * The properties each rule family reads: an unresolved value elsewhere on the resource (its VpcId,
 * its AMI) does not make a port check unknown. Rules not listed here are made unknown by any
 * unresolved value of their resource; a value recorded on the resource itself (a path of two
 * segments: the rest of an existing group, a subnet whose settings are unknown) always counts.
 */
const READS: readonly [RegExp, readonly string[]][] = [
  // A security-group reference is never the internet, so an unresolved group id cannot open a port to it.
  [/^ec2-sg-/, ['SecurityGroupIngress', 'SecurityGroupEgress', 'CidrIp', 'CidrIpv6', 'IpProtocol', 'FromPort', 'ToPort', 'SourcePrefixListId', 'DestinationPrefixListId', 'GroupId', 'GroupName']],
  [/^ec2-launch-template-/, ['MetadataOptions', 'HttpTokens', 'HttpEndpoint', 'HttpPutResponseHopLimit', 'NetworkInterfaces', 'AssociatePublicIpAddress']],
  [/^ec2-tgw-no-auto-accept$/, ['AutoAcceptSharedAttachments']],
  [/^ec2-imdsv2-required$/, ['MetadataOptions', 'HttpTokens', 'HttpEndpoint', 'LaunchTemplate', 'LaunchConfigurationName']],
  [/^ec2-instance-no-public-ip$/, ['AssociatePublicIpAddress', 'MapPublicIpOnLaunch', 'SubnetId', 'NetworkInterfaces', 'NetworkInterfaceId', 'VPCZoneIdentifier', 'Subnets', 'InstanceId', 'LaunchTemplate']],
  [/^ec2-instance-single-eni$/, ['NetworkInterfaces', 'NetworkInterfaceId']],
  [/^ec2-subnet-no-auto-public-ip$/, ['MapPublicIpOnLaunch']],
  [/^ec2-volume-(all-)?encrypted$/, ['Encrypted', 'KmsKeyId', 'VolumeId', 'InstanceId']],
  [/^ec2-nacl-/, ['CidrBlock', 'Ipv6CidrBlock', 'Protocol', 'PortRange', 'RuleNumber', 'RuleAction', 'Egress', 'Icmp', 'SubnetId', 'NetworkAclId']],
];

/** What decides reachability: addresses, groups, routes, NACLs, placement, the zone tag. */
const NETWORK_READS = ['SubnetId', 'VpcId', 'CidrBlock', 'Ipv6CidrBlock', 'CidrIp', 'CidrIpv6', 'GroupSet', 'SecurityGroupIds', 'SecurityGroups', 'Groups', 'SecurityGroupIngress', 'SecurityGroupEgress', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'DestinationSecurityGroupId', 'SourcePrefixListId', 'DestinationPrefixListId', 'GroupId', 'GroupName', 'RouteTableId', 'DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'GatewayId', 'NatGatewayId', 'VpcPeeringConnectionId', 'TransitGatewayId', 'NetworkInterfaceId', 'NetworkAclId', 'RuleNumber', 'Protocol', 'PortRange', 'RuleAction', 'Egress', 'Icmp', 'IpProtocol', 'FromPort', 'ToPort', 'VPCZoneIdentifier', 'Subnets', 'NetworkInterfaces', 'PrivateIpAddress', 'PrivateIpAddresses', 'AssociatePublicIpAddress', 'MapPublicIpOnLaunch', 'PeerVpcId', 'PeerOwnerId', 'Tags', 'TagSpecifications', 'LaunchTemplate', 'LaunchConfigurationName', 'InstanceId'];

/** The segments below the resource (`Resources.<id>.Properties.…`): a logical id named like a property must not match. */
function propertySegments(path: readonly PathSegment[]): string[] {
  const start = path[0] === 'Resources' ? (path[2] === 'Properties' ? 3 : 2) : 0;
  return path.slice(start).map(String);
}

function reads(path: readonly PathSegment[], names: readonly string[]): boolean {
  return path.length <= 2 || propertySegments(path).some((seg) => names.includes(seg));
}

/** A rule's peer that is another group (by id or name) is never the internet, whatever group it turns out to be. */
const GROUP_PEER = /^(Source|Destination)SecurityGroup(Id|Name|OwnerId)$/;

function relevant(ruleId: string, u: readonly UnresolvedProperty[]): UnresolvedProperty[] {
  const names = ISOLATION.test(ruleId) ? NETWORK_READS : READS.find(([re]) => re.test(ruleId))?.[1];
  if (!names) return [...u];
  const portRule = /^ec2-sg-/.test(ruleId) && ruleId !== 'ec2-sg-default-restricts-all';
  return u.filter((x) => reads(x.path, names) && !(portRule && GROUP_PEER.test(String(x.path[x.path.length - 1]))));
}

function describe(u: readonly UnresolvedProperty[]): string {
  const first = u[0]!;
  return `${formatPath(first.path)} could not be resolved (${first.reason})${u.length > 1 ? `, and ${u.length - 1} more value${u.length > 2 ? 's' : ''}` : ''}`;
}

function unknown(f: Finding, why: string, unresolved: readonly UnresolvedProperty[]): Finding {
  return { ...f, status: 'UNKNOWN', message: `${f.message} — but ${why}`, evidence: { ...f.evidence, unresolved: unresolved.slice(0, 10).map((u) => ({ path: formatPath(u.path), reason: u.reason })) } };
}

export class Honesty {
  private readonly network: UnresolvedProperty[];

  constructor(
    private readonly origins: OriginTable,
    private readonly notModelled: readonly NotModelled[],
    /** The policy's isolation.zoneTag: of the tags, only its value places an instance in a zone. */
    private readonly zoneTag?: string,
  ) {
    const networkTypes = /^AWS::EC2::|^AWS::AutoScaling::|^AWS::EKS::Nodegroup$/;
    this.network = origins
      .all()
      .filter((o) => networkTypes.test(o.cfnType))
      .flatMap((o) => o.unresolved)
      .filter((u) => this.decidesReachability(u));
  }

  private decidesReachability(u: UnresolvedProperty): boolean {
    if (u.tagKey !== undefined && u.tagKey !== this.zoneTag) return false;
    return reads(u.path, NETWORK_READS);
  }

  check(f: Finding): Finding {
    const origin: Origin | undefined = this.origins.get(f.resourceId);
    if (f.status === 'UNKNOWN' && origin) {
      // The rule could not tell; say which value of the template left it open.
      const open = relevant(f.ruleId, origin.unresolved);
      return open.length ? { ...f, message: `${f.message} — ${describe(open)}`, evidence: { ...f.evidence, unresolved: open.slice(0, 10).map((u) => ({ path: formatPath(u.path), reason: u.reason })) } } : f;
    }
    if (f.status !== 'PASS' && f.status !== 'FAIL') return f;
    if (origin) {
      if (f.status === 'FAIL' && origin.conditional) return unknown(f, `the resource exists only if ${origin.conditional}`, []);
      const failReads = FAIL_READS[f.ruleId];
      const defaulted = failReads ? origin.unresolved.filter((u) => propertySegments(u.path).some((seg) => failReads.includes(seg))) : [];
      if (f.status === 'FAIL' && defaulted.length) return unknown(f, describe(defaulted), defaulted);
      const open = f.status === 'PASS' ? relevant(f.ruleId, origin.unresolved).filter((u) => !ISOLATION.test(f.ruleId) || this.decidesReachability(u)) : [];
      if (open.length) return unknown(f, describe(open), open);
      if (f.status === 'PASS' && origin.conditional) return unknown(f, `the resource exists only if ${origin.conditional}`, []);
    }
    // Reachability is a property of the whole network: any unknown value in it can open or close a path.
    if (f.status === 'PASS' && ISOLATION.test(f.ruleId)) {
      if (this.network.length) return unknown(f, `the network is not fully known: ${describe(this.network)}`, this.network);
      if (this.notModelled.length) return unknown(f, `${this.notModelled[0]!.logicalId} (${this.notModelled[0]!.cfnType}): ${this.notModelled[0]!.reason}`, []);
    }
    return f;
  }
}
