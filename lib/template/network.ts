/**
 * VPCs, subnets, route tables and routes, NACLs and entries, security groups and their rules,
 * peering, prefix lists and flow logs of a template, in the inventory model's terms. What AWS
 * creates implicitly with a VPC (its main route table with the local route, its default NACL that
 * allows everything, its default security group) is added, since every subnet without an explicit
 * association uses them.
 */
import { portOf, protocolOf } from '../collect/translate';
import type { NaclEntry, Route, SgPeer, SgRule } from '../model/types';
import { formatPath, type PathSegment } from '../policy/locate';
import { type BuildContext, pushTo, type Resource } from './build-context';
import type { Props } from './props';

const ROUTE_TARGET_KIND: Record<string, Route['target']['kind']> = {
  'AWS::EC2::InternetGateway': 'igw',
  'AWS::EC2::EgressOnlyInternetGateway': 'eigw',
  'AWS::EC2::NatGateway': 'nat',
  'AWS::EC2::VPCPeeringConnection': 'peering',
  'AWS::EC2::TransitGateway': 'tgw',
  'AWS::EC2::VPNGateway': 'vgw',
  'AWS::EC2::Instance': 'instance',
  'AWS::EC2::NetworkInterface': 'eni',
};

const ID_PREFIX_KIND: [string, Route['target']['kind']][] = [
  ['igw-', 'igw'],
  ['eigw-', 'eigw'],
  ['nat-', 'nat'],
  ['pcx-', 'peering'],
  ['tgw-', 'tgw'],
  ['vgw-', 'vgw'],
  ['eni-', 'eni'],
  ['i-', 'instance'],
];

/** The types that shape reachability but that this model does not hold yet; their presence is reported. */
export const NOT_MODELLED_NETWORK_TYPES: Record<string, string> = {
  'AWS::EC2::TransitGateway': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayAttachment': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayVpcAttachment': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayRouteTable': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayRoute': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayRouteTableAssociation': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayRouteTablePropagation': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::TransitGatewayPeeringAttachment': 'transit gateway routing is not in the inventory model yet: paths through it are UNKNOWN',
  'AWS::EC2::VPNConnection': 'VPN connections are not modelled: on-premises paths are not analysed',
  'AWS::EC2::ClientVpnEndpoint': 'Client VPN is not modelled: remote-user paths are not analysed',
  'AWS::CloudFormation::Stack': 'nested stacks are not expanded: what they create is not analysed',
  'AWS::NetworkFirewall::Firewall': 'Network Firewall rules are not modelled: traffic it would drop may be reported as reachable',
};

export const mainRouteTableId = (vpcId: string) => `${vpcId}.MainRouteTable`;
export const defaultNaclId = (vpcId: string) => `${vpcId}.DefaultNetworkAcl`;
export const defaultSgId = (vpcId: string) => `${vpcId}.DefaultSecurityGroup`;

/** CIDR blocks of a VPC from the template, else from the baseline. */
export function vpcCidrs(ctx: BuildContext, vpcId: string | undefined): string[] | undefined {
  if (!vpcId) return undefined;
  const own = ctx.model.vpcs.find((v) => v.vpcId === vpcId);
  if (own) return own.cidrBlocks;
  return ctx.existing?.vpc(vpcId)?.cidrBlocks;
}

/** Transit gateways with their settings (AutoAcceptSharedAttachments); their routing stays not modelled. */
export function translateTransitGateways(ctx: BuildContext): void {
  for (const r of ctx.ofType('AWS::EC2::TransitGateway')) {
    const auto = r.props.str('AutoAcceptSharedAttachments');
    r.origin.properties.set('AutoAcceptSharedAttachments', r.props.pathOf('AutoAcceptSharedAttachments'));
    ctx.model.transitGateways.push({
      accountId: ctx.accountId,
      region: ctx.region,
      transitGatewayId: r.origin.modelId,
      ownerId: ctx.accountId,
      state: 'available',
      // CloudFormation's default is disable; an unresolvable value stays unknown.
      ...(auto === undefined && r.props.has('AutoAcceptSharedAttachments') ? {} : { autoAcceptSharedAttachments: auto === 'enable' }),
      tags: r.props.tags(),
    });
  }
}

export function translateVpcs(ctx: BuildContext): void {
  const { accountId, region } = ctx;
  for (const r of ctx.ofType('AWS::EC2::VPC')) {
    const cidr = r.props.strOrMarker('CidrBlock');
    const tags = r.props.tags();
    // The fix is a new resource, but the finding is about this VPC: point at it.
    r.origin.properties.set('FlowLog', r.origin.path);
    ctx.model.vpcs.push({ accountId, region, vpcId: r.origin.modelId, cidrBlocks: cidr ? [cidr] : [], ipv6CidrBlocks: [], isDefault: false, tags });
  }
  for (const r of ctx.ofType('AWS::EC2::VPCCidrBlock')) {
    const vpc = ctx.model.vpcs.find((v) => v.vpcId === r.props.str('VpcId'));
    const cidr = r.props.strOrMarker('CidrBlock');
    if (vpc && cidr) vpc.cidrBlocks.push(cidr);
  }
  for (const vpc of ctx.model.vpcs) {
    const origin = ctx.model.origins.get(vpc.vpcId)!;
    const rt = ctx.model.origins.add({ ...origin, modelId: mainRouteTableId(vpc.vpcId), cfnType: 'AWS::EC2::RouteTable' });
    rt.unresolved.push(...origin.unresolved);
    ctx.model.routeTables.push({ accountId, region, routeTableId: rt.modelId, vpcId: vpc.vpcId, main: true, associatedSubnetIds: [], routes: vpc.cidrBlocks.map((c) => ({ destination: c, target: { kind: 'local', id: 'local' }, state: 'active' })), tags: {} });
    ctx.model.origins.add({ ...origin, modelId: defaultNaclId(vpc.vpcId), cfnType: 'AWS::EC2::NetworkAcl' });
    // A new VPC's default NACL allows all traffic in and out (rule 100), then denies the rest.
    const all = (egress: boolean): NaclEntry => ({ ruleNumber: 100, egress, protocol: '-1', ruleAction: 'allow', cidr: '0.0.0.0/0', fromPort: null, toPort: null, icmpType: null, icmpCode: null });
    ctx.model.networkAcls.push({ accountId, region, networkAclId: defaultNaclId(vpc.vpcId), vpcId: vpc.vpcId, isDefault: true, entries: [all(false), all(true)], associatedSubnetIds: [], tags: {} });
  }
}

export function translateSubnets(ctx: BuildContext): void {
  for (const r of ctx.ofType('AWS::EC2::Subnet')) {
    const p = r.props;
    const ipv6 = p.strOrMarker('Ipv6CidrBlock');
    r.origin.properties.set('MapPublicIpOnLaunch', p.pathOf('MapPublicIpOnLaunch'));
    ctx.model.subnets.push({
      accountId: ctx.accountId,
      region: ctx.region,
      subnetId: r.origin.modelId,
      vpcId: p.strOrMarker('VpcId') ?? '(no VpcId)',
      cidrBlock: p.strOrMarker('CidrBlock'),
      ipv6CidrBlocks: ipv6 ? [ipv6] : [],
      availabilityZone: p.str('AvailabilityZone'),
      mapPublicIpOnLaunch: p.bool('MapPublicIpOnLaunch') ?? false,
      assignIpv6AddressOnCreation: p.bool('AssignIpv6AddressOnCreation') ?? false,
      defaultForAz: false,
      tags: p.tags(),
    });
  }
}

function routeTarget(ctx: BuildContext, p: Props): { target: Route['target']; via?: Resource } | undefined {
  const keys: [string, Route['target']['kind'] | undefined][] = [
    ['GatewayId', undefined],
    ['NatGatewayId', 'nat'],
    ['VpcPeeringConnectionId', 'peering'],
    ['TransitGatewayId', 'tgw'],
    ['InstanceId', 'instance'],
    ['NetworkInterfaceId', 'eni'],
    ['EgressOnlyInternetGatewayId', 'eigw'],
    ['VpcEndpointId', 'other'],
    ['CarrierGatewayId', 'other'],
    ['LocalGatewayId', 'other'],
    ['CoreNetworkArn', 'other'],
  ];
  for (const [key, kind] of keys) {
    if (!p.has(key)) continue;
    const id = p.strOrMarker(key)!;
    const via = ctx.resourceByModelId(id);
    const byType = via ? ROUTE_TARGET_KIND[via.cfn.Type] : undefined;
    const byPrefix = ID_PREFIX_KIND.find(([prefix]) => id.startsWith(prefix))?.[1];
    return { target: { kind: byType ?? kind ?? byPrefix ?? 'other', id }, via };
  }
  return undefined;
}

/** An internet or VPN gateway of the template routes nothing until a VPCGatewayAttachment joins it to the VPC. */
function attached(ctx: BuildContext, gateway: Resource, vpcId: string): boolean {
  return ctx.ofType('AWS::EC2::VPCGatewayAttachment').some((a) => {
    const g = a.props.str(gateway.cfn.Type === 'AWS::EC2::VPNGateway' ? 'VpnGatewayId' : 'InternetGatewayId');
    return g === gateway.origin.modelId && a.props.str('VpcId') === vpcId;
  });
}

export function translateRouteTables(ctx: BuildContext): void {
  const { accountId, region } = ctx;
  for (const r of ctx.ofType('AWS::EC2::RouteTable')) {
    const vpcId = r.props.strOrMarker('VpcId') ?? '(no VpcId)';
    const cidrs = vpcCidrs(ctx, vpcId);
    if (!cidrs) r.origin.unresolved.push({ path: r.props.pathOf('VpcId'), reason: `the CIDR of VPC ${vpcId} is unknown, so its local route is` });
    ctx.model.routeTables.push({ accountId, region, routeTableId: r.origin.modelId, vpcId, main: false, associatedSubnetIds: [], routes: (cidrs ?? []).map((c) => ({ destination: c, target: { kind: 'local', id: 'local' }, state: 'active' })), tags: r.props.tags() });
  }
  for (const r of ctx.ofType('AWS::EC2::Route')) {
    const p = r.props;
    const rtId = p.str('RouteTableId') ?? `${r.origin.modelId}.RouteTableId`;
    const t = routeTarget(ctx, p);
    if (!t) {
      r.origin.unresolved.push({ path: p.path, reason: 'the route names no target' });
      continue;
    }
    const destination = p.strOrMarker('DestinationCidrBlock') ?? p.strOrMarker('DestinationIpv6CidrBlock');
    const destinationPrefixListId = p.str('DestinationPrefixListId');
    const table = ctx.model.routeTables.find((x) => x.routeTableId === rtId);
    let state: Route['state'] = 'active';
    if (t.via && (t.target.kind === 'igw' || t.target.kind === 'vgw') && table && !attached(ctx, t.via, table.vpcId)) state = 'blackhole';
    const route: Route = { ...(destination ? { destination } : {}), ...(destinationPrefixListId ? { destinationPrefixListId } : {}), target: t.target, state };
    if (table) {
      table.routes.push(route);
      ctx.model.origins.get(rtId)?.properties.set(`route:${destination ?? destinationPrefixListId}`, p.path);
    } else pushTo(ctx.model.additions.routes, rtId, route);
    r.origin.properties.set(`route:${destination ?? destinationPrefixListId}`, p.path);
  }
  for (const r of ctx.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const rtId = r.props.strOrMarker('RouteTableId');
    const subnetId = r.props.strOrMarker('SubnetId');
    if (!rtId || !subnetId) continue;
    const table = ctx.model.routeTables.find((x) => x.routeTableId === rtId);
    if (table) table.associatedSubnetIds.push(subnetId);
    else pushTo(ctx.model.additions.routeTableAssociations, rtId, subnetId);
  }
}

function naclEntry(p: Props): NaclEntry | undefined {
  const ruleNumber = p.num('RuleNumber');
  const cidr = p.strOrMarker('CidrBlock') ?? p.strOrMarker('Ipv6CidrBlock');
  if (ruleNumber === undefined || !cidr) return undefined;
  const ports = p.child('PortRange');
  const icmp = p.child('Icmp');
  const action = p.str('RuleAction');
  return {
    ruleNumber,
    egress: p.bool('Egress') ?? false,
    protocol: protocolOf(p.str('Protocol') ?? '(unresolved)'),
    ruleAction: action === 'allow' ? 'allow' : 'deny',
    cidr,
    fromPort: portOf(ports?.num('From')),
    toPort: portOf(ports?.num('To')),
    icmpType: portOf(icmp?.num('Type')),
    icmpCode: portOf(icmp?.num('Code')),
  };
}

export const naclEntryKey = (egress: boolean, ruleNumber: number) => `nacl:${egress ? 'egress' : 'ingress'}:${ruleNumber}`;

export function translateNacls(ctx: BuildContext): void {
  for (const r of ctx.ofType('AWS::EC2::NetworkAcl')) {
    ctx.model.networkAcls.push({ accountId: ctx.accountId, region: ctx.region, networkAclId: r.origin.modelId, vpcId: r.props.strOrMarker('VpcId') ?? '(no VpcId)', isDefault: false, entries: [], associatedSubnetIds: [], tags: r.props.tags() });
    r.origin.properties.set('Association', r.origin.path);
  }
  for (const r of ctx.ofType('AWS::EC2::NetworkAclEntry')) {
    const aclId = r.props.strOrMarker('NetworkAclId') ?? '(no NetworkAclId)';
    const e = naclEntry(r.props);
    if (!e) {
      r.origin.unresolved.push({ path: r.props.path, reason: 'the entry has no rule number or CIDR that could be read' });
      continue;
    }
    const acl = ctx.model.networkAcls.find((a) => a.networkAclId === aclId);
    if (acl) {
      acl.entries.push(e);
      ctx.model.origins.get(aclId)?.properties.set(naclEntryKey(e.egress, e.ruleNumber), r.props.path);
      // An unresolved value in the entry makes the NACL's verdicts unknown, not only the entry's.
      ctx.model.origins.get(aclId)?.unresolved.push(...r.origin.unresolved);
    } else pushTo(ctx.model.additions.naclEntries, aclId, e);
  }
  for (const r of ctx.ofType('AWS::EC2::SubnetNetworkAclAssociation')) {
    const aclId = r.props.strOrMarker('NetworkAclId');
    const subnetId = r.props.strOrMarker('SubnetId');
    if (!aclId || !subnetId) continue;
    const acl = ctx.model.networkAcls.find((a) => a.networkAclId === aclId);
    if (acl) acl.associatedSubnetIds.push(subnetId);
    else pushTo(ctx.model.additions.naclAssociations, aclId, subnetId);
  }
  for (const acl of ctx.model.networkAcls) acl.entries.sort((x, y) => Number(x.egress) - Number(y.egress) || x.ruleNumber - y.ruleNumber);
}

/** One inline or separate rule; its `ruleId` is its template path, so every message points at it. */
function sgRule(p: Props, direction: 'ingress' | 'egress', path: PathSegment[]): SgRule | undefined {
  const protocol = protocolOf(p.str('IpProtocol') ?? '(unresolved)');
  const all = protocol === '-1';
  let peer: SgPeer | undefined;
  const src = direction === 'ingress' ? 'Source' : 'Destination';
  if (p.has('CidrIp')) peer = { kind: 'cidr4', cidr: p.strOrMarker('CidrIp')! };
  else if (p.has('CidrIpv6')) peer = { kind: 'cidr6', cidr: p.strOrMarker('CidrIpv6')! };
  else if (p.has(`${src}PrefixListId`)) peer = { kind: 'prefixList', prefixListId: p.strOrMarker(`${src}PrefixListId`)! };
  else if (p.has(`${src}SecurityGroupId`)) peer = { kind: 'sg', groupId: p.strOrMarker(`${src}SecurityGroupId`)!, ...(p.str('SourceSecurityGroupOwnerId') ? { userId: p.str('SourceSecurityGroupOwnerId') } : {}) };
  else if (p.has('SourceSecurityGroupName')) peer = { kind: 'sg', groupId: `name:${p.strOrMarker('SourceSecurityGroupName')}` };
  if (!peer) {
    p.origin.unresolved.push({ path, reason: 'the rule names no source or destination that could be read' });
    return undefined;
  }
  const description = p.str('Description');
  return {
    ruleId: formatPath(path),
    protocol,
    fromPort: all ? null : portOf(p.num('FromPort')),
    toPort: all ? null : portOf(p.num('ToPort')),
    peer,
    ...(description ? { description } : {}),
  };
}

export function translateSecurityGroups(ctx: BuildContext): void {
  const { accountId, region } = ctx;
  for (const r of ctx.ofType('AWS::EC2::SecurityGroup')) {
    const p = r.props;
    const ingress = p.children('SecurityGroupIngress').flatMap((x) => sgRule(x, 'ingress', x.path) ?? []);
    // CloudFormation (like EC2) adds an allow-all egress rule unless the template lists egress rules.
    const egress = p.has('SecurityGroupEgress')
      ? p.children('SecurityGroupEgress').flatMap((x) => sgRule(x, 'egress', x.path) ?? [])
      : [{ ruleId: `${formatPath(r.origin.path)} (default egress)`, protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4' as const, cidr: '0.0.0.0/0' } }];
    const vpcId = p.strOrMarker('VpcId');
    ctx.model.securityGroups.push({ accountId, region, groupId: r.origin.modelId, groupName: p.str('GroupName') ?? r.logicalId, ...(vpcId ? { vpcId } : {}), description: p.str('GroupDescription'), tags: p.tags(), ingress, egress });
  }
  for (const [type, direction] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress'],
    ['AWS::EC2::SecurityGroupEgress', 'egress'],
  ] as const) {
    for (const r of ctx.ofType(type)) {
      // An unresolved group gets a stand-in id named after the resource, so its findings read sensibly.
      const groupId = r.props.has('GroupId') ? (r.props.str('GroupId') ?? `${r.origin.modelId}.GroupId`) : `name:${r.props.str('GroupName') ?? `${r.origin.modelId}.GroupName`}`;
      const rule = sgRule(r.props, direction, r.props.path);
      if (!rule) continue;
      const g = ctx.model.securityGroups.find((x) => x.groupId === groupId);
      if (g) {
        (direction === 'ingress' ? g.ingress : g.egress).push(rule);
        ctx.model.origins.get(groupId)?.unresolved.push(...r.origin.unresolved);
      } else pushTo(direction === 'ingress' ? ctx.model.additions.sgIngress : ctx.model.additions.sgEgress, groupId, rule);
    }
  }
}

export function translatePeering(ctx: BuildContext): void {
  for (const r of ctx.ofType('AWS::EC2::VPCPeeringConnection')) {
    const p = r.props;
    const vpcId = p.strOrMarker('VpcId') ?? '(no VpcId)';
    const peerVpcId = p.strOrMarker('PeerVpcId') ?? '(no PeerVpcId)';
    const owner = p.str('PeerOwnerId');
    const peerAccount = owner && /^\d{12}$/.test(owner) ? owner : ctx.accountId;
    const peerRegion = p.str('PeerRegion') ?? ctx.region;
    // Same account and region: CloudFormation's request is accepted at once; across accounts only
    // with PeerRoleArn (a role the accepter created), otherwise it waits as pending-acceptance.
    const accepted = peerAccount === ctx.accountId || p.has('PeerRoleArn');
    const side = (id: string, accountId: string, region: string, key: string) => {
      const cidrs = vpcCidrs(ctx, id);
      if (!cidrs) r.origin.unresolved.push({ path: p.pathOf(key), reason: `the CIDR of VPC ${id} is not in the template${ctx.existing ? ' or the baseline' : ' (give --baseline)'}` });
      return { accountId, region, vpcId: id, cidrBlocks: cidrs ?? [], ipv6CidrBlocks: [] };
    };
    ctx.model.peeringConnections.push({
      accountId: ctx.accountId,
      region: ctx.region,
      peeringConnectionId: r.origin.modelId,
      status: accepted ? 'active' : 'pending-acceptance',
      requester: side(vpcId, ctx.accountId, ctx.region, 'VpcId'),
      accepter: side(peerVpcId, peerAccount, peerRegion, 'PeerVpcId'),
      tags: p.tags(),
    });
  }
}

export function translatePrefixListsAndFlowLogs(ctx: BuildContext): void {
  for (const r of ctx.ofType('AWS::EC2::PrefixList')) {
    const family = r.props.str('AddressFamily');
    ctx.model.prefixLists.push({ accountId: ctx.accountId, region: ctx.region, prefixListId: r.origin.modelId, name: r.props.str('PrefixListName'), ...(family === 'IPv4' || family === 'IPv6' ? { addressFamily: family } : {}), cidrs: r.props.children('Entries').flatMap((e) => e.strOrMarker('Cidr') ?? []) });
  }
  for (const r of ctx.ofType('AWS::EC2::FlowLog')) {
    const traffic = r.props.str('TrafficType');
    const ids = r.props.has('ResourceId') ? [r.props.str('ResourceId')] : r.props.strings('ResourceIds');
    for (const resourceId of ids) {
      if (!resourceId) continue;
      ctx.model.flowLogs.push({ accountId: ctx.accountId, region: ctx.region, flowLogId: r.origin.modelId, resourceId, trafficType: traffic === 'ACCEPT' || traffic === 'REJECT' ? traffic : 'ALL', status: 'ACTIVE', destinationType: r.props.str('LogDestinationType') ?? 'cloud-watch-logs' });
    }
  }
}
