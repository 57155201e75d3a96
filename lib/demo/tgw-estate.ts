/**
 * A hub-and-spoke estate around one transit gateway, the way most organisations connect VPCs:
 * VPC 0 is `shared`, the others alternate `prod` and `dev`. Segmentation is done in the TGW route
 * tables alone (every VPC route table sends 10.0.0.0/8 to the TGW):
 * - `tgw-rtb-prod` (associated with the prod attachments) holds the prod and shared VPCs' routes;
 * - `tgw-rtb-dev` (dev attachments) holds the dev and shared VPCs' routes, and a static blackhole
 *   for 10.250.0.0/16;
 * - `tgw-rtb-shared` (the shared attachment) holds every VPC's routes;
 * - every table sends 192.168.0.0/16 to a VPN attachment (on-premises).
 * So prod and dev cannot reach each other, both reach shared, and shared reaches both. Each VPC has
 * two subnets in two AZs; the TGW attachment has a subnet in the first AZ only when `oneAzAttachment`
 * is set (then the second subnets cannot use the TGW). Security groups admit tcp/443 from 10.0.0.0/8
 * and tcp/22 from the VPC itself; egress is open. Used by tests and the isolation benchmark.
 */
import type { Instance, NetworkAcl, NetworkInterface, RouteTable, SecurityGroup, Snapshot, Subnet, TransitGatewayAttachment, TransitGatewayRouteTable, Vpc } from '../model/types';
import { SNAPSHOT_SCHEMA_VERSION } from '../model/schema';

export interface TgwEstateOptions {
  vpcs: number;
  instances: number;
  oneAzAttachment?: boolean;
  accountId?: string;
  region?: string;
}

export const TGW_ID = 'tgw-0hub';

export function zoneOfVpc(i: number): 'shared' | 'prod' | 'dev' {
  return i === 0 ? 'shared' : i % 2 === 1 ? 'prod' : 'dev';
}

const hex = (n: number, width = 8) => n.toString(16).padStart(width, '0');

export function tgwHubEstate(o: TgwEstateOptions): Snapshot {
  if (o.vpcs < 2 || o.vpcs > 250) throw new RangeError('tgwHubEstate: 2 to 250 VPCs (one 10.x.0.0/16 each)');
  const accountId = o.accountId ?? '111111111111';
  const region = o.region ?? 'us-east-1';
  const loc = { accountId, region };
  const azs = [`${region}a`, `${region}b`];
  const vpcs: Vpc[] = [];
  const subnets: Subnet[] = [];
  const routeTables: RouteTable[] = [];
  const networkAcls: NetworkAcl[] = [];
  const securityGroups: SecurityGroup[] = [];
  const attachments: TransitGatewayAttachment[] = [];
  const instances: Instance[] = [];
  const networkInterfaces: NetworkInterface[] = [];
  const tables: Record<'prod' | 'dev' | 'shared', TransitGatewayRouteTable> = {
    prod: table('tgw-rtb-prod'),
    dev: table('tgw-rtb-dev'),
    shared: table('tgw-rtb-shared'),
  };
  function table(id: string): TransitGatewayRouteTable {
    return { ...loc, transitGatewayRouteTableId: id, transitGatewayId: TGW_ID, defaultAssociation: false, defaultPropagation: false, associations: [], propagations: [], routes: [], routesComplete: true, tags: {} };
  }
  for (let v = 0; v < o.vpcs; v++) {
    const vpcId = `vpc-${hex(v, 17)}`;
    const zone = zoneOfVpc(v);
    const cidr = `10.${v}.0.0/16`;
    vpcs.push({ ...loc, vpcId, cidrBlocks: [cidr], ipv6CidrBlocks: [], isDefault: false, tags: { Environment: zone } });
    const sn = [0, 1].map((k) => `subnet-${hex(v * 2 + k, 17)}`);
    sn.forEach((subnetId, k) => subnets.push({ ...loc, subnetId, vpcId, cidrBlock: `10.${v}.${k + 1}.0/24`, ipv6CidrBlocks: [], availabilityZone: azs[k], mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false, defaultForAz: false, tags: {} }));
    routeTables.push({
      ...loc,
      routeTableId: `rtb-${hex(v, 17)}`,
      vpcId,
      main: true,
      associatedSubnetIds: [],
      routes: [
        { destination: cidr, target: { kind: 'local', id: 'local' }, state: 'active' },
        { destination: '10.0.0.0/8', target: { kind: 'tgw', id: TGW_ID }, state: 'active' },
        { destination: '192.168.0.0/16', target: { kind: 'tgw', id: TGW_ID }, state: 'active' },
      ],
      tags: {},
    });
    const all = (egress: boolean) => ({ ruleNumber: 100, egress, protocol: '-1', ruleAction: 'allow' as const, cidr: '0.0.0.0/0', fromPort: null, toPort: null, icmpType: null, icmpCode: null });
    networkAcls.push({ ...loc, networkAclId: `acl-${hex(v, 17)}`, vpcId, isDefault: true, entries: [all(false), all(true)], associatedSubnetIds: sn, tags: {} });
    const groupId = `sg-${hex(v, 17)}`;
    securityGroups.push({
      ...loc,
      groupId,
      groupName: `${zone}-app-${v}`,
      vpcId,
      ownerId: accountId,
      tags: {},
      ingress: [
        { protocol: 'tcp', fromPort: 443, toPort: 443, peer: { kind: 'cidr4', cidr: '10.0.0.0/8' } },
        { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr } },
      ],
      egress: [{ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } }],
    });
    const attachmentId = `tgw-attach-${hex(v, 17)}`;
    attachments.push({
      ...loc,
      transitGatewayAttachmentId: attachmentId,
      transitGatewayId: TGW_ID,
      transitGatewayOwnerId: accountId,
      resourceType: 'vpc',
      resourceId: vpcId,
      resourceOwnerId: accountId,
      state: 'available',
      associatedRouteTableId: tables[zone].transitGatewayRouteTableId,
      subnetIds: o.oneAzAttachment ? [sn[0]] : sn,
      applianceMode: false,
      tags: {},
    });
    tables[zone].associations.push(attachmentId);
    // Propagation: prod into prod + shared; dev into dev + shared; shared into all three.
    const into = zone === 'shared' ? (['prod', 'dev', 'shared'] as const) : ([zone, 'shared'] as const);
    for (const t of into) tables[t].propagations.push(attachmentId);
  }
  const vpn: TransitGatewayAttachment = { ...loc, transitGatewayAttachmentId: 'tgw-attach-0vpn', transitGatewayId: TGW_ID, transitGatewayOwnerId: accountId, resourceType: 'vpn', resourceId: 'vpn-0onprem', resourceOwnerId: accountId, state: 'available', associatedRouteTableId: 'tgw-rtb-shared', subnetIds: [], applianceMode: false, tags: {} };
  attachments.push(vpn);
  tables.shared.associations.push(vpn.transitGatewayAttachmentId);
  for (const t of Object.values(tables)) t.routes.push({ destination: '192.168.0.0/16', type: 'static', state: 'active', attachmentIds: [vpn.transitGatewayAttachmentId] });
  tables.dev.routes.push({ destination: '10.250.0.0/16', type: 'static', state: 'blackhole', attachmentIds: [] });

  for (let n = 0; n < o.instances; n++) {
    const v = n % o.vpcs;
    const k = Math.floor(n / o.vpcs);
    const sub = k % 2;
    // Host numbers 4..250 in the third octet's /24; wrap into more /24s is not needed below 247 × 2 per VPC…
    const host = 4 + (Math.floor(k / 2) % 246);
    const third = sub + 1 + 2 * Math.floor(Math.floor(k / 2) / 246);
    const ip = `10.${v}.${third % 256}.${host}`;
    const instanceId = `i-${hex(n, 17)}`;
    const eniId = `eni-${hex(n, 17)}`;
    const subnetId = subnets[v * 2 + sub].subnetId;
    instances.push({
      ...loc,
      instanceId,
      state: 'running',
      instanceType: 't3.micro',
      privateIpAddress: ip,
      ipv6Addresses: [],
      networkInterfaceIds: [eniId],
      securityGroupIds: [securityGroups[v].groupId],
      subnetId,
      vpcId: vpcs[v].vpcId,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' },
      tags: { Environment: zoneOfVpc(v), Name: `${zoneOfVpc(v)}-${n}` },
    });
    networkInterfaces.push({ ...loc, networkInterfaceId: eniId, instanceId, subnetId, vpcId: vpcs[v].vpcId, privateIpAddresses: [ip], ipv6Addresses: [], securityGroupIds: [securityGroups[v].groupId], interfaceType: 'interface', status: 'in-use' });
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: '2026-11-26T12:00:00.000Z',
    source: { kind: 'synthetic', description: `TGW hub-and-spoke: ${o.vpcs} VPCs, ${o.instances} instances` },
    targets: [{ ...loc }],
    instances,
    networkInterfaces,
    securityGroups,
    prefixLists: [],
    networkAcls,
    subnets,
    routeTables,
    vpcs,
    peeringConnections: [],
    transitGateways: [{ ...loc, transitGatewayId: TGW_ID, ownerId: accountId, state: 'available', tags: { Name: 'hub' } }],
    transitGatewayAttachments: attachments,
    transitGatewayRouteTables: Object.values(tables),
    flowLogs: [],
    volumes: [],
    snapshots: [],
    images: [],
    ebsEncryptionByDefault: [],
    launchTemplateVersions: [],
    regionSettings: [],
    trails: [],
    trailBuckets: [],
    events: [],
    eventWindows: [],
    coverageGaps: [],
    inventoryReads: [],
  };
}
