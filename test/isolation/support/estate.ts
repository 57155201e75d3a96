/**
 * Small estates for isolation tests: one VPC (10.0.0.0/16, 2600:1f18:1::/56) with subnets
 * 10.0.1.0/24 (subnet-1) and 10.0.2.0/24 (subnet-2), an allow-all default NACL, a main route table
 * with the local routes and 0.0.0.0/0 → igw-1. Tests override what they are about.
 */
import * as b from '../../../lib/model/builders';
import type { NaclEntry, SgRule, Snapshot, SnapshotInput } from '../../../lib/model/types';
import { InventoryIndex } from '../../../lib/engine/inventory-index';
import { IsolationAnalysis } from '../../../lib/isolation/analysis';

export const A = b.DEFAULT_ACCOUNT;
export const R = b.DEFAULT_REGION;

export const allEgress = (): SgRule => b.sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } });
export const allEgress6 = (): SgRule => b.sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr6', cidr: '::/0' } });
export const tcpFrom = (port: number | [number, number], cidr: string): SgRule => {
  const [from, to] = Array.isArray(port) ? port : [port, port];
  return b.sgRule({ protocol: 'tcp', fromPort: from, toPort: to, peer: { kind: cidr.includes(':') ? 'cidr6' : 'cidr4', cidr } });
};
export const fromGroup = (protocol: string, from: number | null, to: number | null, groupId: string, userId?: string): SgRule =>
  b.sgRule({ protocol, fromPort: from, toPort: to, peer: { kind: 'sg', groupId, ...(userId ? { userId } : {}) } });

export const allowAll = (egress: boolean, cidr = '0.0.0.0/0', ruleNumber = 100): NaclEntry => b.naclEntry({ ruleNumber, egress, protocol: '-1', ruleAction: 'allow', cidr });

export function openNacl(o: { id?: string; vpcId?: string; subnets?: string[]; isDefault?: boolean; accountId?: string } = {}) {
  return b.networkAcl({
    networkAclId: o.id ?? 'acl-default',
    vpcId: o.vpcId ?? 'vpc-1',
    isDefault: o.isDefault ?? true,
    associatedSubnetIds: o.subnets ?? ['subnet-1', 'subnet-2'],
    ...(o.accountId ? { accountId: o.accountId } : {}),
    entries: [allowAll(false), allowAll(true), allowAll(false, '::/0', 101), allowAll(true, '::/0', 101)],
  });
}

export const localRoutes = (v4 = '10.0.0.0/16', v6 = '2600:1f18:1::/56') => [
  { destination: v4, target: { kind: 'local' as const, id: 'local' } },
  { destination: v6, target: { kind: 'local' as const, id: 'local' } },
];

export function vm(id: string, o: { zone?: string; subnet?: string; ip?: string; sgs?: string[]; publicIp?: string; ipv6?: string[]; vpc?: string; accountId?: string; name?: string; tags?: Record<string, string> } = {}) {
  return b.instance({
    instanceId: id,
    subnetId: o.subnet ?? 'subnet-1',
    vpcId: o.vpc ?? 'vpc-1',
    ...(o.accountId ? { accountId: o.accountId } : {}),
    ...(o.ip !== undefined ? { privateIpAddress: o.ip } : {}),
    ...(o.publicIp ? { publicIpAddress: o.publicIp } : {}),
    ipv6Addresses: o.ipv6 ?? [],
    securityGroupIds: o.sgs ?? [],
    tags: { ...(o.zone !== undefined ? { Environment: o.zone } : {}), ...(o.name ? { Name: o.name } : {}), ...(o.tags ?? {}) },
  });
}

/** The base estate with `o`'s arrays replacing (not merging with) the defaults they name. */
export function estate(o: Partial<SnapshotInput> = {}): Snapshot {
  return b.snapshot({
    vpcs: [b.vpc({ ipv6CidrBlocks: ['2600:1f18:1::/56'] })],
    subnets: [b.subnet(), b.subnet({ subnetId: 'subnet-2', cidrBlock: '10.0.2.0/24' })],
    routeTables: [b.routeTable({ routeTableId: 'rtb-main', routes: [...localRoutes(), { destination: '0.0.0.0/0', target: { kind: 'igw', id: 'igw-1' } }, { destination: '::/0', target: { kind: 'igw', id: 'igw-1' } }] })],
    networkAcls: [openNacl()],
    ...o,
  });
}

export function analyse(snap: Snapshot, zoneTag = 'Environment'): IsolationAnalysis {
  return new IsolationAnalysis(new InventoryIndex(snap), { zoneTag });
}

/** The sure reachability from zone `from` to zone `to`, as "tcp/22, udp/53"; "nothing" when none. */
export function zoneReach(a: IsolationAnalysis, from: string, to: string, mode: 'sure' | 'possible' = 'sure'): string {
  const cells = a.cells().filter((c) => c.sourceZone === from && c.destinationZone === to);
  let s = cells[0]?.reach[mode];
  for (const c of cells.slice(1)) s = s!.union(c.reach[mode]);
  return s ? s.describe() : 'nothing';
}

export { b };
