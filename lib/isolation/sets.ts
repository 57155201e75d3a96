/**
 * Reachability between two arbitrary sets of instance addresses (flow intents, `vmaudit reach`),
 * with the same class-based computation as the zone matrix, plus sources outside the estate that
 * come in from the internet. An instance never counts as reaching itself.
 */
import type { Family } from './addresses';
import type { Contribution, IsolationAnalysis, Mode } from './analysis';
import { explainFromInternet, explainPair, type Explanation } from './explain';
import { groupPoints, type PointGroup, sideReach } from './groups';
import type { IntervalSet } from './intervals';
import type { Endpoint, Point } from './model';
import { zoneLabel } from './model';
import { internetPath } from './paths';
import { explainFromOnPremises, onPremisesReach } from './on-premises';
import { NO_REACH, type Protocol, type Reach, unionReach } from './services';
import { parseCidr } from './addresses';

export type SetSpec =
  | { kind: 'internet'; text: string }
  | { kind: 'on-premises'; text: string }
  | { kind: 'zone'; zone: string; text: string }
  | { kind: 'instance'; instanceId: string; text: string }
  | { kind: 'cidr'; cidr: string; atoms: IntervalSet; text: string };

const INSTANCE_ID = /^i-[0-9a-zA-Z]+$/;
const ON_PREMISES_WORDS = new Set(['on-premises', 'on-prem', 'onprem']);

/**
 * A flow or query endpoint: `zone:<name>`, an instance id, a CIDR (every address in it, inside the
 * estate or out), or `internet` (clients on the internet only). An error string when it is none.
 */
export function parseSetSpec(text: string, analysis: IsolationAnalysis, bareZone = false): SetSpec | string {
  const t = text.trim();
  if (t.toLowerCase() === 'internet') return { kind: 'internet', text: t };
  if (ON_PREMISES_WORDS.has(t.toLowerCase())) return { kind: 'on-premises', text: t };
  if (t.startsWith('zone:')) return { kind: 'zone', zone: t.slice(5), text: t };
  if (INSTANCE_ID.test(t)) return { kind: 'instance', instanceId: t, text: t };
  if (parseCidr(t)) {
    const atoms = analysis.model.space.atomsOf(t)!;
    return { kind: 'cidr', cidr: t, atoms, text: t };
  }
  if (/^[0-9a-fA-F.:]+$/.test(t) && parseCidr(`${t}/${t.includes(':') ? 128 : 32}`)) {
    const cidr = `${t}/${t.includes(':') ? 128 : 32}`;
    return { kind: 'cidr', cidr, atoms: analysis.model.space.atomsOf(cidr)!, text: t };
  }
  if (bareZone && t.length) return { kind: 'zone', zone: t === '(unzoned)' ? '' : t, text: t };
  return `expected "zone:<name>", an instance id (i-…), a CIDR (10.0.0.0/16), "internet" or "on-premises", got ${JSON.stringify(text)}`;
}

export function describeSpec(s: SetSpec): string {
  if (s.kind === 'internet') return 'the internet';
  if (s.kind === 'on-premises') return 'on-premises networks';
  if (s.kind === 'zone') return `zone ${zoneLabel(s.zone)}`;
  if (s.kind === 'instance') return s.instanceId;
  return s.cidr;
}

/** The instance addresses a spec names. */
export function specPoints(analysis: IsolationAnalysis, s: SetSpec): Point[] {
  const model = analysis.model;
  if (s.kind === 'instance') return model.instancesById(s.instanceId).flatMap((i) => i.endpoints.flatMap((e) => e.points));
  if (s.kind === 'zone') return model.endpoints.filter((e) => e.zone === s.zone).flatMap((e) => e.points);
  if (s.kind === 'internet' || s.kind === 'on-premises') return [];
  return model.endpoints.flatMap((e) => e.points.filter((p) => s.atoms.has(p.atom)));
}

/** How a source that includes internet clients reads in explanations. */
export function clientText(s: SetSpec): string | undefined {
  return s.kind === 'cidr' ? s.cidr : s.kind === 'internet' ? 'any internet address' : undefined;
}

/** Public addresses of a CIDR source: clients on the internet. Empty for private ranges. */
export function externalAtoms(analysis: IsolationAnalysis, s: SetSpec): IntervalSet | undefined {
  if (s.kind === 'internet') return analysis.model.space.publicAll;
  if (s.kind !== 'cidr') return undefined;
  const pub = s.atoms.intersect(analysis.model.space.publicAll);
  return pub.isEmpty ? undefined : pub;
}

export interface TargetReach {
  accountId: string;
  region: string;
  reach: Reach;
  contributions: Contribution[];
  /** Clients outside the estate: on the internet (through an internet gateway) or on-premises (VPN, Direct Connect). */
  external: { ep: Endpoint; family: Family; reach: Reach; via: 'internet' | 'on-premises' }[];
}

/** Everything the sources reach on the destinations, per destination account and region. */
export function setReach(analysis: IsolationAnalysis, src: readonly Point[], dst: readonly Point[], external?: IntervalSet, onPremises?: OnPremisesSource): Map<string, TargetReach> {
  const out = new Map<string, TargetReach>();
  const target = (accountId: string, region: string) => {
    const k = `${accountId}|${region}`;
    let t = out.get(k);
    if (!t) out.set(k, (t = { accountId, region, reach: NO_REACH, contributions: [] as Contribution[], external: [] as TargetReach['external'] }));
    return t;
  };
  const srcInstances = new Set(src.map((p) => p.ep.instance));
  const overlap = new Set(dst.filter((p) => srcInstances.has(p.ep.instance)).map((p) => p.ep.instance));
  const add = (s: readonly Point[], d: readonly Point[]) => {
    for (const c of pairContributions(analysis, s, d)) {
      const t = target(c.d.net.accountId, c.d.net.region);
      t.reach = unionReach(t.reach, c.reach);
      t.contributions.push(c);
    }
  };
  // Destinations that are not sources themselves: one class-based pass.
  add(src, overlap.size ? dst.filter((p) => !overlap.has(p.ep.instance)) : dst);
  // Each destination that is also a source: reached by every source but itself.
  for (const inst of overlap) add(src.filter((p) => p.ep.instance !== inst), dst.filter((p) => p.ep.instance === inst));
  if (external) {
    const seen = new Set<Endpoint>();
    for (const p of dst) {
      if (seen.has(p.ep)) continue;
      seen.add(p.ep);
      for (const family of [4, 6] as const) {
        if (family === 4 ? !p.ep.publicIpv4 : p.ep.globalIpv6.length === 0) continue;
        const reach = externalReach(analysis, p.ep, family, external);
        if (reach.possible.isEmpty) continue;
        const t = target(p.ep.accountId, p.ep.region);
        t.reach = unionReach(t.reach, reach);
        t.external.push({ ep: p.ep, family, reach, via: 'internet' });
      }
    }
  }
  if (onPremises) {
    const seen = new Set<Endpoint>();
    for (const p of dst) {
      if (seen.has(p.ep)) continue;
      seen.add(p.ep);
      for (const family of [4, 6] as const) {
        const reach = onPremisesReach(analysis.model, p.ep, family, onPremises.atoms);
        if (reach.possible.isEmpty) continue;
        const t = target(p.ep.accountId, p.ep.region);
        t.reach = unionReach(t.reach, reach);
        t.external.push({ ep: p.ep, family, reach, via: 'on-premises' });
      }
    }
  }
  return out;
}

/** On-premises clients: every address the destinations route on-premises, or those of a CIDR. */
export interface OnPremisesSource {
  atoms?: IntervalSet;
  text: string;
}

/**
 * `on-premises`, or a CIDR that holds no instance of the snapshot and no internet address (an
 * office or data-centre range): its clients can only come in over VPN or Direct Connect.
 */
export function onPremisesSource(s: SetSpec, src: readonly Point[], external: IntervalSet | undefined): OnPremisesSource | undefined {
  if (s.kind === 'on-premises') return { text: 'on-premises' };
  if (s.kind === 'cidr' && !src.length && !external) return { atoms: s.atoms, text: s.cidr };
  return undefined;
}

/** Internet clients in `atoms` to one ENI's public address: SG rules containing the client, route back to an IGW, NACL both ways. */
export function externalReach(analysis: IsolationAnalysis, ep: Endpoint, family: Family, atoms: IntervalSet): Reach {
  const ingress = analysis.model.summaryOf(ep).ingress;
  return internetPath(analysis.model, ep.net, family, ingress.cuts(), (a) => ingress.at(a), atoms);
}

/** Source points grouped once, reused against many destinations. */
export interface SourceGroups {
  main: PointGroup[];
  bySubnet: Map<string, PointGroup[]>;
}

export function sourceGroups(analysis: IsolationAnalysis, src: readonly Point[]): SourceGroups {
  const tag = () => '';
  const bySubnet = new Map<string, PointGroup[]>();
  for (const g of groupPoints(analysis.model, src, tag, true)) {
    const list = bySubnet.get(g.subnetId!);
    if (list) list.push(g);
    else bySubnet.set(g.subnetId!, [g]);
  }
  return { main: groupPoints(analysis.model, src, tag), bySubnet };
}

export function pairContributions(analysis: IsolationAnalysis, src: readonly Point[] | SourceGroups, dst: readonly Point[]): Contribution[] {
  const sg = Array.isArray(src) ? sourceGroups(analysis, src as readonly Point[]) : (src as SourceGroups);
  if (!sg.main.length || !dst.length) return [];
  const out: Contribution[] = [];
  const tag = () => '';
  for (const d of groupPoints(analysis.model, dst, tag)) {
    for (const s of sg.main) {
      const reach = sideReach(analysis.paths, s, d, false);
      if (!reach.possible.isEmpty) out.push({ s, d, sameSubnet: false, reach });
    }
  }
  for (const d of groupPoints(analysis.model, dst, tag, true)) {
    for (const s of sg.bySubnet.get(d.subnetId!) ?? []) {
      const reach = sideReach(analysis.paths, s, d, true);
      if (!reach.possible.isEmpty) out.push({ s, d, sameSubnet: true, reach });
    }
  }
  return out;
}

/** A concrete explained path for one port of a set-to-set answer. */
export function setWitness(analysis: IsolationAnalysis, t: TargetReach, protocol: Protocol, port: number, mode: Mode, externalCidr?: string, externalAtomsSet?: IntervalSet, onPremises?: OnPremisesSource): Explanation | undefined {
  const w = analysis.witness(t.contributions, protocol, port, mode);
  if (w) return w;
  const e = t.external.find((x) => x.reach[mode].has(protocol, port));
  if (!e) return undefined;
  if (e.via === 'on-premises') return explainFromOnPremises(analysis.model, e.ep, e.family, protocol, port, onPremises?.atoms, onPremises?.text);
  return explainFromInternet(analysis.model, e.ep, e.family, protocol, port, externalAtomsSet, externalCidr);
}

/**
 * Why nothing got through: explains the port for sample pairs and keeps the pair that got furthest
 * (most hops passed), so the answer names the hop that really decides.
 */
export function blockingExplanation(analysis: IsolationAnalysis, src: readonly Point[], dst: readonly Point[], protocol: Protocol, port: number, external?: { atoms: IntervalSet; cidr: string }, limit = 200, onPremises?: OnPremisesSource): Explanation | undefined {
  let best: Explanation | undefined;
  let bestScore = -1;
  const consider = (x: Explanation) => {
    const passed = x.hops.findIndex((h) => h.verdict === 'block' || h.verdict === 'unknown');
    const score = passed < 0 ? x.hops.length : passed;
    if (score > bestScore) {
      best = x;
      bestScore = score;
    }
  };
  const srcSample = sample(src, Math.ceil(Math.sqrt(limit)));
  const dstSample = sample(dst, Math.ceil(Math.sqrt(limit)));
  for (const s of srcSample)
    for (const d of dstSample) {
      if (s.ep.instance === d.ep.instance) continue;
      if (analysis.model.space.family(s.atom) !== analysis.model.space.family(d.atom)) continue;
      consider(explainPair(analysis.model, s, d, protocol, port));
    }
  if (external) {
    const eps = [...new Set(dstSample.map((p) => p.ep))];
    for (const ep of eps) for (const family of [4, 6] as const) consider(explainFromInternet(analysis.model, ep, family, protocol, port, external.atoms, external.cidr));
  }
  if (onPremises) {
    const eps = [...new Set(dstSample.map((p) => p.ep))];
    for (const ep of eps) for (const family of [4, 6] as const) if (ep.points.some((p) => analysis.model.space.family(p.atom) === family)) consider(explainFromOnPremises(analysis.model, ep, family, protocol, port, onPremises.atoms, onPremises.text));
  }
  return best;
}

function sample<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const out: T[] = [];
  const step = xs.length / n;
  for (let i = 0; i < n; i++) out.push(xs[Math.floor(i * step)]);
  return out;
}
