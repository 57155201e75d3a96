/**
 * The demo network: VPCs with public and private subnets, route tables (internet gateway, NAT,
 * peering), NACLs, peering connections, flow logs and prefix lists.
 *
 * What it is built to show:
 * - prod, nonprod (staging + dev) and shared-services VPCs peered as a hub, plus a legacy
 *   prod↔nonprod peering: the path by which dev and staging reach the prod database;
 * - a NACL that denies SSH before a later allow (compliant), one whose deny comes after the allow
 *   (non-compliant), default NACLs open to the world, and one NACL attached to nothing;
 * - public subnets with and without auto-assigned public IPs; VPCs with and without flow logs.
 */
import * as b from '../model/builders';
import type { FlowLog, NaclEntry, NetworkAcl, PeeringConnection, PrefixList, RouteTable, Subnet, Vpc } from '../model/types';
import { awsId } from './ids';
import { EU, TOOLS, US, WORKLOADS } from './constants';

export interface SubnetInfo {
  key: string;
  accountId: string;
  region: string;
  subnetId: string;
  vpcId: string;
  cidr: string;
  az: string;
  public: boolean;
  mapPublicIpOnLaunch: boolean;
}

interface SubnetSpec {
  key: string;
  cidr: string;
  az: string;
  public?: boolean;
  mapPublicIpOnLaunch?: boolean;
}

interface VpcSpec {
  key: string;
  accountId: string;
  region: string;
  cidr: string;
  name: string;
  env?: string;
  isDefault?: boolean;
  subnets: SubnetSpec[];
  flowLog?: 'ALL' | 'REJECT';
}

const VPCS: VpcSpec[] = [
  {
    key: 'prod', accountId: WORKLOADS, region: US, cidr: '10.10.0.0/16', name: 'prod', env: 'prod', flowLog: 'ALL',
    subnets: [
      { key: 'prod-public-a', cidr: '10.10.0.0/24', az: 'us-east-1a', public: true },
      { key: 'prod-public-b', cidr: '10.10.1.0/24', az: 'us-east-1b', public: true },
      { key: 'prod-app-a', cidr: '10.10.10.0/24', az: 'us-east-1a' },
      { key: 'prod-app-b', cidr: '10.10.11.0/24', az: 'us-east-1b' },
      { key: 'prod-db-a', cidr: '10.10.20.0/24', az: 'us-east-1a' },
      { key: 'prod-db-b', cidr: '10.10.21.0/24', az: 'us-east-1b' },
    ],
  },
  {
    key: 'nonprod', accountId: WORKLOADS, region: US, cidr: '10.20.0.0/16', name: 'nonprod',
    subnets: [
      { key: 'staging-app-a', cidr: '10.20.0.0/24', az: 'us-east-1a' },
      { key: 'staging-app-b', cidr: '10.20.1.0/24', az: 'us-east-1b' },
      { key: 'staging-public-a', cidr: '10.20.2.0/24', az: 'us-east-1a', public: true },
      { key: 'dev-a', cidr: '10.20.10.0/24', az: 'us-east-1a' },
      { key: 'dev-b', cidr: '10.20.11.0/24', az: 'us-east-1b' },
      { key: 'dev-public-a', cidr: '10.20.12.0/24', az: 'us-east-1a', public: true, mapPublicIpOnLaunch: true },
    ],
  },
  {
    key: 'shared', accountId: WORKLOADS, region: US, cidr: '10.0.0.0/16', name: 'shared-services', env: 'shared', flowLog: 'REJECT',
    subnets: [
      { key: 'shared-public-a', cidr: '10.0.0.0/24', az: 'us-east-1a', public: true },
      { key: 'shared-svc-a', cidr: '10.0.1.0/24', az: 'us-east-1a' },
      { key: 'shared-svc-b', cidr: '10.0.2.0/24', az: 'us-east-1b' },
    ],
  },
  {
    key: 'default-us', accountId: WORKLOADS, region: US, cidr: '172.31.0.0/16', name: 'default', isDefault: true,
    subnets: [
      { key: 'default-us-a', cidr: '172.31.0.0/20', az: 'us-east-1a', public: true, mapPublicIpOnLaunch: true },
      { key: 'default-us-b', cidr: '172.31.16.0/20', az: 'us-east-1b', public: true, mapPublicIpOnLaunch: true },
    ],
  },
  {
    key: 'eu-prod', accountId: WORKLOADS, region: EU, cidr: '10.50.0.0/16', name: 'eu-prod', env: 'prod', flowLog: 'ALL',
    subnets: [
      { key: 'eu-public-a', cidr: '10.50.0.0/24', az: 'eu-west-1a', public: true },
      { key: 'eu-app-a', cidr: '10.50.10.0/24', az: 'eu-west-1a' },
      { key: 'eu-app-b', cidr: '10.50.11.0/24', az: 'eu-west-1b' },
    ],
  },
  {
    key: 'eu-dev', accountId: WORKLOADS, region: EU, cidr: '10.60.0.0/16', name: 'eu-dev', env: 'dev',
    subnets: [{ key: 'eu-dev-a', cidr: '10.60.10.0/24', az: 'eu-west-1a', public: true, mapPublicIpOnLaunch: true }],
  },
  {
    key: 'tools', accountId: TOOLS, region: US, cidr: '10.100.0.0/16', name: 'tools', env: 'shared',
    subnets: [
      { key: 'tools-public-a', cidr: '10.100.0.0/24', az: 'us-east-1a', public: true },
      { key: 'ci-a', cidr: '10.100.10.0/24', az: 'us-east-1a' },
      { key: 'ci-b', cidr: '10.100.11.0/24', az: 'us-east-1b' },
    ],
  },
];

export const vpcId = (key: string) => awsId('vpc', key);
export const subnetId = (key: string) => awsId('subnet', key);
export const igwId = (key: string) => awsId('igw', key);
export const natId = (key: string) => awsId('nat', key);
export const pcxId = (key: string) => awsId('pcx', key);
export const naclId = (key: string) => awsId('acl', key);
export const rtbId = (key: string) => awsId('rtb', key);

export const SUBNETS: ReadonlyMap<string, SubnetInfo> = new Map(
  VPCS.flatMap((v) =>
    v.subnets.map((s): [string, SubnetInfo] => [
      s.key,
      { key: s.key, accountId: v.accountId, region: v.region, subnetId: subnetId(s.key), vpcId: vpcId(v.key), cidr: s.cidr, az: s.az, public: s.public ?? false, mapPublicIpOnLaunch: s.mapPublicIpOnLaunch ?? false },
    ]),
  ),
);

export function subnetInfo(key: string): SubnetInfo {
  const s = SUBNETS.get(key);
  if (!s) throw new Error(`demo estate: unknown subnet ${key}`);
  return s;
}

/** The n-th host address of a subnet (AWS reserves the first four). */
export function hostIp(subnetKey: string, n: number): string {
  const [a, bb, c] = subnetInfo(subnetKey).cidr.split('/')[0].split('.');
  return `${a}.${bb}.${c}.${10 + n}`;
}

const vpcSpec = (key: string) => VPCS.find((v) => v.key === key)!;
const loc = (key: string) => ({ accountId: vpcSpec(key).accountId, region: vpcSpec(key).region });
const subnetIdsOf = (...keys: string[]) => keys.map(subnetId);

export const PREFIX_LIST_CORP_VPN = awsId('pl', 'corp-vpn');
export const PREFIX_LIST_CLOUDFRONT = 'pl-3b927c52';
/** Named VPC CIDRs, for security-group rules and the demo policy's flows. */
export const CIDR = { prod: '10.10.0.0/16', nonprod: '10.20.0.0/16', shared: '10.0.0.0/16', corp: '203.0.113.0/24', contractor: '198.51.100.7/32' } as const;

function vpcs(): Vpc[] {
  return VPCS.map((v) =>
    b.vpc({ ...loc(v.key), vpcId: vpcId(v.key), cidrBlocks: [v.cidr], isDefault: v.isDefault ?? false, tags: v.isDefault ? {} : { Name: `${v.name}-vpc`, ...(v.env ? { Environment: v.env } : {}) } }),
  );
}

function subnets(): Subnet[] {
  return VPCS.flatMap((v) =>
    v.subnets.map((s) =>
      b.subnet({
        ...loc(v.key),
        subnetId: subnetId(s.key),
        vpcId: vpcId(v.key),
        cidrBlock: s.cidr,
        availabilityZone: s.az,
        mapPublicIpOnLaunch: s.mapPublicIpOnLaunch ?? false,
        defaultForAz: v.isDefault ?? false,
        tags: v.isDefault ? {} : { Name: s.key, Tier: s.public ? 'public' : 'private' },
      }),
    ),
  );
}

type RouteIn = { destination: string; target: { kind: 'local' | 'igw' | 'nat' | 'peering'; id: string }; state?: 'active' | 'blackhole' };
const local = (cidr: string): RouteIn => ({ destination: cidr, target: { kind: 'local', id: 'local' } });
const toIgw = (vpc: string): RouteIn => ({ destination: '0.0.0.0/0', target: { kind: 'igw', id: igwId(vpc) } });
const toNat = (vpc: string): RouteIn => ({ destination: '0.0.0.0/0', target: { kind: 'nat', id: natId(vpc) } });
const toPcx = (cidr: string, pcx: string): RouteIn => ({ destination: cidr, target: { kind: 'peering', id: pcxId(pcx) } });

function rt(vpc: string, name: string, main: boolean, subnetKeys: string[], routes: RouteIn[]): RouteTable {
  return b.routeTable({ ...loc(vpc), routeTableId: rtbId(name), vpcId: vpcId(vpc), main, associatedSubnetIds: subnetIdsOf(...subnetKeys), routes, tags: { Name: name } });
}

function routeTables(): RouteTable[] {
  return [
    rt('prod', 'prod-public', false, ['prod-public-a', 'prod-public-b'], [local(CIDR.prod), toIgw('prod'), toPcx(CIDR.shared, 'prod-shared')]),
    rt('prod', 'prod-private', true, ['prod-app-a', 'prod-app-b', 'prod-db-a', 'prod-db-b'], [
      local(CIDR.prod),
      toNat('prod'),
      toPcx(CIDR.shared, 'prod-shared'),
      // The legacy migration peering: the route that lets nonprod reach prod at all.
      toPcx(CIDR.nonprod, 'prod-nonprod'),
    ]),
    rt('nonprod', 'nonprod-public', false, ['staging-public-a', 'dev-public-a'], [local(CIDR.nonprod), toIgw('nonprod'), toPcx(CIDR.shared, 'nonprod-shared')]),
    rt('nonprod', 'nonprod-private', true, ['staging-app-a', 'staging-app-b', 'dev-a', 'dev-b'], [
      local(CIDR.nonprod),
      toNat('nonprod'),
      toPcx(CIDR.shared, 'nonprod-shared'),
      toPcx(CIDR.prod, 'prod-nonprod'),
    ]),
    rt('shared', 'shared-public', false, ['shared-public-a'], [local(CIDR.shared), toIgw('shared'), toPcx(CIDR.prod, 'prod-shared'), toPcx(CIDR.nonprod, 'nonprod-shared')]),
    rt('shared', 'shared-private', true, ['shared-svc-a', 'shared-svc-b'], [
      local(CIDR.shared),
      toNat('shared'),
      toPcx(CIDR.prod, 'prod-shared'),
      toPcx(CIDR.nonprod, 'nonprod-shared'),
      toPcx('10.100.0.0/16', 'shared-tools'),
    ]),
    rt('default-us', 'default-main', true, [], [local('172.31.0.0/16'), toIgw('default-us')]),
    rt('eu-prod', 'eu-public', false, ['eu-public-a'], [local('10.50.0.0/16'), toIgw('eu-prod')]),
    // A NAT gateway that was deleted leaves a blackhole route behind.
    rt('eu-prod', 'eu-private', true, ['eu-app-a', 'eu-app-b'], [local('10.50.0.0/16'), { ...toNat('eu-prod'), state: 'blackhole' }]),
    rt('eu-dev', 'eu-dev-main', true, [], [local('10.60.0.0/16'), toIgw('eu-dev')]),
    rt('tools', 'tools-public', false, ['tools-public-a'], [local('10.100.0.0/16'), toIgw('tools')]),
    rt('tools', 'tools-private', true, ['ci-a', 'ci-b'], [local('10.100.0.0/16'), toNat('tools'), toPcx(CIDR.shared, 'shared-tools')]),
  ];
}

type EntryIn = Parameters<typeof b.naclEntry>[0];
const allowAll = (egress: boolean, n = 100, cidr = '0.0.0.0/0'): EntryIn => ({ ruleNumber: n, egress, protocol: '-1', ruleAction: 'allow', cidr });
const denyAllTail = (egress: boolean, cidr = '0.0.0.0/0'): EntryIn => ({ ruleNumber: 32767, egress, protocol: '-1', ruleAction: 'deny', cidr });
const tcp = (n: number, action: 'allow' | 'deny', cidr: string, from: number, to = from, egress = false): EntryIn => ({ ruleNumber: n, egress, protocol: 'tcp', ruleAction: action, cidr, fromPort: from, toPort: to });

/** AWS's default NACL: allow everything both ways, IPv4 and IPv6, then the implicit deny. */
const defaultEntries = (): NaclEntry[] =>
  [allowAll(false), allowAll(true), allowAll(false, 101, '::/0'), allowAll(true, 101, '::/0'), denyAllTail(false), denyAllTail(true), denyAllTail(false, '::/0'), denyAllTail(true, '::/0')].map((e) => b.naclEntry(e));

function acl(vpc: string, name: string, isDefault: boolean, subnetKeys: string[], entries: NaclEntry[]): NetworkAcl {
  return b.networkAcl({ ...loc(vpc), networkAclId: naclId(name), vpcId: vpcId(vpc), isDefault, associatedSubnetIds: subnetIdsOf(...subnetKeys), entries, tags: isDefault ? {} : { Name: name } });
}

function networkAcls(): NetworkAcl[] {
  const entries = (list: EntryIn[]) => [...list, denyAllTail(false), denyAllTail(true)].map((e) => b.naclEntry(e));
  return [
    acl('prod', 'prod-default', true, ['prod-public-a', 'prod-public-b'], defaultEntries()),
    // Compliant: SSH only from the shared-services VPC (bastions); the world's 22 and 3389 are denied
    // BEFORE the broad allow at 100. Rule 95 quarantines the dev-b subnet.
    acl('prod', 'prod-private', false, ['prod-app-a', 'prod-app-b', 'prod-db-a', 'prod-db-b'], entries([
      tcp(80, 'allow', CIDR.shared, 22),
      tcp(90, 'deny', '0.0.0.0/0', 22),
      tcp(91, 'deny', '0.0.0.0/0', 3389),
      // RDP also runs over UDP, and the allow-all at 100 would let that through.
      { ruleNumber: 92, egress: false, protocol: 'udp', ruleAction: 'deny', cidr: '0.0.0.0/0', fromPort: 3389, toPort: 3389 },
      { ruleNumber: 95, egress: false, protocol: '-1', ruleAction: 'deny', cidr: '10.20.11.0/24' },
      allowAll(false),
      allowAll(true),
    ])),
    // Left over from a decommissioned DMZ: attached to no subnet.
    acl('prod', 'prod-legacy-dmz', false, [], entries([tcp(100, 'allow', '0.0.0.0/0', 443), allowAll(true)])),
    acl('nonprod', 'nonprod-default', true, ['staging-app-a', 'staging-app-b', 'dev-a', 'dev-b'], defaultEntries()),
    // Only HTTPS and return traffic from the internet; SSH is dropped here even though the
    // staging-web security group opens it. Still non-compliant: the ephemeral range 1024-65535
    // includes RDP's 3389 (the usual NACL oversight; tools-restricted shows the fix).
    acl('nonprod', 'staging-public', false, ['staging-public-a'], entries([
      tcp(100, 'allow', '0.0.0.0/0', 443),
      tcp(110, 'allow', '0.0.0.0/0', 1024, 65535),
      tcp(120, 'allow', CIDR.nonprod, 0, 65535),
      allowAll(true),
    ])),
    // Non-compliant: the deny for 22 comes AFTER a broad allow, so it never applies.
    acl('nonprod', 'dev-public', false, ['dev-public-a'], entries([
      tcp(100, 'allow', '0.0.0.0/0', 0, 65535),
      tcp(110, 'deny', '0.0.0.0/0', 22),
      { ruleNumber: 120, egress: false, protocol: 'udp', ruleAction: 'allow', cidr: '0.0.0.0/0', fromPort: 51820, toPort: 51820 },
      allowAll(true),
    ])),
    acl('shared', 'shared-default', true, ['shared-public-a', 'shared-svc-a', 'shared-svc-b'], defaultEntries()),
    acl('default-us', 'default-us-default', true, ['default-us-a', 'default-us-b'], defaultEntries()),
    acl('eu-prod', 'eu-prod-default', true, ['eu-public-a', 'eu-app-a', 'eu-app-b'], defaultEntries()),
    acl('eu-dev', 'eu-dev-default', true, ['eu-dev-a'], defaultEntries()),
    acl('tools', 'tools-default', true, [], defaultEntries()),
    // Compliant: everything from the organisation's 10/8, HTTPS and ephemeral ports from the world,
    // with RDP denied before the ephemeral range can allow it.
    acl('tools', 'tools-restricted', false, ['tools-public-a', 'ci-a', 'ci-b'], entries([
      allowAll(false, 100, '10.0.0.0/8'),
      tcp(190, 'deny', '0.0.0.0/0', 3389),
      tcp(200, 'allow', '0.0.0.0/0', 443),
      tcp(210, 'allow', '0.0.0.0/0', 1024, 65535),
      allowAll(true),
    ])),
  ];
}

function peer(key: string, from: string, to: string, name: string): PeeringConnection {
  const side = (v: string) => ({ accountId: vpcSpec(v).accountId, region: vpcSpec(v).region, vpcId: vpcId(v), cidrBlocks: [vpcSpec(v).cidr] });
  return b.peeringConnection({ ...loc(from), peeringConnectionId: pcxId(key), status: 'active', requester: side(from), accepter: side(to), tags: { Name: name } });
}

function peeringConnections(): PeeringConnection[] {
  const cross = peer('shared-tools', 'shared', 'tools', 'shared-to-tools');
  return [
    peer('prod-shared', 'prod', 'shared', 'prod-to-shared'),
    peer('nonprod-shared', 'nonprod', 'shared', 'nonprod-to-shared'),
    peer('prod-nonprod', 'prod', 'nonprod', 'legacy-data-migration-2024'),
    // Cross-account peering: both accounts describe it.
    cross,
    { ...cross, accountId: TOOLS },
  ];
}

function flowLogs(): FlowLog[] {
  return VPCS.filter((v) => v.flowLog).map((v) =>
    b.flowLog({ ...loc(v.key), flowLogId: awsId('fl', v.key), resourceId: vpcId(v.key), trafficType: v.flowLog!, deliverLogsStatus: 'SUCCESS', destinationType: 'cloud-watch-logs' }),
  );
}

function prefixLists(): PrefixList[] {
  return [
    b.prefixList({ accountId: WORKLOADS, region: US, prefixListId: PREFIX_LIST_CORP_VPN, name: 'corp-vpn', addressFamily: 'IPv4', cidrs: [CIDR.corp, '192.0.2.0/24'] }),
    // AWS-managed; the real list holds ~50 ranges, a few are enough here.
    b.prefixList({ accountId: WORKLOADS, region: US, prefixListId: PREFIX_LIST_CLOUDFRONT, name: 'com.amazonaws.global.cloudfront.origin-facing', addressFamily: 'IPv4', cidrs: ['13.32.0.0/15', '52.84.0.0/15', '54.230.0.0/16', '99.84.0.0/16'] }),
  ];
}

export function demoNetwork() {
  return { vpcs: vpcs(), subnets: subnets(), routeTables: routeTables(), networkAcls: networkAcls(), peeringConnections: peeringConnections(), flowLogs: flowLogs(), prefixLists: prefixLists() };
}

/** Each VPC's key, for the security groups and instances that live in it. */
export const VPC_KEYS = VPCS.map((v) => ({ key: v.key, accountId: v.accountId, region: v.region, isDefault: v.isDefault ?? false }));
