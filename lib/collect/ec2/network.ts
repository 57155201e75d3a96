/** The network: NACLs, subnets, route tables, VPCs, peering connections and flow logs. */
import {
  paginateDescribeFlowLogs,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type FlowLog as SdkFlowLog,
  type NetworkAcl as SdkNetworkAcl,
  type Route as SdkRoute,
  type RouteTable as SdkRouteTable,
  type Subnet as SdkSubnet,
  type Vpc as SdkVpc,
  type VpcPeeringConnection as SdkPeering,
  type VpcPeeringConnectionVpcInfo,
} from '@aws-sdk/client-ec2';
import type { FlowLog, NaclEntry, NetworkAcl, PeeringConnection, Route, RouteTable, Subnet, Vpc } from '../../model/types';
import { eachPage } from '../calls';
import { PAGE_SIZE } from '../page-sizes';
import { defined, portOf, protocolOf, tagsOf } from '../translate';
import type { CollectContext, Collector } from '../types';

export function toNetworkAcl(a: SdkNetworkAcl, accountId: string, region: string): NetworkAcl | undefined {
  if (!a.NetworkAclId || !a.VpcId) return undefined;
  const entries: NaclEntry[] = [];
  for (const e of a.Entries ?? []) {
    const cidr = e.CidrBlock ?? e.Ipv6CidrBlock;
    if (e.RuleNumber === undefined || !cidr) continue;
    entries.push({
      ruleNumber: e.RuleNumber,
      egress: e.Egress === true,
      protocol: protocolOf(e.Protocol),
      ruleAction: e.RuleAction === 'allow' ? 'allow' : 'deny',
      cidr,
      fromPort: portOf(e.PortRange?.From),
      toPort: portOf(e.PortRange?.To),
      icmpType: portOf(e.IcmpTypeCode?.Type),
      icmpCode: portOf(e.IcmpTypeCode?.Code),
    });
  }
  // NACL entries are evaluated lowest rule number first; keep them in that order (the 32767 default last).
  entries.sort((x, y) => Number(x.egress) - Number(y.egress) || x.ruleNumber - y.ruleNumber);
  return {
    accountId,
    region,
    networkAclId: a.NetworkAclId,
    vpcId: a.VpcId,
    isDefault: a.IsDefault === true,
    entries,
    associatedSubnetIds: defined((a.Associations ?? []).map((x) => x.SubnetId)),
    tags: tagsOf(a.Tags),
  };
}

export function toSubnet(s: SdkSubnet, accountId: string, region: string): Subnet | undefined {
  if (!s.SubnetId || !s.VpcId) return undefined;
  return {
    accountId,
    region,
    subnetId: s.SubnetId,
    vpcId: s.VpcId,
    cidrBlock: s.CidrBlock,
    ipv6CidrBlocks: defined((s.Ipv6CidrBlockAssociationSet ?? []).filter((x) => isAssociated(x.Ipv6CidrBlockState?.State)).map((x) => x.Ipv6CidrBlock)),
    availabilityZone: s.AvailabilityZone,
    mapPublicIpOnLaunch: s.MapPublicIpOnLaunch === true,
    assignIpv6AddressOnCreation: s.AssignIpv6AddressOnCreation === true,
    defaultForAz: s.DefaultForAz === true,
    tags: tagsOf(s.Tags),
  };
}

function isAssociated(state: string | undefined): boolean {
  return state === undefined || state === 'associated' || state === 'associating';
}

export function routeTargetOf(r: SdkRoute): Route['target'] {
  if (r.InstanceId) return { kind: 'instance', id: r.InstanceId };
  if (r.NatGatewayId) return { kind: 'nat', id: r.NatGatewayId };
  if (r.VpcPeeringConnectionId) return { kind: 'peering', id: r.VpcPeeringConnectionId };
  if (r.TransitGatewayId) return { kind: 'tgw', id: r.TransitGatewayId };
  if (r.EgressOnlyInternetGatewayId) return { kind: 'eigw', id: r.EgressOnlyInternetGatewayId };
  const gw = r.GatewayId;
  if (gw === 'local') return { kind: 'local', id: 'local' };
  if (gw?.startsWith('igw-')) return { kind: 'igw', id: gw };
  if (gw?.startsWith('vgw-')) return { kind: 'vgw', id: gw };
  if (r.NetworkInterfaceId) return { kind: 'eni', id: r.NetworkInterfaceId };
  const other = gw ?? r.CarrierGatewayId ?? r.LocalGatewayId ?? r.CoreNetworkArn ?? r.OdbNetworkArn ?? 'unknown';
  return { kind: 'other', id: other };
}

export function toRouteTable(t: SdkRouteTable, accountId: string, region: string): RouteTable | undefined {
  if (!t.RouteTableId || !t.VpcId) return undefined;
  const assoc = t.Associations ?? [];
  const routes: Route[] = (t.Routes ?? []).map((r) => ({
    destination: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock,
    destinationPrefixListId: r.DestinationPrefixListId,
    target: routeTargetOf(r),
    state: r.State === 'blackhole' ? 'blackhole' : 'active',
  }));
  return {
    accountId,
    region,
    routeTableId: t.RouteTableId,
    vpcId: t.VpcId,
    main: assoc.some((a) => a.Main === true),
    associatedSubnetIds: defined(assoc.map((a) => a.SubnetId)),
    routes,
    tags: tagsOf(t.Tags),
  };
}

export function toVpc(v: SdkVpc, accountId: string, region: string): Vpc | undefined {
  if (!v.VpcId) return undefined;
  const v4 = defined((v.CidrBlockAssociationSet ?? []).filter((x) => isAssociated(x.CidrBlockState?.State)).map((x) => x.CidrBlock));
  return {
    accountId,
    region,
    vpcId: v.VpcId,
    cidrBlocks: v4.length ? v4 : defined([v.CidrBlock]),
    ipv6CidrBlocks: defined((v.Ipv6CidrBlockAssociationSet ?? []).filter((x) => isAssociated(x.Ipv6CidrBlockState?.State)).map((x) => x.Ipv6CidrBlock)),
    isDefault: v.IsDefault === true,
    tags: tagsOf(v.Tags),
  };
}

function side(info: VpcPeeringConnectionVpcInfo | undefined, accountId: string, region: string): PeeringConnection['requester'] | undefined {
  if (!info?.VpcId) return undefined;
  const v4 = defined((info.CidrBlockSet ?? []).map((c) => c.CidrBlock));
  return {
    accountId: info.OwnerId && /^\d{12}$/.test(info.OwnerId) ? info.OwnerId : accountId,
    region: info.Region ?? region,
    vpcId: info.VpcId,
    cidrBlocks: v4.length ? v4 : defined([info.CidrBlock]),
    ipv6CidrBlocks: defined((info.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock)),
  };
}

export function toPeering(p: SdkPeering, accountId: string, region: string): PeeringConnection | undefined {
  const requester = side(p.RequesterVpcInfo, accountId, region);
  const accepter = side(p.AccepterVpcInfo, accountId, region);
  if (!p.VpcPeeringConnectionId || !requester || !accepter) return undefined;
  return { accountId, region, peeringConnectionId: p.VpcPeeringConnectionId, status: p.Status?.Code ?? 'unknown', requester, accepter, tags: tagsOf(p.Tags) };
}

export function toFlowLog(f: SdkFlowLog, accountId: string, region: string): FlowLog | undefined {
  if (!f.FlowLogId || !f.ResourceId) return undefined;
  const traffic = f.TrafficType === 'ACCEPT' || f.TrafficType === 'REJECT' ? f.TrafficType : 'ALL';
  return {
    accountId,
    region,
    flowLogId: f.FlowLogId,
    resourceId: f.ResourceId,
    trafficType: traffic,
    status: f.FlowLogStatus ?? 'ACTIVE',
    deliverLogsStatus: f.DeliverLogsStatus,
    destinationType: f.LogDestinationType,
  };
}

export const networkCollector: Collector = {
  name: 'network',
  service: 'ec2',
  phase: 1,
  permissions: [
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeSubnets',
    'ec2:DescribeRouteTables',
    'ec2:DescribeVpcs',
    'ec2:DescribeVpcPeeringConnections',
    'ec2:DescribeFlowLogs',
  ],
  async collect(ctx: CollectContext) {
    const client = ctx.clients.ec2;
    const { accountId, region } = ctx.target;
    const out = ctx.out;
    await Promise.all([
      eachPage(ctx, 'ec2', 'DescribeNetworkAcls', paginateDescribeNetworkAcls({ client, pageSize: PAGE_SIZE.DescribeNetworkAcls }, {}), (p) =>
        out.networkAcls.push(...defined((p.NetworkAcls ?? []).map((x) => toNetworkAcl(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeSubnets', paginateDescribeSubnets({ client, pageSize: PAGE_SIZE.DescribeSubnets }, {}), (p) =>
        out.subnets.push(...defined((p.Subnets ?? []).map((x) => toSubnet(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeRouteTables', paginateDescribeRouteTables({ client, pageSize: PAGE_SIZE.DescribeRouteTables }, {}), (p) =>
        out.routeTables.push(...defined((p.RouteTables ?? []).map((x) => toRouteTable(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeVpcs', paginateDescribeVpcs({ client, pageSize: PAGE_SIZE.DescribeVpcs }, {}), (p) =>
        out.vpcs.push(...defined((p.Vpcs ?? []).map((x) => toVpc(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeVpcPeeringConnections', paginateDescribeVpcPeeringConnections({ client, pageSize: PAGE_SIZE.DescribeVpcPeeringConnections }, {}), (p) =>
        out.peeringConnections.push(...defined((p.VpcPeeringConnections ?? []).map((x) => toPeering(x, accountId, region)))),
      ),
      eachPage(ctx, 'ec2', 'DescribeFlowLogs', paginateDescribeFlowLogs({ client, pageSize: PAGE_SIZE.DescribeFlowLogs }, {}), (p) =>
        out.flowLogs.push(...defined((p.FlowLogs ?? []).map((x) => toFlowLog(x, accountId, region)))),
      ),
    ]);
  },
};
