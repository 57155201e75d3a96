/**
 * A brute-force reachability oracle for tests: instance pair by instance pair, address by address,
 * one concrete (protocol, port) at a time, with plain ipaddr.js CIDR matching and first-match NACLs.
 * Written independently of lib/isolation (no atoms, no intervals, no classes) so the property tests
 * compare two different computations. Only for small estates without coverage gaps.
 */
import ipaddr from 'ipaddr.js';
import type { Instance, NaclEntry, NetworkAcl, RouteTable, SecurityGroup, SgRule, Snapshot } from '../../../lib/model/types';

export type Proto = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'other';
export interface Probe {
  protocol: Proto;
  port: number;
}

interface Nic {
  instance: Instance;
  subnetId: string;
  vpcId: string;
  sgIds: string[];
  addrs: string[];
  publicIp?: string;
}

function inCidr(addr: string, cidr: string): boolean {
  try {
    const a = ipaddr.parse(addr);
    const [net, bits] = ipaddr.parseCIDR(cidr);
    return a.kind() === net.kind() && a.match(net, bits);
  } catch {
    return false;
  }
}

function prefixOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

function proto(p: string): Proto | 'all' | number {
  const l = p.toLowerCase();
  if (l === '-1' || l === 'all') return 'all';
  if (l === 'tcp' || l === '6') return 'tcp';
  if (l === 'udp' || l === '17') return 'udp';
  if (l === 'icmp' || l === '1') return 'icmp';
  if (l === 'icmpv6' || l === '58') return 'icmpv6';
  return Number(l);
}

function anyPort(x: number | null): boolean {
  return x === null || x < 0;
}

function ruleMatches(p: string, from: number | null, to: number | null, icmpType: number | null, probe: Probe): boolean {
  const rp = proto(p);
  if (rp === 'all') return true;
  if (typeof rp === 'number') return probe.protocol === 'other' && probe.port === rp;
  if (rp !== probe.protocol) return false;
  if (rp === 'icmp' || rp === 'icmpv6') return anyPort(icmpType) || icmpType === probe.port;
  if (anyPort(from) && anyPort(to)) return true;
  return (anyPort(from) ? 0 : from!) <= probe.port && probe.port <= (anyPort(to) ? 65535 : to!);
}

export class Oracle {
  readonly nics: Nic[] = [];

  constructor(readonly snap: Snapshot, readonly zoneTag = 'Environment') {
    for (const i of snap.instances) {
      if (i.state === 'terminated' || i.state === 'shutting-down') continue;
      const enis = snap.networkInterfaces.filter((n) => n.instanceId === i.instanceId && n.accountId === i.accountId && n.region === i.region);
      if (enis.length) {
        for (const n of enis) this.nics.push({ instance: i, subnetId: n.subnetId ?? i.subnetId!, vpcId: n.vpcId ?? i.vpcId!, sgIds: n.securityGroupIds, addrs: [...n.privateIpAddresses, ...n.ipv6Addresses], publicIp: n.publicIp });
      } else {
        this.nics.push({ instance: i, subnetId: i.subnetId!, vpcId: i.vpcId!, sgIds: i.securityGroupIds, addrs: [...(i.privateIpAddress ? [i.privateIpAddress] : []), ...i.ipv6Addresses], publicIp: i.publicIpAddress });
      }
    }
  }

  zoneOf(i: Instance): string {
    return i.tags[this.zoneTag] ?? '';
  }

  private sg(n: Nic, id: string): SecurityGroup | undefined {
    return this.snap.securityGroups.find((g) => g.groupId === id && g.accountId === n.instance.accountId && g.region === n.instance.region);
  }

  private peerMatches(rule: SgRule, owner: SecurityGroup, addr: string, other: Nic): boolean {
    const p = rule.peer;
    if (p.kind === 'cidr4' || p.kind === 'cidr6') return inCidr(addr, p.cidr);
    if (p.kind === 'prefixList') {
      const pl = this.snap.prefixLists.find((l) => l.prefixListId === p.prefixListId && l.accountId === owner.accountId && l.region === owner.region);
      return !!pl && pl.cidrs.some((c) => inCidr(addr, c));
    }
    return other.sgIds.includes(p.groupId);
  }

  private sgAllows(n: Nic, direction: 'ingress' | 'egress', otherAddr: string, other: Nic, probe: Probe): boolean {
    return n.sgIds.some((id) => {
      const g = this.sg(n, id);
      return !!g && g[direction].some((r) => ruleMatches(r.protocol, r.fromPort, r.toPort, r.fromPort, probe) && this.peerMatches(r, g, otherAddr, other));
    });
  }

  private routeTable(acct: string, region: string, vpcId: string, subnetId: string): RouteTable | undefined {
    const tables = this.snap.routeTables.filter((t) => t.accountId === acct && t.region === region);
    return tables.find((t) => t.associatedSubnetIds.includes(subnetId)) ?? tables.find((t) => t.vpcId === vpcId && t.main);
  }

  private nacl(acct: string, region: string, vpcId: string, subnetId: string): NetworkAcl | undefined {
    const acls = this.snap.networkAcls.filter((t) => t.accountId === acct && t.region === region);
    return acls.find((t) => t.associatedSubnetIds.includes(subnetId)) ?? acls.find((t) => t.vpcId === vpcId && t.isDefault);
  }

  naclAllows(acl: NetworkAcl, egress: boolean, remote: string, probe: Probe): boolean {
    const entries = acl.entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
    const hit = entries.find((e: NaclEntry) => inCidr(remote, e.cidr) && ruleMatches(e.protocol, e.fromPort, e.toPort, e.icmpType, probe));
    return hit?.ruleAction === 'allow';
  }

  /** Best route for `addr` in a table: longest prefix among matching destinations. */
  route(t: RouteTable, addr: string) {
    let best: { kind: string; id: string; prefix: number; state: string } | undefined;
    for (const r of t.routes) {
      if (!r.destination || !inCidr(addr, r.destination)) continue;
      const p = prefixOf(r.destination);
      if (!best || p > best.prefix) best = { kind: r.target.kind, id: r.target.id, prefix: p, state: r.state };
    }
    return best;
  }

  private routeOk(from: Nic, to: Nic, toAddr: string): boolean {
    const t = this.routeTable(from.instance.accountId, from.instance.region, from.vpcId, from.subnetId);
    if (!t) return false;
    const r = this.route(t, toAddr);
    if (!r || r.state === 'blackhole') return false;
    if (r.kind === 'local') return from.vpcId === to.vpcId && from.instance.accountId === to.instance.accountId;
    if (r.kind === 'peering') {
      const pcx = this.snap.peeringConnections.find((p) => p.peeringConnectionId === r.id);
      if (!pcx || pcx.status !== 'active') return false;
      const is = (s: { accountId: string; vpcId: string }, n: Nic) => s.vpcId === n.vpcId && s.accountId === n.instance.accountId;
      return (is(pcx.requester, from) && is(pcx.accepter, to)) || (is(pcx.accepter, from) && is(pcx.requester, to));
    }
    return false;
  }

  private replyProbes(acls: NetworkAcl[], probe: Probe): Probe[] {
    if (probe.protocol === 'other') return [probe];
    if (probe.protocol === 'icmp' || probe.protocol === 'icmpv6') return Array.from({ length: 256 }, (_, t) => ({ protocol: probe.protocol, port: t }));
    const cands = new Set<number>([1024, 65535]);
    for (const a of acls) for (const e of a.entries) for (const x of [e.fromPort, e.toPort]) if (x !== null) for (const d of [-1, 0, 1]) cands.add(x + d);
    return [...cands].filter((p) => p >= 1024 && p <= 65535).map((port) => ({ protocol: probe.protocol, port }));
  }

  /** Can address `sa` of `s` reach address `da` of `d` with this probe (and get the reply back)? */
  addrReach(s: Nic, sa: string, d: Nic, da: string, probe: Probe): boolean {
    if (ipaddr.parse(sa).kind() !== ipaddr.parse(da).kind()) return false;
    if (!this.sgAllows(s, 'egress', da, d, probe) || !this.sgAllows(d, 'ingress', sa, s, probe)) return false;
    const sameSubnet = s.subnetId === d.subnetId && s.instance.accountId === d.instance.accountId;
    if (sameSubnet) return true;
    if (!this.routeOk(s, d, da) || !this.routeOk(d, s, sa)) return false;
    const sAcl = this.nacl(s.instance.accountId, s.instance.region, s.vpcId, s.subnetId);
    const dAcl = this.nacl(d.instance.accountId, d.instance.region, d.vpcId, d.subnetId);
    if (!sAcl || !dAcl) return false;
    if (!this.naclAllows(sAcl, true, da, probe) || !this.naclAllows(dAcl, false, sa, probe)) return false;
    return this.replyProbes([sAcl, dAcl], probe).some((r) => this.naclAllows(dAcl, true, sa, r) && this.naclAllows(sAcl, false, da, r));
  }

  instanceReach(s: Instance, d: Instance, probe: Probe, srcAddrFilter?: (a: string) => boolean, dstAddrFilter?: (a: string) => boolean): boolean {
    if (s === d) return false;
    for (const sn of this.nics.filter((n) => n.instance === s))
      for (const dn of this.nics.filter((n) => n.instance === d))
        for (const sa of sn.addrs.filter((a) => !srcAddrFilter || srcAddrFilter(a)))
          for (const da of dn.addrs.filter((a) => !dstAddrFilter || dstAddrFilter(a))) if (this.addrReach(sn, sa, dn, da, probe)) return true;
    return false;
  }

  /** Internet exposure: public address, SG open to /0, and for some public client an IGW route back and NACL both ways. */
  exposed(i: Instance, probe: Probe, clients4: string[], clients6: string[]): boolean {
    for (const n of this.nics.filter((x) => x.instance === i)) {
      const families: [string, string[]][] = [];
      if (n.publicIp) families.push(['0.0.0.0/0', clients4]);
      if (n.addrs.some((a) => a.includes(':') && !inCidr(a, 'fc00::/7') && !inCidr(a, 'fe80::/10'))) families.push(['::/0', clients6]);
      for (const [world, clients] of families) {
        const sgOpen = n.sgIds.some((id) => {
          const g = this.sg(n, id);
          return !!g && g.ingress.some((r) => ruleMatches(r.protocol, r.fromPort, r.toPort, r.fromPort, probe) && (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6') && r.peer.cidr === world);
        });
        if (!sgOpen) continue;
        const t = this.routeTable(i.accountId, i.region, n.vpcId, n.subnetId);
        const acl = this.nacl(i.accountId, i.region, n.vpcId, n.subnetId);
        if (!t || !acl) continue;
        for (const c of clients) {
          const r = this.route(t, c);
          if (!r || r.kind !== 'igw' || r.state === 'blackhole') continue;
          if (!this.naclAllows(acl, false, c, probe)) continue;
          if (this.replyProbes([acl], probe).some((rp) => this.naclAllows(acl, true, c, rp))) return true;
        }
      }
    }
    return false;
  }
}
