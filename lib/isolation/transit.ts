/**
 * Transit Gateway forwarding: where a packet that a VPC route sends to a `tgw-` target ends up.
 *
 * AWS's rules, as modelled (Transit Gateway user guide, "How transit gateways work"):
 * - The packet enters through the source VPC's attachment to that TGW; the attachment must be
 *   `available`, and the source subnet's Availability Zone must hold one of the attachment's
 *   subnets ("resources in Availability Zones without an attachment subnet cannot reach the TGW").
 * - The TGW route table the attachment is associated with decides: longest-prefix match over its
 *   static and propagated routes; on equal prefixes a static route wins over a propagated one; a
 *   blackhole route or no match drops the packet. An unassociated attachment's traffic is dropped.
 * - A VPC attachment delivers into that VPC. A peering attachment hands the packet to the peer TGW,
 *   whose route table associated with the same peering attachment decides next (across accounts and
 *   regions). VPN, Direct Connect gateway and Connect attachments lead on-premises.
 * - Propagation of a VPC attachment puts the VPC's CIDRs into the table; routes read from AWS
 *   (SearchTransitGatewayRoutes) are used as they are, and propagations fill in what was not read
 *   (as `aws ec2 describe-*` dumps hold propagations but no propagated routes).
 *
 * Every id here is unique across AWS, so the TGW, its attachments and route tables are joined across
 * the accounts and regions of the snapshot (a shared TGW, inter-region peering).
 */
import type { Snapshot, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayRouteTable } from '../model/types';
import type { AddressSpace } from './addresses';
import { parseCidr } from './addresses';
import type { IntervalSet } from './intervals';

export interface CompiledTgwRoute {
  route: TransitGatewayRoute;
  cidr: string;
  atoms: IntervalSet;
  prefix: number;
}

/** Where the TGW delivers: into a VPC, on-premises, or somewhere vmaudit cannot follow. */
export type TransitEnd =
  | { kind: 'vpc'; accountId?: string; vpcId: string; attachment: TransitGatewayAttachment }
  | { kind: 'on-premises'; attachment: TransitGatewayAttachment }
  | { kind: 'dropped' }
  | { kind: 'unknown' };

export interface TransitResult {
  verdict: 'open' | 'blocked' | 'unknown';
  end: TransitEnd;
  /** One line per TGW hop: attachment → route table → route → next attachment. */
  hops: string[];
  reason: string;
}

/** What the source side brings: its VPC and the Availability Zone of its subnet (when known). */
export interface TransitSource {
  accountId: string;
  region: string;
  vpcId: string;
  availabilityZone?: string;
}

const MAX_TGW_HOPS = 8;
const ON_PREMISES_TYPES = new Set(['vpn', 'direct-connect-gateway', 'connect']);

class CompiledTgwRouteTable {
  readonly routes: CompiledTgwRoute[] = [];
  private readonly memo = new Map<number, CompiledTgwRoute | null>();
  constructor(
    readonly table: TransitGatewayRouteTable,
    public complete: boolean,
  ) {}

  lookup(atom: number): CompiledTgwRoute | undefined {
    const hit = this.memo.get(atom);
    if (hit !== undefined) return hit ?? undefined;
    let best: CompiledTgwRoute | undefined;
    for (const r of this.routes) {
      if (!r.atoms.has(atom)) continue;
      if (!best || r.prefix > best.prefix || (r.prefix === best.prefix && r.route.type === 'static' && best.route.type !== 'static')) best = r;
    }
    this.memo.set(atom, best ?? null);
    return best;
  }
}

export class TransitModel {
  private readonly attachments = new Map<string, TransitGatewayAttachment>();
  private readonly vpcAttachments = new Map<string, TransitGatewayAttachment[]>();
  private readonly tables = new Map<string, CompiledTgwRouteTable>();
  private readonly associationOf = new Map<string, string>();
  private readonly knownTgws = new Set<string>();
  private readonly memo = new Map<string, TransitResult>();
  readonly problems: { accountId: string; region: string; resourceType: string; resourceId: string; message: string }[] = [];

  constructor(
    snap: Snapshot,
    private readonly space: AddressSpace,
    prefixListCidrs: (accountId: string, region: string, id: string) => string[] | undefined,
    private readonly subnetAz: (accountId: string, region: string, subnetId: string) => string | undefined,
  ) {
    for (const t of snap.transitGateways) this.knownTgws.add(t.transitGatewayId);
    for (const a of snap.transitGatewayAttachments) {
      const k = `${a.transitGatewayId}|${a.transitGatewayAttachmentId}`;
      const prev = this.attachments.get(k);
      // The same attachment is listed by the TGW owner and the resource owner; keep the fuller copy.
      if (!prev || (prev.state !== 'available' && a.state === 'available') || (!prev.subnetIds.length && a.subnetIds.length)) this.attachments.set(k, merge(prev, a));
      if (a.associatedRouteTableId && a.state !== 'deleted') this.associationOf.set(k, a.associatedRouteTableId);
    }
    for (const a of this.attachments.values()) {
      if (a.resourceType !== 'vpc' || !a.resourceId) continue;
      const k = `${a.transitGatewayId}|${a.resourceId}`;
      const list = this.vpcAttachments.get(k);
      if (list) list.push(a);
      else this.vpcAttachments.set(k, [a]);
    }
    const vpcCidrs = new Map<string, string[]>();
    for (const v of snap.vpcs) vpcCidrs.set(v.vpcId, [...v.cidrBlocks, ...v.ipv6CidrBlocks]);
    for (const t of snap.transitGatewayRouteTables) {
      if (this.tables.has(t.transitGatewayRouteTableId)) continue;
      const c = new CompiledTgwRouteTable(t, t.routesComplete);
      this.tables.set(t.transitGatewayRouteTableId, c);
      for (const id of t.associations) this.associationOf.set(`${t.transitGatewayId}|${id}`, t.transitGatewayRouteTableId);
      const add = (route: TransitGatewayRoute, cidr: string) => {
        const p = parseCidr(cidr);
        const atoms = space.atomsOf(cidr);
        if (!p || !atoms) {
          this.problem(t, `${t.transitGatewayRouteTableId}: cannot read route destination ${JSON.stringify(cidr)}; the route is ignored`);
          c.complete = false;
          return;
        }
        c.routes.push({ route, cidr, atoms, prefix: p.prefix });
      };
      const propagatedFrom = new Set<string>();
      for (const r of t.routes) {
        if (r.type === 'propagated') for (const id of r.attachmentIds) propagatedFrom.add(id);
        if (r.destination) add(r, r.destination);
        else if (r.prefixListId) {
          const list = prefixListCidrs(t.accountId, t.region, r.prefixListId);
          if (list) for (const cidr of list) add(r, cidr);
          else {
            this.problem(t, `${t.transitGatewayRouteTableId}: the route to prefix list ${r.prefixListId} cannot be matched because the prefix list was not collected`);
            c.complete = false;
          }
        }
      }
      for (const id of t.propagations) {
        if (propagatedFrom.has(id)) continue;
        const a = this.attachments.get(`${t.transitGatewayId}|${id}`);
        if (!a || a.state === 'deleted') continue;
        if (a.resourceType === 'vpc' && a.resourceId) {
          const cidrs = vpcCidrs.get(a.resourceId);
          if (!cidrs) {
            this.problem(t, `${t.transitGatewayRouteTableId}: ${id} propagates the CIDRs of ${a.resourceId}, which was not collected`);
            c.complete = false;
            continue;
          }
          for (const cidr of cidrs) add({ destination: cidr, type: 'propagated', state: 'active', attachmentIds: [id] }, cidr);
        } else {
          // VPN / Direct Connect / peering propagations carry routes learned over BGP, which a dump does not hold.
          this.problem(t, `${t.transitGatewayRouteTableId}: ${id} (${a.resourceType}) propagates routes that were not read`);
          c.complete = false;
        }
      }
    }
  }

  private problem(t: TransitGatewayRouteTable, message: string): void {
    this.problems.push({ accountId: t.accountId, region: t.region, resourceType: 'AWS::EC2::TransitGatewayRouteTable', resourceId: t.transitGatewayRouteTableId, message });
  }

  /** Every CIDR of the TGW route tables, so the address atoms are exact for them. */
  static *cidrs(snap: Snapshot): Iterable<string> {
    for (const t of snap.transitGatewayRouteTables) for (const r of t.routes) if (r.destination) yield r.destination;
  }

  get isEmpty(): boolean {
    return this.attachments.size === 0 && this.tables.size === 0;
  }

  attachment(tgwId: string, attachmentId: string): TransitGatewayAttachment | undefined {
    return this.attachments.get(`${tgwId}|${attachmentId}`);
  }

  /** The VPCs a route to this TGW could reach (every VPC attached to it or to a TGW peered with it), and whether it could lead elsewhere. */
  reachableVpcs(tgwId: string): { vpcs: Set<string>; opaque: boolean } {
    const vpcs = new Set<string>();
    let opaque = false;
    const seen = new Set<string>();
    const todo = [tgwId];
    while (todo.length) {
      const t = todo.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      let any = false;
      for (const a of this.attachments.values()) {
        if (a.transitGatewayId !== t || a.state === 'deleted') continue;
        any = true;
        if (a.resourceType === 'vpc' && a.resourceId) vpcs.add(a.resourceId);
        else if (a.resourceType === 'peering') {
          const peer = a.peer?.transitGatewayId ?? a.resourceId;
          if (peer) todo.push(peer);
        } else opaque = true;
      }
      if (!any) opaque = true;
    }
    return { vpcs, opaque };
  }

  /**
   * Follows a packet for an address in `atom` from a VPC into transit gateway `tgwId`. Memoised per
   * (source VPC and AZ, TGW, atom); `hops` and `reason` are filled either way (they are short).
   */
  forward(from: TransitSource, tgwId: string, atom: number): TransitResult {
    const key = `${from.accountId}|${from.region}|${from.vpcId}|${from.availabilityZone ?? ''}|${tgwId}|${atom}`;
    let hit = this.memo.get(key);
    if (!hit) this.memo.set(key, (hit = this.walkFromVpc(from, tgwId, atom)));
    return hit;
  }

  /** Every destination of the TGW route tables as address atoms: where a TGW's decision can change. */
  cuts(): IntervalSet[] {
    return [...this.tables.values()].flatMap((t) => t.routes.map((r) => r.atoms));
  }

  /**
   * Follows a packet for an address in `atom` that enters transit gateway `tgwId` through `attachment`
   * (traffic from on-premises over a VPN or Direct Connect attachment). Memoised like `forward`.
   */
  enter(tgwId: string, attachment: TransitGatewayAttachment, atom: number): TransitResult {
    const key = `enter|${tgwId}|${attachment.transitGatewayAttachmentId}|${atom}`;
    let hit = this.memo.get(key);
    if (!hit) this.memo.set(key, (hit = this.walk(tgwId, attachment, atom, [], 0)));
    return hit;
  }

  private walkFromVpc(from: TransitSource, tgwId: string, atom: number): TransitResult {
    const candidates = this.vpcAttachments.get(`${tgwId}|${from.vpcId}`) ?? [];
    if (!candidates.length) {
      const seen = this.knownTgws.has(tgwId) || [...this.attachments.values()].some((a) => a.transitGatewayId === tgwId);
      if (!seen) return unknown(`transit gateway ${tgwId} was not collected (its attachments and route tables are unknown)`);
      return blocked(`${from.vpcId} has no attachment to ${tgwId}, so the route is a blackhole`, []);
    }
    const att = candidates.find((a) => a.state === 'available') ?? candidates[0];
    if (att.state !== 'available') return blocked(`${att.transitGatewayAttachmentId} (${from.vpcId} → ${tgwId}) is ${att.state}`, []);
    if (from.availabilityZone && att.subnetIds.length) {
      const azs = att.subnetIds.map((s) => this.subnetAz(att.resourceOwnerId && /^\d{12}$/.test(att.resourceOwnerId) ? att.resourceOwnerId : from.accountId, from.region, s) ?? this.subnetAz(from.accountId, from.region, s));
      if (azs.every((z) => z !== undefined) && !azs.includes(from.availabilityZone)) {
        return blocked(`${att.transitGatewayAttachmentId} of ${from.vpcId} has no subnet in ${from.availabilityZone} (only ${[...new Set(azs)].join(', ')}), so traffic from that Availability Zone cannot reach ${tgwId}`, []);
      }
    }
    return this.walk(tgwId, att, atom, [], 0);
  }

  private walk(tgwId: string, ingress: TransitGatewayAttachment, atom: number, hops: string[], depth: number): TransitResult {
    if (depth >= MAX_TGW_HOPS) return unknown(`more than ${MAX_TGW_HOPS} transit gateway hops (a routing loop?)`, hops);
    const rtId = this.associationOf.get(`${tgwId}|${ingress.transitGatewayAttachmentId}`);
    const via = `${tgwId}: from ${ingress.transitGatewayAttachmentId} (${ingress.resourceType} ${ingress.resourceId ?? '?'})`;
    if (!rtId) return blocked(`${via}: the attachment is associated with no route table, so ${tgwId} drops what enters through it`, [...hops, `${via}: no associated route table`]);
    const rt = this.tables.get(rtId);
    if (!rt) return unknown(`${via}: its route table ${rtId} was not collected`, [...hops, `${via} → ${rtId} (not collected)`]);
    const r = rt.lookup(atom);
    const where = describe(this.space, atom);
    if (!r) {
      const line = `${via} → ${rtId}: no route to ${where}`;
      return rt.complete ? blocked(line, [...hops, line]) : unknown(`${line}, but not every route of ${rtId} could be read`, [...hops, line]);
    }
    const routeText = `${r.cidr} (${r.route.type}${r.route.state === 'blackhole' ? ', blackhole' : ''})`;
    if (r.route.state === 'blackhole' || !r.route.attachmentIds.length) {
      const line = `${via} → ${rtId}: ${routeText} is a blackhole`;
      return blocked(line, [...hops, line]);
    }
    const nextId = r.route.attachmentIds[0];
    const next = this.attachment(tgwId, nextId);
    if (!next) {
      const line = `${via} → ${rtId}: ${routeText} → ${nextId} (not collected)`;
      return unknown(line, [...hops, line]);
    }
    const line = `${via} → ${rtId}: ${routeText} → ${nextId} (${next.resourceType} ${next.resourceId ?? '?'}${next.applianceMode ? ', appliance mode' : ''})`;
    const path = [...hops, line];
    if (next.state !== 'available') return blocked(`${line}, which is ${next.state}`, path);
    if (next.resourceType === 'vpc' && next.resourceId) {
      return { verdict: 'open', end: { kind: 'vpc', accountId: next.resourceOwnerId, vpcId: next.resourceId, attachment: next }, hops: path, reason: path.join('; ') };
    }
    if (next.resourceType === 'peering') {
      const peerTgw = next.peer?.transitGatewayId ?? next.resourceId;
      const peerAtt = peerTgw ? this.attachment(peerTgw, nextId) : undefined;
      if (!peerTgw || !peerAtt) return unknown(`${line}: the peer transit gateway ${peerTgw ?? '?'} and its side of ${nextId} were not collected`, path);
      return this.walk(peerTgw, peerAtt, atom, path, depth + 1);
    }
    if (ON_PREMISES_TYPES.has(next.resourceType)) return { verdict: 'open', end: { kind: 'on-premises', attachment: next }, hops: path, reason: path.join('; ') };
    return unknown(`${line}: what lies beyond a ${next.resourceType} attachment is not modelled`, path);
  }
}

function merge(prev: TransitGatewayAttachment | undefined, a: TransitGatewayAttachment): TransitGatewayAttachment {
  if (!prev) return a;
  return { ...prev, ...a, subnetIds: a.subnetIds.length ? a.subnetIds : prev.subnetIds, applianceMode: a.applianceMode || prev.applianceMode, associatedRouteTableId: a.associatedRouteTableId ?? prev.associatedRouteTableId, peer: a.peer ?? prev.peer };
}

function blocked(reason: string, hops: string[]): TransitResult {
  return { verdict: 'blocked', end: { kind: 'dropped' }, hops, reason };
}

function unknown(reason: string, hops: string[] = []): TransitResult {
  return { verdict: 'unknown', end: { kind: 'unknown' }, hops, reason };
}

function describe(space: AddressSpace, atom: number): string {
  const b = space.bounds(atom);
  return b.first === b.last ? b.first : `${b.first}–${b.last}`;
}
