/**
 * Traffic from on-premises networks (over a site-to-site VPN or Direct Connect) to an instance: an
 * endpoint outside the estate, like the internet, reached through a different door.
 *
 * AWS's inventory holds no on-premises address plan, so on-premises addresses are what the
 * destination's own route table says they are: the destinations it sends to a virtual private
 * gateway (`vgw-`), or to a transit gateway whose route table carries them on to a VPN, Direct
 * Connect gateway or Connect attachment. For such a client address a packet gets in when
 * - the way in delivers it to the destination's VPC: a virtual private gateway delivers into the VPC
 *   it is attached to; through a TGW, the route table associated with that VPN / Direct Connect
 *   attachment must route the destination address to the destination VPC's attachment;
 * - the destination subnet's NACL admits the request and lets the reply out to an ephemeral port;
 * - a security-group rule of the destination admits the client address;
 * - the reply is routed back the same way (the route that made the address "on-premises").
 * Whether the on-premises network sends the traffic at all is outside AWS and is not judged: the
 * question answered is what an on-premises host could reach.
 */
import type { Family } from './addresses';
import { conclude, endpointRef, naclHop, returnHopInternet, worldSgHop, type Explanation, type Hop } from './explain';
import type { IntervalSet } from './intervals';
import type { Endpoint, NetworkModel } from './model';
import { describeAtom, pieces } from './paths';
import { describeRoute } from './routes';
import { NO_REACH, type Protocol, type Reach, returnGate, ServiceSet, unionReach } from './services';

interface Door {
  verdict: 'pass' | 'block' | 'unknown';
  /** The reply's way out: the destination's route back to the client. */
  back: Hop;
  /** The request's way in, when the way back leads on-premises. */
  in?: Hop;
}

const NOT_ON_PREMISES = new Set(['local', 'igw', 'eigw', 'nat', 'peering']);

/** Whether `atom` is on-premises as seen from `ep`'s subnet, and whether a packet from it gets to `ep`'s VPC. */
function doorAt(model: NetworkModel, ep: Endpoint, atom: number, destAtom: number): Door {
  const rt = ep.net.routeTable;
  const where = describeAtom(model.space, atom);
  if (!rt) {
    const back: Hop = { step: 'return-route', verdict: 'unknown', detail: ep.net.routeTableMissing ?? 'route table unknown' };
    return { verdict: 'unknown', back };
  }
  const r = rt.lookup(atom);
  const evidence = describeRoute(rt.id, r);
  if (!r || r.route.state === 'blackhole') {
    return { verdict: 'block', back: { step: 'return-route', verdict: 'block', detail: `${rt.id} has no route to ${where} through a virtual private gateway or a transit gateway${r ? ' (blackhole)' : ''}`, evidence } };
  }
  const target = r.route.target;
  if (target.kind === 'vgw') {
    return {
      verdict: 'pass',
      back: { step: 'return-route', verdict: 'pass', detail: `reply: ${rt.id} routes ${r.cidr} to virtual private gateway ${target.id} (on-premises)`, evidence },
      in: { step: 'route', verdict: 'pass', detail: `${target.id} delivers traffic from on-premises into ${ep.vpcId}`, evidence: { gateway: target.id, vpcId: ep.vpcId } },
    };
  }
  if (target.kind !== 'tgw') {
    const verdict = NOT_ON_PREMISES.has(target.kind) ? 'block' : 'unknown';
    const detail = `${rt.id} routes ${r.cidr} to ${target.kind} ${target.id}${verdict === 'block' ? ', not on-premises' : ', beyond which vmaudit does not follow'}`;
    return { verdict, back: { step: 'return-route', verdict, detail, evidence } };
  }
  const out = model.transit.forward({ accountId: ep.accountId, region: ep.region, vpcId: ep.vpcId, availabilityZone: ep.net.availabilityZone }, target.id, atom);
  const tgwEvidence = { ...evidence, transitGateway: out.hops };
  if (out.verdict !== 'open' || out.end.kind !== 'on-premises') {
    const verdict = out.verdict === 'unknown' ? 'unknown' : 'block';
    const detail = out.verdict === 'open' ? `${rt.id} routes ${r.cidr} to ${target.id}, which delivers it to ${out.end.kind === 'vpc' ? out.end.vpcId : 'no on-premises attachment'}: ${out.reason}` : `${rt.id} routes ${r.cidr} to ${target.id}: ${out.reason}`;
    return { verdict, back: { step: 'return-route', verdict, detail, evidence: tgwEvidence } };
  }
  const back: Hop = { step: 'return-route', verdict: 'pass', detail: `reply: ${rt.id} routes ${r.cidr} to transit gateway ${target.id}; ${out.reason} (on-premises)`, evidence: tgwEvidence };
  const gate = out.end.attachment;
  const inward = model.transit.enter(gate.transitGatewayId, gate, destAtom);
  const arrives = inward.verdict === 'open' && inward.end.kind === 'vpc' && inward.end.vpcId === ep.vpcId;
  const inVerdict = arrives ? 'pass' : inward.verdict === 'unknown' ? 'unknown' : 'block';
  const inDetail = arrives
    ? inward.reason
    : inward.verdict === 'open'
      ? `${inward.reason}, not to ${ep.vpcId}`
      : inward.reason;
  return { verdict: inVerdict, back, in: { step: 'route', verdict: inVerdict, detail: inDetail, evidence: { transitGateway: inward.hops } } };
}

function familyArea(model: NetworkModel, family: Family, within?: IntervalSet): IntervalSet {
  const all = family === 4 ? model.space.all4 : model.space.all6;
  return within ? within.intersect(all) : all;
}

function clientPieces(model: NetworkModel, ep: Endpoint, family: Family, within?: IntervalSet): number[] {
  const ingress = model.summaryOf(ep).ingress;
  return pieces(familyArea(model, family, within), [...(ep.net.nacl?.cuts() ?? []), ...(ep.net.routeTable?.cuts() ?? []), ...ingress.cuts(), ...model.transit.cuts()]);
}

function destinationAtom(ep: Endpoint, model: NetworkModel, family: Family): number | undefined {
  return ep.points.find((p) => model.space.family(p.atom) === family)?.atom;
}

/** What on-premises clients (within `within`, when given) reach on `ep`'s addresses of `family`. */
export function onPremisesReach(model: NetworkModel, ep: Endpoint, family: Family, within?: IntervalSet): Reach {
  const dest = destinationAtom(ep, model, family);
  if (dest === undefined) return NO_REACH;
  const ingress = model.summaryOf(ep).ingress;
  let total: Reach = NO_REACH;
  for (const a of clientPieces(model, ep, family, within)) {
    const door = doorAt(model, ep, a, dest);
    if (door.verdict === 'block') continue;
    const nacl = ep.net.nacl;
    const net = nacl ? nacl.allowed('in', a).intersect(returnGate(nacl.allowed('out', a))) : ServiceSet.ALL;
    if (net.isEmpty) continue;
    const sg = ingress.at(a);
    const sure = door.verdict === 'pass' && nacl ? net.intersect(sg.sure) : ServiceSet.EMPTY;
    const possible = net.intersect(sg.possible);
    if (possible.isEmpty) continue;
    total = unionReach(total, { sure, possible });
  }
  return total;
}

/**
 * One packet from an on-premises client to `ep` and its reply, hop by hop; the client address is
 * chosen where the packet gets furthest. `clientText` names the source as the user gave it.
 */
export function explainFromOnPremises(model: NetworkModel, ep: Endpoint, family: Family, protocol: Protocol, port: number, within?: IntervalSet, clientText = 'on-premises'): Explanation {
  const destPoint = ep.points.find((p) => model.space.family(p.atom) === family) ?? ep.points[0];
  const destination = endpointRef(destPoint);
  let best: Explanation | undefined;
  let bestScore = -1;
  const candidates = clientPieces(model, ep, family, within);
  for (const a of candidates.length ? candidates : [familyArea(model, family, within).min ?? 0]) {
    const door = doorAt(model, ep, a, destPoint.atom);
    const client = model.space.bounds(a);
    const hops: Hop[] = [];
    hops.push(door.in ?? { step: 'route', verdict: door.verdict === 'unknown' ? 'unknown' : 'block', detail: `${client.first} is not on-premises as ${ep.net.routeTable?.id ?? 'the route table'} sees it: ${door.back.detail}` });
    hops.push(naclHop('nacl-inbound', ep.net, 'in', a, protocol, port, `${client.first} (on-premises)`));
    hops.push(worldSgHop(model, ep, a, protocol, port, `${client.first} (on-premises)`, true));
    hops.push(door.back);
    hops.push(returnHopInternet(ep.net, a, protocol, port));
    const c = conclude(hops);
    const score = c.verdict === 'open' ? 1000 : hops.findIndex((h) => h.verdict !== 'pass');
    if (score > bestScore) {
      bestScore = score;
      best = { protocol, port, source: { cidr: clientText, address: client.first, origin: 'on-premises' }, destination, hops, ...c };
    }
    if (c.verdict === 'open') break;
  }
  return best!;
}
