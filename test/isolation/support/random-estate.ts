/**
 * fast-check arbitraries for small random estates (≤ 8 instances, a few groups, subnets and rules),
 * drawn from small pools of CIDRs and ports so that rules overlap, shadow and reference each other
 * often. Used to compare the class-based analysis with the brute-force oracle.
 */
import fc from 'fast-check';
import * as b from '../../../lib/model/builders';
import type { NaclEntry, SgRule, Snapshot } from '../../../lib/model/types';
import type { Probe } from './oracle';

const A2 = '222222222222';

export const CIDR4 = ['0.0.0.0/0', '10.0.0.0/16', '10.0.1.0/24', '10.0.1.10/32', '10.0.2.0/24', '10.1.0.0/16', '10.0.0.0/8', '203.0.113.0/24', '8.8.8.0/24'];
export const CIDR6 = ['::/0', '2600:1f18:1::/56', '2600:1f18:1:1::/64', '2001:db8:1::/48'];
/** Internet clients, one in every piece the public CIDRs above cut the internet into. */
export const CLIENTS4 = ['203.0.113.5', '8.8.8.8', '1.1.1.1'];
export const CLIENTS6 = ['2001:db8:1::5', '2a00::1'];

const PORT_RANGES: [number | null, number | null][] = [[22, 22], [80, 80], [443, 443], [1000, 2000], [1500, 3000], [0, 65535], [null, null], [1024, 65535], [0, 1023], [32768, 60999]];
const PROTOCOLS = ['-1', 'tcp', 'udp', 'icmp', 'icmpv6', '6', '17', '47'];

const portRange = fc.constantFrom(...PORT_RANGES);
const protocol = fc.constantFrom(...PROTOCOLS);

function sgRuleArb(groupIds: string[]): fc.Arbitrary<SgRule> {
  const peer = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...CIDR4).map((cidr) => ({ kind: 'cidr4' as const, cidr })) },
    { weight: 1, arbitrary: fc.constantFrom(...CIDR6).map((cidr) => ({ kind: 'cidr6' as const, cidr })) },
    { weight: 2, arbitrary: fc.constantFrom(...groupIds).map((groupId) => ({ kind: 'sg' as const, groupId })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'prefixList' as const, prefixListId: 'pl-1' }) },
  );
  return fc.record({ protocol, range: portRange, icmpType: fc.constantFrom(-1, 0, 8), peer }).map(({ protocol: p, range, icmpType, peer: pe }) => {
    const icmp = p === 'icmp' || p === 'icmpv6';
    return b.sgRule({ protocol: p, fromPort: icmp ? icmpType : p === '-1' || p === '47' ? null : range[0], toPort: icmp ? -1 : p === '-1' || p === '47' ? null : range[1], peer: pe });
  });
}

const naclEntryArb: fc.Arbitrary<NaclEntry> = fc
  .record({
    ruleNumber: fc.constantFrom(50, 90, 100, 110, 200),
    egress: fc.boolean(),
    protocol,
    action: fc.constantFrom('allow', 'allow', 'deny'),
    cidr: fc.constantFrom(...CIDR4, ...CIDR6),
    // Ranges that split the ephemeral ports come up often: the stateless reply path is where NACLs surprise.
    range: fc.oneof(portRange, fc.constantFrom<[number, number]>([0, 1023], [1024, 65535], [32768, 60999])),
    icmpType: fc.constantFrom(-1, 0, 8),
  })
  .map((e) => b.naclEntry({ ruleNumber: e.ruleNumber, egress: e.egress, protocol: e.protocol, ruleAction: e.action as 'allow' | 'deny', cidr: e.cidr, fromPort: e.range[0], toPort: e.range[1], icmpType: e.protocol === 'icmp' || e.protocol === 'icmpv6' ? e.icmpType : null }));

/** A NACL: random entries, then (usually) catch-all allows, so that not every path is closed. */
const mostly = fc.integer({ min: 0, max: 9 }).map((n) => n < 7);
const naclEntriesArb = fc.tuple(fc.array(naclEntryArb, { minLength: 1, maxLength: 5 }), mostly, mostly).map(([entries, openIn, openOut]) => {
  const seen = new Set<string>();
  const out = entries.filter((e) => {
    const k = `${e.egress}|${e.ruleNumber}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  for (const [open, egress] of [[openIn, false], [openOut, true]] as const) {
    if (!open) continue;
    out.push(b.naclEntry({ ruleNumber: 1000, egress, protocol: '-1', ruleAction: 'allow', cidr: '0.0.0.0/0' }));
    out.push(b.naclEntry({ ruleNumber: 1001, egress, protocol: '-1', ruleAction: 'allow', cidr: '::/0' }));
  }
  return out;
});

const ZONES = ['prod', 'dev', 'shared', undefined];

const DEFAULT_EGRESS = [
  b.sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } }),
  b.sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr6', cidr: '::/0' } }),
];

export interface RandomEstate {
  snap: Snapshot;
  /** Ports worth probing: every rule boundary, its neighbours, and a few usual ports. */
  probes: Probe[];
}

export const estateArb: fc.Arbitrary<RandomEstate> = fc
  .record({
    twoVpcs: fc.boolean(),
    crossAccount: fc.boolean(),
    overlapping: fc.boolean(),
    peering: fc.constantFrom('none', 'active', 'pending'),
    routeThere: fc.boolean(),
    routeBack: fc.boolean(),
    defaultRoute: fc.constantFrom('igw', 'nat', 'none'),
    v6Route: fc.constantFrom('igw', 'eigw', 'none'),
    explicitTable: fc.boolean(),
    explicitRoute: fc.constantFrom('igw', 'none', 'blackhole'),
    nacls: fc.array(naclEntriesArb, { minLength: 3, maxLength: 3 }),
    sgCount: fc.integer({ min: 1, max: 4 }),
    uniqueZones: fc.boolean(),
    seedRules: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 0, maxLength: 10 }),
    instances: fc.array(
      fc.record({
        vpc: fc.constantFrom(1, 2),
        subnet: fc.constantFrom(1, 2),
        host: fc.constantFrom(10, 11, 20, 5),
        zone: fc.constantFrom(...ZONES),
        sgs: fc.uniqueArray(fc.nat({ max: 3 }), { minLength: 1, maxLength: 2 }),
        publicIp: fc.boolean(),
        v4: fc.boolean(),
        v6: fc.boolean(),
        viaEni: fc.boolean(),
      }),
      { minLength: 2, maxLength: 8 },
    ),
  })
  .chain((cfg) => {
    const groupIds = Array.from({ length: cfg.sgCount }, (_, i) => `sg-${i}`);
    // Egress is either AWS's default (all to 0.0.0.0/0 and ::/0) or a random, often narrow, list.
    const egress = fc.oneof(fc.constant(DEFAULT_EGRESS), fc.array(sgRuleArb(groupIds), { minLength: 1, maxLength: 2 }));
    return fc.tuple(fc.constant(cfg), fc.array(fc.tuple(fc.array(sgRuleArb(groupIds), { minLength: 1, maxLength: 3 }), egress), { minLength: cfg.sgCount, maxLength: cfg.sgCount }));
  })
  .map(([cfg, rules]) => build(cfg, rules));

interface Cfg {
  twoVpcs: boolean; crossAccount: boolean; overlapping: boolean; peering: string; routeThere: boolean; routeBack: boolean; defaultRoute: string; v6Route: string;
  explicitTable: boolean; explicitRoute: string; nacls: NaclEntry[][]; sgCount: number; uniqueZones: boolean;
  instances: { vpc: number; subnet: number; host: number; zone: string | undefined; sgs: number[]; publicIp: boolean; v4: boolean; v6: boolean; viaEni: boolean }[];
}

function build(cfg: Cfg, rules: [SgRule[], SgRule[]][]): RandomEstate {
  const A = b.DEFAULT_ACCOUNT;
  const acct2 = cfg.twoVpcs && cfg.crossAccount ? A2 : A;
  const v2cidr = cfg.overlapping ? '10.0.0.0/16' : '10.1.0.0/16';
  const vpcs = [b.vpc({ ipv6CidrBlocks: ['2600:1f18:1::/56'] })];
  const subnets = [b.subnet({ subnetId: 'subnet-1', cidrBlock: '10.0.1.0/24' }), b.subnet({ subnetId: 'subnet-2', cidrBlock: '10.0.2.0/24' })];
  const routeTables = [];
  const defaultRoutes = [
    ...(cfg.defaultRoute === 'none' ? [] : [{ destination: '0.0.0.0/0', target: { kind: cfg.defaultRoute as 'igw' | 'nat', id: `${cfg.defaultRoute}-1` } }]),
    ...(cfg.v6Route === 'none' ? [] : [{ destination: '::/0', target: { kind: cfg.v6Route as 'igw' | 'eigw', id: `${cfg.v6Route}-1` } }]),
  ];
  const peerRoute = (cidr: string) => (cfg.twoVpcs && cfg.peering !== 'none' ? [{ destination: cidr, target: { kind: 'peering' as const, id: 'pcx-1' } }] : []);
  routeTables.push(b.routeTable({ routeTableId: 'rtb-1', routes: [{ destination: '10.0.0.0/16', target: { kind: 'local', id: 'local' } }, { destination: '2600:1f18:1::/56', target: { kind: 'local', id: 'local' } }, ...(cfg.routeThere ? peerRoute(v2cidr) : []), ...defaultRoutes] }));
  if (cfg.explicitTable) {
    routeTables.push(
      b.routeTable({
        routeTableId: 'rtb-x',
        main: false,
        associatedSubnetIds: ['subnet-2'],
        routes: [
          { destination: '10.0.0.0/16', target: { kind: 'local', id: 'local' } },
          { destination: '2600:1f18:1::/56', target: { kind: 'local', id: 'local' } },
          ...(cfg.explicitRoute === 'none' ? [] : [{ destination: '0.0.0.0/0', target: { kind: 'igw' as const, id: 'igw-1' }, state: cfg.explicitRoute === 'blackhole' ? ('blackhole' as const) : ('active' as const) }]),
          { destination: '10.0.1.10/32', target: { kind: 'nat' as const, id: 'nat-9' } },
        ],
      }),
    );
  }
  const networkAcls = [
    b.networkAcl({ networkAclId: 'acl-1', isDefault: true, associatedSubnetIds: ['subnet-1'], entries: cfg.nacls[0] }),
    b.networkAcl({ networkAclId: 'acl-2', isDefault: false, associatedSubnetIds: ['subnet-2'], entries: cfg.nacls[1] }),
  ];
  const peeringConnections = [];
  if (cfg.twoVpcs) {
    vpcs.push(b.vpc({ vpcId: 'vpc-2', accountId: acct2, cidrBlocks: [v2cidr] }));
    subnets.push(b.subnet({ subnetId: 'subnet-3', vpcId: 'vpc-2', accountId: acct2, cidrBlock: cfg.overlapping ? '10.0.1.0/24' : '10.1.1.0/24' }));
    routeTables.push(b.routeTable({ routeTableId: 'rtb-2', vpcId: 'vpc-2', accountId: acct2, routes: [{ destination: v2cidr, target: { kind: 'local', id: 'local' } }, ...(cfg.routeBack ? peerRoute('10.0.0.0/16') : []), ...defaultRoutes] }));
    networkAcls.push(b.networkAcl({ networkAclId: 'acl-3', vpcId: 'vpc-2', accountId: acct2, isDefault: true, associatedSubnetIds: ['subnet-3'], entries: cfg.nacls[2] }));
    if (cfg.peering !== 'none') {
      const pcx = b.peeringConnection({ status: cfg.peering === 'active' ? 'active' : 'pending-acceptance', requester: { accountId: A, region: b.DEFAULT_REGION, vpcId: 'vpc-1', cidrBlocks: ['10.0.0.0/16'] }, accepter: { accountId: acct2, region: b.DEFAULT_REGION, vpcId: 'vpc-2', cidrBlocks: [v2cidr] } });
      peeringConnections.push(pcx);
    }
  }
  // Groups exist in every account that has instances using them (same id per account is unrealistic, so vpc-2's are suffixed).
  const securityGroups = [];
  const prefixLists = [b.prefixList({ prefixListId: 'pl-1', cidrs: ['10.0.2.0/24', '2001:db8:1::/48'] })];
  for (let g = 0; g < cfg.sgCount; g++) {
    const [ingress, egress] = rules[g];
    securityGroups.push(b.securityGroup({ groupId: `sg-${g}`, ingress, egress }));
    if (cfg.twoVpcs && acct2 !== A) securityGroups.push(b.securityGroup({ groupId: `sg-${g}b`, accountId: acct2, vpcId: 'vpc-2', ingress: ingress.map((r) => (r.peer.kind === 'sg' ? { ...r, peer: { ...r.peer, userId: A } } : r)), egress }));
  }
  if (cfg.twoVpcs && acct2 !== A) prefixLists.push(b.prefixList({ prefixListId: 'pl-1', accountId: acct2, cidrs: ['10.0.2.0/24', '2001:db8:1::/48'] }));
  const instances = [];
  const networkInterfaces = [];
  const used = new Set<string>();
  let n = 0;
  for (const spec of cfg.instances) {
    const inVpc2 = cfg.twoVpcs && spec.vpc === 2;
    const accountId = inVpc2 ? acct2 : A;
    const subnetId = inVpc2 ? 'subnet-3' : `subnet-${spec.subnet}`;
    const prefix = inVpc2 ? (cfg.overlapping ? '10.0.1' : '10.1.1') : `10.0.${spec.subnet}`;
    let ip = `${prefix}.${spec.host}`;
    for (let k = 30; used.has(`${inVpc2}|${ip}`); k++) ip = `${prefix}.${spec.host + k}`;
    used.add(`${inVpc2}|${ip}`);
    const v6 = !inVpc2 && spec.v6 ? [`2600:1f18:1:${spec.subnet}::${n + 1}`] : [];
    const v4 = spec.v4 || v6.length === 0;
    const sgIds = spec.sgs.filter((s) => s < cfg.sgCount).map((s) => (inVpc2 && acct2 !== A ? `sg-${s}b` : `sg-${s}`));
    const id = `i-${n.toString(16).padStart(4, '0')}`;
    const zone = cfg.uniqueZones ? `z${n}` : spec.zone;
    const inst = b.instance({
      instanceId: id,
      accountId,
      subnetId,
      vpcId: inVpc2 ? 'vpc-2' : 'vpc-1',
      ...(v4 ? { privateIpAddress: ip } : {}),
      ...(spec.publicIp && v4 ? { publicIpAddress: `54.0.0.${n + 1}` } : {}),
      ipv6Addresses: v6,
      securityGroupIds: sgIds,
      tags: zone !== undefined ? { Environment: zone } : {},
    });
    instances.push(inst);
    if (spec.viaEni) {
      networkInterfaces.push(b.networkInterface({ networkInterfaceId: `eni-${n}`, accountId, instanceId: id, subnetId, vpcId: inst.vpcId, privateIpAddresses: v4 ? [ip] : [], ipv6Addresses: v6, securityGroupIds: sgIds, ...(inst.publicIpAddress ? { publicIp: inst.publicIpAddress } : {}) }));
    }
    n++;
  }
  const snap = b.snapshot({ vpcs, subnets, routeTables, networkAcls, peeringConnections, securityGroups, prefixLists, instances, networkInterfaces });
  return { snap, probes: probesFor(snap) };
}

function probesFor(snap: Snapshot): Probe[] {
  const tcp = new Set<number>([0, 22, 443, 65535]);
  const add = (x: number | null) => {
    if (x === null || x < 0) return;
    for (const d of [-1, 0, 1]) if (x + d >= 0 && x + d <= 65535) tcp.add(x + d);
  };
  for (const g of snap.securityGroups) for (const r of [...g.ingress, ...g.egress]) (add(r.fromPort), add(r.toPort));
  for (const a of snap.networkAcls) for (const e of a.entries) (add(e.fromPort), add(e.toPort));
  const out: Probe[] = [];
  for (const port of tcp) out.push({ protocol: 'tcp', port }, { protocol: 'udp', port });
  for (const port of [0, 7, 8, 9, 255]) out.push({ protocol: 'icmp', port }, { protocol: 'icmpv6', port });
  for (const port of [0, 46, 47, 48, 255]) out.push({ protocol: 'other', port });
  return out;
}
