/**
 * The network between two subnets' contexts: routes both ways and the NACLs (request and reply).
 *
 * Routing decisions (AWS behaviour and vmaudit's choices):
 * - local: delivers inside the source VPC only. With overlapping CIDRs in two VPCs, an address
 *   matches the local route of its own VPC; reaching the other VPC's instance takes a peering route.
 * - peering (pcx-): the connection must be active and join exactly these two VPCs, and the other
 *   side must route the reply back over it (routes on both sides).
 * - transit gateway (tgw-): followed through the TGW's attachments and route tables (transit.ts):
 *   delivered when it ends at the destination's VPC attachment; blocked when a TGW drops it (no
 *   route, blackhole, no attachment in the source AZ, unassociated attachment); UNKNOWN when a part
 *   was not collected, when it ends on-premises (whether on-premises routes it back is not
 *   modelled) or in another VPC (an inspection VPC whose appliances vmaudit does not follow).
 * - igw, nat, eigw for a private destination: the packet leaves the VPC and is not delivered to a
 *   private address of another VPC: blocked.
 * - vgw, instance, eni and others (appliances, VPN): the path continues outside the model: UNKNOWN.
 * - blackhole or no route: blocked.
 * Traffic between two ENIs of the same subnet crosses no NACL and no route table.
 */
import type { AddressSpace, Family } from './addresses';
import type { IntervalSet } from './intervals';
import type { NetContext, NetworkModel } from './model';
import type { CompiledRoute } from './routes';
import { NO_REACH, type Reach, returnGate, ServiceSet, sureReach, unionReach } from './services';

export type Verdict = 'open' | 'unknown' | 'blocked';

export interface RouteStep {
  verdict: Verdict;
  route?: CompiledRoute;
  reason: string;
  /** The transit gateway hops on the way (attachment → route table → route → attachment), when a TGW carried it. */
  transitHops?: string[];
}

/** Where a transit gateway takes a packet for `atom` coming from `from`, judged against the destination `to`. */
export function tgwVerdict(model: NetworkModel, from: NetContext, tgwId: string, atom: number, to: NetContext): { verdict: Verdict; reason: string; hops: string[] } {
  const t = model.transit.forward({ accountId: from.accountId, region: from.region, vpcId: from.vpcId, availabilityZone: from.availabilityZone }, tgwId, atom);
  if (t.verdict !== 'open') return { verdict: t.verdict, reason: t.reason, hops: t.hops };
  const end = t.end;
  if (end.kind === 'vpc') {
    if (end.vpcId === to.vpcId && (!end.accountId || end.accountId === to.accountId)) return { verdict: 'open', reason: `delivered to ${to.vpcId}: ${t.hops.join('; ')}`, hops: t.hops };
    return { verdict: 'unknown', reason: `${t.hops.join('; ')}: it enters ${end.vpcId}, not the destination's ${to.vpcId}; what that VPC's route tables and appliances do with it is not followed`, hops: t.hops };
  }
  if (end.kind === 'on-premises') return { verdict: 'unknown', reason: `${t.hops.join('; ')}: it leaves on-premises through ${end.attachment.resourceType} ${end.attachment.resourceId ?? end.attachment.transitGatewayAttachmentId}; whether on-premises routes it back to ${to.vpcId} is not modelled`, hops: t.hops };
  return { verdict: 'unknown', reason: t.reason, hops: t.hops };
}

export interface PathResult {
  verdict: Verdict;
  /** What the NACLs let through (ALL within one subnet), limited by the routing verdict. */
  reach: Reach;
}

const sameVpc = (a: NetContext, b: NetContext) => a.vpcId === b.vpcId && a.accountId === b.accountId && a.region === b.region;

/**
 * One direction of routing: from the subnet context `from` towards an address in `atom` that lives
 * in `to`'s VPC. `explain` false skips building the reason (the class-based pass asks a million times).
 */
export function routeStep(model: NetworkModel, from: NetContext, atom: number, to: NetContext, explain = true): RouteStep {
  const rt = from.routeTable;
  if (!rt) return { verdict: 'unknown', reason: from.routeTableMissing ?? 'route table unknown' };
  const r = rt.lookup(atom);
  if (!explain) return { verdict: quickVerdict(model, r, from, to, atom), route: r, reason: '' };
  if (!r) return { verdict: 'blocked', reason: `${rt.id} has no route to ${describeAtom(model.space, atom)}` };
  const target = `${r.route.target.kind === 'local' ? 'local' : r.route.target.id}`;
  if (r.route.state === 'blackhole') return { verdict: 'blocked', route: r, reason: `${rt.id} routes ${r.cidr} to ${target}, which is a blackhole` };
  switch (r.route.target.kind) {
    case 'local':
      return sameVpc(from, to)
        ? { verdict: 'open', route: r, reason: `${rt.id}: ${r.cidr} is local to ${from.vpcId}` }
        : { verdict: 'blocked', route: r, reason: `${rt.id}: ${r.cidr} is local to ${from.vpcId}, but the destination is in ${to.vpcId} (overlapping address ranges)` };
    case 'peering': {
      const pcx = model.peering(r.route.target.id);
      if (!pcx) return { verdict: 'unknown', route: r, reason: `${rt.id} routes ${r.cidr} to peering ${r.route.target.id}, which was not collected` };
      if (pcx.status !== 'active') return { verdict: 'blocked', route: r, reason: `${rt.id} routes ${r.cidr} to peering ${pcx.peeringConnectionId}, whose status is ${pcx.status}` };
      const joins = (onSide(pcx.requester, from) && onSide(pcx.accepter, to)) || (onSide(pcx.accepter, from) && onSide(pcx.requester, to));
      return joins
        ? { verdict: 'open', route: r, reason: `${rt.id} routes ${r.cidr} to active peering ${pcx.peeringConnectionId} (${from.vpcId} ↔ ${to.vpcId})` }
        : { verdict: 'blocked', route: r, reason: `${rt.id} routes ${r.cidr} to peering ${pcx.peeringConnectionId}, which does not join ${from.vpcId} and ${to.vpcId}` };
    }
    case 'tgw': {
      const t = tgwVerdict(model, from, r.route.target.id, atom, to);
      return { verdict: t.verdict, route: r, reason: `${rt.id} routes ${r.cidr} to transit gateway ${r.route.target.id}; ${t.reason}`, transitHops: t.hops };
    }
    case 'igw':
    case 'nat':
    case 'eigw':
      return { verdict: 'blocked', route: r, reason: `${rt.id} sends ${r.cidr} to ${target} (towards the internet), so the private address is not reached` };
    default:
      return { verdict: 'unknown', route: r, reason: `${rt.id} routes ${r.cidr} to ${r.route.target.kind} ${r.route.target.id}; what lies beyond is not modelled` };
  }
}

type PeeringSide = { accountId: string; region: string; vpcId: string };

const onSide = (s: PeeringSide, n: NetContext) => s.vpcId === n.vpcId && s.accountId === n.accountId && s.region === n.region;

function quickVerdict(model: NetworkModel, r: CompiledRoute | undefined, from: NetContext, to: NetContext, atom: number): Verdict {
  if (!r || r.route.state === 'blackhole') return 'blocked';
  switch (r.route.target.kind) {
    case 'local':
      return sameVpc(from, to) ? 'open' : 'blocked';
    case 'peering': {
      const pcx = model.peering(r.route.target.id);
      if (!pcx) return 'unknown';
      if (pcx.status !== 'active') return 'blocked';
      return (onSide(pcx.requester, from) && onSide(pcx.accepter, to)) || (onSide(pcx.accepter, from) && onSide(pcx.requester, to)) ? 'open' : 'blocked';
    }
    case 'igw':
    case 'nat':
    case 'eigw':
      return 'blocked';
    case 'tgw':
      return tgwVerdict(model, from, r.route.target.id, atom, to).verdict;
    default:
      return 'unknown';
  }
}

const vpcKey = (n: NetContext) => `${n.accountId}|${n.region}|${n.vpcId}`;

/**
 * Whether any address of `to` could be routed from `from` at all: same VPC, a peering route
 * towards its VPC, or a route whose far side is not modelled (TGW, VPN, appliance, missing table).
 * Pairs of contexts that fail this both ways are skipped without looking at atoms.
 */
export function mayRoute(model: NetworkModel, from: NetContext, to: NetContext): boolean {
  if (sameVpc(from, to)) return true;
  const rt = from.routeTable;
  if (!rt) return true;
  let reach = routeReach.get(rt);
  if (!reach) {
    reach = { vpcs: new Set(), vpcIds: new Set(), opaque: rt.problems.length > 0 };
    for (const r of rt.routes) {
      const k = r.route.target.kind;
      if (k === 'peering') {
        const pcx = model.peering(r.route.target.id);
        if (!pcx) reach.opaque = true;
        else for (const s of [pcx.requester, pcx.accepter]) reach.vpcs.add(`${s.accountId}|${s.region}|${s.vpcId}`);
      } else if (k === 'tgw' && !model.transit.isEmpty) {
        const t = model.transit.reachableVpcs(r.route.target.id);
        if (t.opaque) reach.opaque = true;
        // VPC ids are unique across AWS; the account and region are checked by routeStep.
        for (const v of t.vpcs) reach.vpcIds.add(v);
      } else if (k !== 'local' && k !== 'igw' && k !== 'nat' && k !== 'eigw') reach.opaque = true;
    }
    routeReach.set(rt, reach);
  }
  return reach.opaque || reach.vpcs.has(vpcKey(to)) || reach.vpcIds.has(to.vpcId);
}

const routeReach = new WeakMap<object, { vpcs: Set<string>; vpcIds: Set<string>; opaque: boolean }>();

function worst(a: Verdict, b: Verdict): Verdict {
  return a === 'blocked' || b === 'blocked' ? 'blocked' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'open';
}

/** NACL verdict for the request from `from` to an address in `toAtom` and its reply. */
export function naclReach(from: NetContext, fromAtom: number, to: NetContext, toAtom: number): Reach {
  const out = from.nacl?.allowed('out', toAtom);
  const inn = to.nacl?.allowed('in', fromAtom);
  const retOut = to.nacl?.allowed('out', fromAtom);
  const retIn = from.nacl?.allowed('in', toAtom);
  const or = (s: ServiceSet | undefined) => s ?? ServiceSet.ALL;
  const possible = or(out).intersect(or(inn)).intersect(returnGate(or(retOut).intersect(or(retIn))));
  if (from.nacl && to.nacl) return sureReach(possible);
  return possible.isEmpty ? NO_REACH : { sure: ServiceSet.EMPTY, possible };
}

/** Private (east-west) path from an address in `a1` of context `n1` to an address in `a2` of `n2`. */
export function computePath(model: NetworkModel, n1: NetContext, a1: number, n2: NetContext, a2: number, sameSubnet: boolean): PathResult {
  if (model.space.family(a1) !== model.space.family(a2)) return BLOCKED;
  if (sameSubnet) return SAME_SUBNET;
  const fwd = routeStep(model, n1, a2, n2, false);
  if (fwd.verdict === 'blocked') return BLOCKED;
  const back = routeStep(model, n2, a1, n1, false);
  if (back.verdict === 'blocked') return BLOCKED;
  const verdict = worst(fwd.verdict, back.verdict);
  const nacl = naclReach(n1, a1, n2, a2);
  if (verdict === 'open') return { verdict, reach: nacl };
  return { verdict, reach: nacl.possible.isEmpty ? NO_REACH : { sure: ServiceSet.EMPTY, possible: nacl.possible } };
}

const BLOCKED: PathResult = Object.freeze({ verdict: 'blocked', reach: NO_REACH });
const SAME_SUBNET: PathResult = Object.freeze({ verdict: 'open', reach: sureReach(ServiceSet.ALL) });

/** Memoised paths between (context, atom) pairs, with a cheap "can these VPCs route at all" filter first. */
export class PathCache {
  private readonly memo = new Map<number, Map<number, PathResult>>();
  private readonly routable = new Map<number, boolean>();
  constructor(private readonly model: NetworkModel) {}

  get(n1: NetContext, a1: number, n2: NetContext, a2: number, sameSubnet: boolean): PathResult {
    if (sameSubnet) return computePath(this.model, n1, a1, n2, a2, true);
    const size = this.model.space.size;
    const k1 = n1.id * size + a1;
    const k2 = n2.id * size + a2;
    let inner = this.memo.get(k1);
    if (!inner) this.memo.set(k1, (inner = new Map()));
    let hit = inner.get(k2);
    if (!hit) {
      hit = this.routes(n1, n2) ? computePath(this.model, n1, a1, n2, a2, false) : BLOCKED;
      inner.set(k2, hit);
    }
    return hit;
  }

  /** Whether the two contexts can route to each other at all (both ways), memoised per pair. */
  routes(n1: NetContext, n2: NetContext): boolean {
    const k = n1.id * this.model.nets.length + n2.id;
    let ok = this.routable.get(k);
    if (ok === undefined) this.routable.set(k, (ok = mayRoute(this.model, n1, n2) && mayRoute(this.model, n2, n1)));
    return ok;
  }
}

/**
 * Start atoms of the pieces of `within` on which every given interval set is constant: evaluating
 * one atom per piece answers for the whole piece.
 */
export function pieces(within: IntervalSet, cutSets: readonly IntervalSet[]): number[] {
  const cuts = new Set<number>();
  for (const [lo] of within.ranges()) cuts.add(lo);
  for (const s of cutSets) for (const [lo, hi] of s.ranges()) {
    cuts.add(lo);
    cuts.add(hi + 1);
  }
  return [...cuts].filter((c) => within.has(c)).sort((a, b) => a - b);
}

/**
 * What the network lets in from the internet to a public address of `family` in this context:
 * for some public client address, the route back to it goes to an internet gateway and the NACL
 * admits the request and the reply. SGs are applied by the caller.
 */
export function internetPath(model: NetworkModel, net: NetContext, family: Family, sgIngressCuts: readonly IntervalSet[] = [], sgAt?: (atom: number) => Reach, within?: IntervalSet): Reach {
  const space = model.space;
  const pub = family === 4 ? space.public4 : space.public6;
  const area = within ? within.intersect(pub) : pub;
  const cuts = [...(net.nacl?.cuts() ?? []), ...(net.routeTable?.cuts() ?? []), ...sgIngressCuts];
  let total: Reach = NO_REACH;
  for (const a of pieces(area, cuts)) {
    const r = internetAt(net, a);
    if (r.possible.isEmpty) continue;
    const sg = sgAt ? sgAt(a) : undefined;
    total = unionReach(total, sg ? intersect(r, sg) : r);
  }
  return total;
}

function intersect(a: Reach, b: Reach): Reach {
  const sure = a.sure.intersect(b.sure);
  const possible = a.possible.intersect(b.possible);
  return possible.isEmpty ? NO_REACH : { sure, possible };
}

/** The network part of internet reach for one client atom: IGW route back, NACL in and reply. */
export function internetAt(net: NetContext, atom: number): Reach {
  let routeSure = false;
  if (net.routeTable) {
    const r = net.routeTable.lookup(atom);
    if (!r || r.route.state === 'blackhole' || r.route.target.kind !== 'igw') return NO_REACH;
    routeSure = true;
  }
  const nacl = net.nacl;
  const s = nacl ? nacl.allowed('in', atom).intersect(returnGate(nacl.allowed('out', atom))) : ServiceSet.ALL;
  if (s.isEmpty) return NO_REACH;
  return routeSure && nacl ? sureReach(s) : { sure: ServiceSet.EMPTY, possible: s };
}

export function describeAtom(space: AddressSpace, atom: number): string {
  const b = space.bounds(atom);
  return b.first === b.last ? b.first : `${b.first}–${b.last}`;
}
