/**
 * Explains one packet, hop by hop: which security-group rule, route and NACL entry let it through,
 * or which one stopped it. Used for finding evidence (one concrete witness per finding) and by
 * `vmaudit reach`. It reads the same compiled model as the class-based analysis, so an explanation
 * can never disagree with a finding.
 */
import type { Family } from './addresses';
import type { CompiledNacl } from './nacl';
import { describeNaclEntry } from './nacl';
import type { Endpoint, NetContext, NetworkModel, Point } from './model';
import { zoneLabel } from './model';
import { describeAtom, pieces, routeStep, type Verdict } from './paths';
import { describeRoute } from './routes';
import { describeSgRule, type CompiledSgRule } from './security-groups';
import { EPHEMERAL, type Protocol, ServiceSet } from './services';
import { IntervalSet } from './intervals';

export type HopVerdict = 'pass' | 'block' | 'unknown' | 'skip';

export interface Hop {
  step: 'sg-egress' | 'route' | 'nacl-outbound' | 'nacl-inbound' | 'sg-ingress' | 'return-route' | 'nacl-return' | 'public-address';
  verdict: HopVerdict;
  detail: string;
  evidence?: Record<string, unknown>;
}

export interface EndpointRef {
  instanceId: string;
  name?: string;
  accountId: string;
  region: string;
  zone: string;
  address: string;
  eniId: string;
  subnetId: string;
  vpcId: string;
  state: string;
}

export interface Explanation {
  verdict: Verdict;
  protocol: Protocol;
  port: number;
  /** An instance, or a client outside the estate: on the internet, or on-premises (`origin`). */
  source: EndpointRef | { cidr: string; address: string; origin?: 'on-premises' };
  destination: EndpointRef;
  hops: Hop[];
  /** The first hop that stopped the packet, or the first unknown one. */
  decisive?: Hop;
  /**
   * Every hop that blocks, not only the first: each security group side, NACL entry and route that
   * would have to change for the packet to get through (AWS Reachability Analyzer lists them too).
   */
  blockers?: Hop[];
}

export function endpointRef(p: Point): EndpointRef {
  const e = p.ep;
  return {
    instanceId: e.instance.instanceId,
    ...(e.name !== undefined ? { name: e.name } : {}),
    accountId: e.accountId,
    region: e.region,
    zone: zoneLabel(e.zone),
    address: p.ip,
    eniId: e.eniId,
    subnetId: e.subnetId,
    vpcId: e.vpcId,
    state: e.instance.state,
  };
}

/** How a port reads in messages: "tcp/22", "icmp type 8", "ip-protocol 47". */
export function describePort(protocol: Protocol, port: number): string {
  if (protocol === 'icmp' || protocol === 'icmpv6') return `${protocol} type ${port}`;
  if (protocol === 'other') return `ip-protocol ${port}`;
  return `${protocol}/${port}`;
}

function sgHop(model: NetworkModel, ep: Endpoint, direction: 'egress' | 'ingress', peer: { atom: number; sgIds: readonly string[] }, protocol: Protocol, port: number, peerText: string): Hop {
  const step = direction === 'egress' ? 'sg-egress' : 'sg-ingress';
  let maybe: CompiledSgRule | undefined;
  for (const id of ep.sgIds) {
    const g = model.securityGroup(ep.accountId, ep.region, id);
    for (const r of direction === 'egress' ? g.egress : g.ingress) {
      if (!r.svc.has(protocol, port)) continue;
      const p = r.peer;
      if (p.kind === 'addr' && p.atoms.has(peer.atom)) return { step, verdict: 'pass', detail: `${r.groupId} ${direction} rule allows ${r.svc.describe()} ${direction === 'egress' ? 'to' : 'from'} ${describeRuleText(r)}`, evidence: describeSgRule(r) };
      if (p.kind === 'sg' && peer.sgIds.includes(p.groupId)) return { step, verdict: 'pass', detail: `${r.groupId} ${direction} rule allows ${r.svc.describe()} ${direction === 'egress' ? 'to' : 'from'} members of ${p.groupId}`, evidence: describeSgRule(r) };
      if (p.kind === 'any') maybe ??= r;
    }
  }
  if (maybe) return { step, verdict: 'unknown', detail: `${maybe.groupId}: ${maybe.peer.kind === 'any' ? maybe.peer.reason : ''}`, evidence: describeSgRule(maybe) };
  return {
    step,
    verdict: 'block',
    detail: `no ${direction} rule of ${ep.sgIds.join(', ') || '(no security group)'} allows ${describePort(protocol, port)} ${direction === 'egress' ? 'to' : 'from'} ${peerText}`,
    evidence: { groupIds: ep.sgIds, direction },
  };
}

function describeRuleText(r: CompiledSgRule): string {
  const p = r.rule?.peer;
  if (!p) return 'anything';
  if (p.kind === 'cidr4' || p.kind === 'cidr6') return p.cidr;
  if (p.kind === 'prefixList') return `prefix list ${p.prefixListId}`;
  return p.groupId;
}

export function naclHop(step: 'nacl-outbound' | 'nacl-inbound', net: NetContext, direction: 'in' | 'out', atom: number, protocol: Protocol, port: number, remote: string): Hop {
  const acl = net.nacl;
  if (!acl) return { step, verdict: 'unknown', detail: net.naclMissing ?? 'NACL unknown' };
  const e = acl.decidingEntry(direction, atom, protocol, port);
  const evidence = describeNaclEntry(acl.id, e, direction);
  const what = `${describePort(protocol, port)} ${direction === 'in' ? 'from' : 'to'} ${remote}`;
  if (e?.allow) return { step, verdict: 'pass', detail: `${acl.id} ${direction === 'in' ? 'inbound' : 'outbound'} rule ${e.entry.ruleNumber} allows ${what}`, evidence };
  return { step, verdict: 'block', detail: `${acl.id} ${direction === 'in' ? 'inbound' : 'outbound'} rule ${e ? e.entry.ruleNumber : '*'} denies ${what}`, evidence };
}

/**
 * The reply crosses the destination's NACL outbound and the source's NACL inbound, towards the
 * client's ephemeral port; some port in 1024-65535 open on both is enough.
 */
function returnHop(dstAcl: CompiledNacl | undefined, srcAcl: CompiledNacl | undefined, srcAtom: number, dstAtom: number, protocol: Protocol, port: number, missing: string[]): Hop {
  if (!dstAcl || !srcAcl) return { step: 'nacl-return', verdict: 'unknown', detail: missing.join('; ') || 'NACL unknown' };
  const both = dstAcl.allowed('out', srcAtom).intersect(srcAcl.allowed('in', dstAtom));
  const ports = protocol === 'tcp' || protocol === 'udp' ? EPHEMERAL : protocol === 'other' ? IntervalSet.point(port) : IntervalSet.range(0, 255);
  const open = both.get(protocol).intersect(ports);
  const probe = open.min ?? (protocol === 'tcp' || protocol === 'udp' ? 32768 : ports.min!);
  const outE = dstAcl.decidingEntry('out', srcAtom, protocol, probe);
  const inE = srcAcl.decidingEntry('in', dstAtom, protocol, probe);
  const evidence = { outbound: describeNaclEntry(dstAcl.id, outE, 'out'), inbound: describeNaclEntry(srcAcl.id, inE, 'in'), replyPort: probe };
  const what = protocol === 'tcp' || protocol === 'udp' ? `the reply to ephemeral port ${probe}` : `the ${protocol === 'other' ? `ip-protocol ${port}` : protocol} reply`;
  if (!open.isEmpty) {
    const partial = (protocol === 'tcp' || protocol === 'udp') && !open.covers(EPHEMERAL) ? ` (only ${open.ranges().map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')} of 1024-65535 are open for replies)` : '';
    return { step: 'nacl-return', verdict: 'pass', detail: `${dstAcl.id} outbound rule ${outE?.entry.ruleNumber ?? '*'} and ${srcAcl.id} inbound rule ${inE?.entry.ruleNumber ?? '*'} allow ${what}${partial}`, evidence };
  }
  const blocker = !outE?.allow ? `${dstAcl.id} outbound rule ${outE?.entry.ruleNumber ?? '*'}` : `${srcAcl.id} inbound rule ${inE?.entry.ruleNumber ?? '*'}`;
  return { step: 'nacl-return', verdict: 'block', detail: `${blocker} denies ${what}: no reply port in 1024-65535 passes both NACLs`, evidence };
}

export function conclude(hops: Hop[]): { verdict: Verdict; decisive?: Hop; blockers?: Hop[] } {
  const blockers = hops.filter((h) => h.verdict === 'block');
  if (blockers.length) return { verdict: 'blocked', decisive: blockers[0], blockers };
  const unknown = hops.find((h) => h.verdict === 'unknown');
  if (unknown) return { verdict: 'unknown', decisive: unknown };
  return { verdict: 'open' };
}

/** One packet from address `s` to address `d` (both instance addresses) and its reply. */
export function explainPair(model: NetworkModel, s: Point, d: Point, protocol: Protocol, port: number): Explanation {
  const space = model.space;
  const hops: Hop[] = [];
  const base = { protocol, port, source: endpointRef(s), destination: endpointRef(d) };
  if (space.family(s.atom) !== space.family(d.atom)) {
    hops.push({ step: 'route', verdict: 'block', detail: `${s.ip} and ${d.ip} are of different address families` });
    return { ...base, hops, ...conclude(hops) };
  }
  const sameSubnet = s.ep.subnetId === d.ep.subnetId && s.ep.accountId === d.ep.accountId && s.ep.region === d.ep.region;
  hops.push(sgHop(model, s.ep, 'egress', { atom: d.atom, sgIds: d.ep.sgIds }, protocol, port, `${d.ip} (${d.ep.instance.instanceId})`));
  if (sameSubnet) {
    hops.push({ step: 'route', verdict: 'skip', detail: `same subnet ${s.ep.subnetId}: delivered directly, no route table or NACL on the way` });
  } else {
    const fwd = routeStep(model, s.ep.net, d.atom, d.ep.net);
    hops.push(routeHop('route', s.ep.net, fwd));
    hops.push(naclHop('nacl-outbound', s.ep.net, 'out', d.atom, protocol, port, d.ip));
    hops.push(naclHop('nacl-inbound', d.ep.net, 'in', s.atom, protocol, port, s.ip));
  }
  hops.push(sgHop(model, d.ep, 'ingress', { atom: s.atom, sgIds: s.ep.sgIds }, protocol, port, `${s.ip} (${s.ep.instance.instanceId})`));
  if (!sameSubnet) {
    hops.push(routeHop('return-route', d.ep.net, routeStep(model, d.ep.net, s.atom, s.ep.net)));
    hops.push(returnHop(d.ep.net.nacl, s.ep.net.nacl, s.atom, d.atom, protocol, port, [d.ep.net.naclMissing, s.ep.net.naclMissing].filter((x): x is string => !!x)));
  }
  return { ...base, hops, ...conclude(hops) };
}

function routeHop(step: 'route' | 'return-route', net: NetContext, r: ReturnType<typeof routeStep>): Hop {
  return {
    step,
    verdict: r.verdict === 'open' ? 'pass' : r.verdict === 'blocked' ? 'block' : 'unknown',
    detail: step === 'return-route' ? `reply: ${r.reason}` : r.reason,
    evidence: net.routeTable ? describeRoute(net.routeTable.id, r.route) : { routeTableId: null, note: net.routeTableMissing },
  };
}

/**
 * One packet from outside the estate (an internet client in `clientAtoms`) to a public address of
 * `d`'s ENI, and its reply. The client atom is chosen where the packet gets furthest.
 */
export function explainFromInternet(model: NetworkModel, d: Endpoint, family: Family, protocol: Protocol, port: number, clientAtoms?: IntervalSet, clientText = family === 4 ? '0.0.0.0/0' : '::/0'): Explanation {
  const space = model.space;
  const pubAddr = family === 4 ? d.publicIpv4 : d.globalIpv6[0];
  const destPoint = (family === 4 ? d.points.find((p) => space.family(p.atom) === 4) : d.points.find((p) => p.ip === pubAddr)) ?? d.points[0];
  const destination = destPoint ? endpointRef(destPoint) : { ...endpointRef({ ep: d, ip: pubAddr ?? '', atom: 0 }) };
  if (pubAddr) destination.address = pubAddr;
  const pub = family === 4 ? space.public4 : space.public6;
  const area = clientAtoms ? clientAtoms.intersect(pub) : pub;
  const ingress = model.summaryOf(d).ingress;
  // From the whole internet only the route and the NACL depend on the client address (the SG rule
  // must be open to all of it); from a given CIDR the SG rules' own ranges matter too.
  const all = pieces(area, [...(d.net.nacl?.cuts() ?? []), ...(d.net.routeTable?.cuts() ?? []), ...(clientAtoms ? ingress.cuts() : [])]);
  // Explaining every piece of the internet would be slow on big estates: rank pieces by how many
  // hops a packet from them passes (route back to an IGW, NACL in, SG in), explain the best few.
  const quick = (a: number) => {
    const r = d.net.routeTable?.lookup(a);
    const routeOk = !d.net.routeTable || (r !== undefined && r.route.state !== 'blackhole' && r.route.target.kind === 'igw');
    return (routeOk ? 4 : 0) + (!d.net.nacl || d.net.nacl.allowed('in', a).has(protocol, port) ? 2 : 0) + (ingress.at(a).possible.has(protocol, port) ? 1 : 0);
  };
  const ranked = all.length > 4 ? all.map((a) => [a, quick(a)] as const).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 4).map(([a]) => a) : all;
  let best: Explanation | undefined;
  let bestScore = -1;
  for (const a of ranked.length ? ranked : [area.min ?? pub.min ?? 0]) {
    const client = space.bounds(a);
    const hops: Hop[] = [];
    hops.push(
      pubAddr
        ? { step: 'public-address', verdict: 'pass', detail: `${d.eniId} has the public address ${pubAddr}`, evidence: { address: pubAddr } }
        : { step: 'public-address', verdict: 'block', detail: `${d.eniId} has no public ${family === 4 ? 'IPv4 address (no auto-assigned IP or Elastic IP)' : 'IPv6 address'}`, evidence: { address: null } },
    );
    const rt = d.net.routeTable;
    if (!rt) hops.push({ step: 'return-route', verdict: 'unknown', detail: d.net.routeTableMissing ?? 'route table unknown' });
    else {
      const r = rt.lookup(a);
      const ok = r && r.route.state !== 'blackhole' && r.route.target.kind === 'igw';
      hops.push({
        step: 'return-route',
        verdict: ok ? 'pass' : 'block',
        detail: ok
          ? `${rt.id} routes ${r.cidr} to internet gateway ${r.route.target.id}`
          : r
            ? `${rt.id} routes ${r.cidr} to ${r.route.target.kind} ${r.route.target.id}${r.route.state === 'blackhole' ? ' (blackhole)' : ''}, not to an internet gateway, so ${family === 4 ? 'the public IP' : 'the address'} is not reachable from the internet`
            : `${rt.id} has no route to ${describeAtom(space, a)} (no internet gateway route)`,
        evidence: describeRoute(rt.id, r),
      });
    }
    hops.push(naclHop('nacl-inbound', d.net, 'in', a, protocol, port, `${client.first} (internet)`));
    hops.push(worldSgHop(model, d, a, protocol, port, clientText, clientAtoms !== undefined));
    hops.push(returnHopInternet(d.net, a, protocol, port));
    const c = conclude(hops);
    const score = c.verdict === 'open' ? 1000 : hops.findIndex((h) => h.verdict !== 'pass');
    if (score > bestScore) {
      bestScore = score;
      best = { protocol, port, source: { cidr: clientText, address: client.first }, destination, hops, ...c };
    }
    if (c.verdict === 'open') break;
  }
  return best!;
}

export function worldSgHop(model: NetworkModel, d: Endpoint, atom: number, protocol: Protocol, port: number, clientText: string, anySource: boolean): Hop {
  const space = model.space;
  const fam = space.family(atom);
  const pub = fam === 4 ? space.public4 : space.public6;
  let maybe: CompiledSgRule | undefined;
  for (const id of d.sgIds) {
    const g = model.securityGroup(d.accountId, d.region, id);
    for (const r of g.ingress) {
      if (!r.svc.has(protocol, port)) continue;
      // Internet exposure means open to the whole internet (0.0.0.0/0, ::/0); an explicit source CIDR needs only to contain the client.
      if (r.peer.kind === 'addr' && (anySource ? r.peer.atoms.has(atom) : r.peer.atoms.covers(pub))) return { step: 'sg-ingress', verdict: 'pass', detail: `${r.groupId} ingress rule allows ${r.svc.describe()} from ${describeRuleText(r)}`, evidence: describeSgRule(r) };
      if (r.peer.kind === 'any') maybe ??= r;
    }
  }
  if (maybe) return { step: 'sg-ingress', verdict: 'unknown', detail: `${maybe.groupId}: ${maybe.peer.kind === 'any' ? maybe.peer.reason : ''}`, evidence: describeSgRule(maybe) };
  return { step: 'sg-ingress', verdict: 'block', detail: `no ingress rule of ${d.sgIds.join(', ') || '(no security group)'} allows ${describePort(protocol, port)} from ${clientText}`, evidence: { groupIds: d.sgIds, direction: 'ingress' } };
}

export function returnHopInternet(net: NetContext, atom: number, protocol: Protocol, port: number): Hop {
  const acl = net.nacl;
  if (!acl) return { step: 'nacl-return', verdict: 'unknown', detail: net.naclMissing ?? 'NACL unknown' };
  const ports = protocol === 'tcp' || protocol === 'udp' ? EPHEMERAL : protocol === 'other' ? IntervalSet.point(port) : IntervalSet.range(0, 255);
  const open = acl.allowed('out', atom).get(protocol).intersect(ports);
  const probe = open.min ?? (protocol === 'tcp' || protocol === 'udp' ? 32768 : ports.min!);
  const e = acl.decidingEntry('out', atom, protocol, probe);
  const evidence = { outbound: describeNaclEntry(acl.id, e, 'out'), replyPort: probe };
  if (!open.isEmpty) return { step: 'nacl-return', verdict: 'pass', detail: `${acl.id} outbound rule ${e?.entry.ruleNumber ?? '*'} allows the reply to the client`, evidence };
  return { step: 'nacl-return', verdict: 'block', detail: `${acl.id} outbound rule ${e?.entry.ruleNumber ?? '*'} denies the reply to the client's ephemeral ports`, evidence };
}

/** Evidence for a finding, from an explanation: the SG rules, NACL entries and routes, by name. */
export function explanationEvidence(x: Explanation): Record<string, unknown> {
  const byStep = (s: Hop['step']) => x.hops.find((h) => h.step === s);
  const ev = (s: Hop['step']) => {
    const h = byStep(s);
    return h ? (h.evidence ?? { note: h.detail }) : undefined;
  };
  const out: Record<string, unknown> = {
    example: { protocol: x.protocol, port: x.port, service: describePort(x.protocol, x.port) },
    source: x.source,
    destination: x.destination,
    verdict: x.verdict,
  };
  const fields: [string, Hop['step']][] = [
    ['securityGroupEgress', 'sg-egress'],
    ['route', 'route'],
    ['naclOutbound', 'nacl-outbound'],
    ['naclInbound', 'nacl-inbound'],
    ['securityGroupIngress', 'sg-ingress'],
    ['returnRoute', 'return-route'],
    ['naclReturn', 'nacl-return'],
  ];
  for (const [k, s] of fields) {
    const v = ev(s);
    if (v !== undefined) out[k] = v;
  }
  out.path = x.hops.map((h) => `${h.verdict.toUpperCase()} ${h.step}: ${h.detail}`);
  if (x.decisive) out.decisive = x.decisive.detail;
  if (x.blockers && x.blockers.length > 1) out.blockedBy = x.blockers.map((h) => `${h.step}: ${h.detail}`);
  return out;
}

/** A port inside `s` to use as the example of a range: an admin or database port if there is one. */
export function examplePort(s: ServiceSet, protocol: Protocol, preferred: readonly number[]): number | undefined {
  const set = s.get(protocol);
  for (const p of preferred) if (set.has(p)) return p;
  return set.min;
}
