/**
 * The isolation analysis of one run: zone-to-zone reachability and internet exposure, computed on
 * point groups and equivalence classes (see groups.ts), plus concrete witnesses that explain each
 * answer. The three isolation rules share one instance through `ctx.memo('isolation', …)`.
 */
import type { InventoryIndex } from '../engine/inventory-index';
import type { PolicyDocument } from '../policy/schema';
import type { Family } from './addresses';
import { parseCidr } from './addresses';
import { explainFromInternet, explainPair, type Explanation } from './explain';
import { ClassSide, type EqClass, groupPoints, type PointGroup, sgReach, sideReach, subnetKey } from './groups';
import { type Endpoint, NetworkModel, type Point, UNZONED } from './model';
import { computePath, internetPath, PathCache } from './paths';
import { intersectReach, NO_REACH, type Protocol, type Reach, unionReach } from './services';
import { worldIngress } from './security-groups';

export interface Contribution {
  s: PointGroup;
  d: PointGroup;
  sameSubnet: boolean;
  reach: Reach;
}

/** Reachability from one zone to another, for destinations in one account and region. */
export interface ZoneCell {
  sourceZone: string;
  destinationZone: string;
  accountId: string;
  region: string;
  reach: Reach;
  contributions: Contribution[];
}

export interface InstanceExposure {
  accountId: string;
  region: string;
  instanceId: string;
  zone: string;
  endpoints: { ep: Endpoint; family: Family; reach: Reach }[];
  reach: Reach;
}

export type Mode = 'sure' | 'possible';

export class IsolationAnalysis {
  readonly model: NetworkModel;
  readonly paths: PathCache;
  private cellsMemo?: ZoneCell[];
  private exposureMemo?: InstanceExposure[];
  private readonly netExposure = new Map<string, Reach>();
  private readonly witnessCache = new WeakMap<readonly Contribution[], { key: string; c1: EqClass; c2: EqClass; reach: Reach }[]>();

  constructor(inv: InventoryIndex, options: { zoneTag?: string; extraCidrs?: readonly string[] } = {}) {
    this.model = new NetworkModel(inv, options);
    this.paths = new PathCache(this.model);
  }

  static forPolicy(inv: InventoryIndex, policy: PolicyDocument): IsolationAnalysis {
    const extra: string[] = [];
    for (const f of policy.flows) for (const e of [f.source, f.destination]) if (parseCidr(e)) extra.push(e);
    return new IsolationAnalysis(inv, { zoneTag: policy.isolation?.zoneTag, extraCidrs: extra });
  }

  /** Instances per zone (UNZONED included). */
  zoneCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const i of this.model.instances) m.set(i.zone, (m.get(i.zone) ?? 0) + 1);
    return m;
  }

  /** Every (source zone, destination zone, destination account/region) with some reachability. */
  cells(): ZoneCell[] {
    return (this.cellsMemo ??= this.computeCells());
  }

  private computeCells(): ZoneCell[] {
    const model = this.model;
    const cells = new Map<string, ZoneCell>();
    const add = (s: PointGroup, d: PointGroup, sameSubnet: boolean, reach: Reach) => {
      const k = `${s.tag}\u0000${d.tag}\u0000${d.net.accountId}\u0000${d.net.region}`;
      let c = cells.get(k);
      if (!c) cells.set(k, (c = { sourceZone: s.tag, destinationZone: d.tag, accountId: d.net.accountId, region: d.net.region, reach: NO_REACH, contributions: [] }));
      c.reach = unionReach(c.reach, reach);
      c.contributions.push({ s, d, sameSubnet, reach });
    };
    const points: Point[] = model.endpoints.flatMap((e) => e.points);
    const zoneOf = (p: Point) => p.ep.zone;
    // Main product: every pair of contexts (subnet context × atom), NACLs applied. Contexts are
    // visited net by net so that pairs of subnets that cannot route to each other cost one check.
    const contexts = byContext(groupPoints(model, points, zoneOf));
    const byNet = new Map<number, Context[]>();
    for (const c of contexts) {
      const list = byNet.get(c.net.id);
      if (list) list.push(c);
      else byNet.set(c.net.id, [c]);
    }
    const nets = [...byNet.values()];
    for (const l1 of nets) {
      for (const l2 of nets) {
        if (!this.paths.routes(l1[0].net, l2[0].net)) continue;
        for (const c1 of l1)
          for (const c2 of l2) {
            // Only pairs of different zones count; a context pair where both sides are one and the same zone has none.
            if (c1.onlyZone !== undefined && c1.onlyZone === c2.onlyZone) continue;
            if (model.space.family(c1.atom) !== model.space.family(c2.atom)) continue;
            // Computed directly, not through the cache: each context pair comes up once here.
            const path = computePath(model, c1.net, c1.atom, c2.net, c2.atom, false);
            if (path.verdict === 'blocked' || path.reach.possible.isEmpty) continue;
            for (const g1 of c1.groups)
              for (const g2 of c2.groups) {
                if (g1.tag === g2.tag) continue;
                const sg = sgReach(g1, g2);
                if (sg.possible.isEmpty) continue;
                const r = intersectReach(sg, path.reach);
                if (!r.possible.isEmpty) add(g1, g2, false, r);
              }
          }
      }
    }
    // Same-subnet supplement: two ENIs of one subnet cross no NACL. The main product applied the
    // NACL to them too (an under-estimate), so adding these pairs without it makes the union exact.
    // Only subnets holding more than one zone can add anything, and only those whose NACL (or
    // routes) restricted the main product's pairs: where the path between their atoms was already
    // fully open, the main product counted those pairs exactly.
    const bySubnetInfo = new Map<string, { zones: Set<string>; atoms: Set<number>; net: Endpoint['net'] }>();
    for (const ep of model.endpoints) {
      const k = subnetKey(ep);
      let z = bySubnetInfo.get(k);
      if (!z) bySubnetInfo.set(k, (z = { zones: new Set(), atoms: new Set(), net: ep.net }));
      z.zones.add(ep.zone);
      for (const p of ep.points) z.atoms.add(p.atom);
    }
    const needs = new Map<string, boolean>();
    for (const [k, z] of bySubnetInfo) {
      if (z.zones.size < 2) continue;
      let restricted = false;
      for (const a1 of z.atoms)
        for (const a2 of z.atoms) {
          if (restricted || model.space.family(a1) !== model.space.family(a2)) continue;
          const path = this.paths.get(z.net, a1, z.net, a2, false);
          if (path.verdict !== 'open' || !path.reach.sure.isAll) restricted = true;
        }
      needs.set(k, restricted);
    }
    const mixed = points.filter((p) => needs.get(subnetKey(p.ep)) === true);
    // A subnet alone in its context gives the same members as the context's group: reuse that
    // group, whose merged rules are already built.
    const netGroups = new Map<string, PointGroup>();
    for (const c of contexts) for (const g of c.groups) netGroups.set(`${g.net.id}\u0000${g.atom}\u0000${g.tag}`, g);
    const size = (g: PointGroup) => {
      let n = 0;
      for (const c of g.classes.values()) n += c.points.length;
      return n;
    };
    const bySubnet = new Map<string, PointGroup[]>();
    for (const sg of groupPoints(model, mixed, zoneOf, true)) {
      const ng = netGroups.get(`${sg.net.id}\u0000${sg.atom}\u0000${sg.tag}`);
      const g = ng && size(ng) === size(sg) ? ng : sg;
      const list = bySubnet.get(sg.subnetId!);
      if (list) list.push(g);
      else bySubnet.set(sg.subnetId!, [g]);
    }
    for (const list of bySubnet.values()) {
      for (const g1 of list)
        for (const g2 of list) {
          if (g1.tag === g2.tag) continue;
          const r = sideReach(this.paths, g1, g2, true);
          if (!r.possible.isEmpty) add(g1, g2, true, r);
        }
    }
    return [...cells.values()];
  }

  /** Internet exposure of every analysed instance (NO_REACH when not exposed). */
  exposures(): InstanceExposure[] {
    return (this.exposureMemo ??= this.computeExposures());
  }

  /** What the internet can reach on one ENI through one address family. */
  endpointExposure(ep: Endpoint, family: Family): Reach {
    const k = `${ep.sgKey}\u0000${ep.net.id}\u0000${family}`;
    let hit = this.netExposure.get(k);
    if (hit) return hit;
    const sg = worldIngress(this.model.summaryOf(ep), this.model.space, family);
    hit = sg.possible.isEmpty ? NO_REACH : intersectReach(sg, this.netInternet(ep, family));
    this.netExposure.set(k, hit);
    return hit;
  }

  private netInternet(ep: Endpoint, family: Family): Reach {
    const k = `net\u0000${ep.net.id}\u0000${family}`;
    let hit = this.netExposure.get(k);
    if (!hit) this.netExposure.set(k, (hit = internetPath(this.model, ep.net, family)));
    return hit;
  }

  private computeExposures(): InstanceExposure[] {
    const out: InstanceExposure[] = [];
    for (const i of this.model.instances) {
      const x: InstanceExposure = { accountId: i.instance.accountId, region: i.instance.region, instanceId: i.instance.instanceId, zone: i.zone, endpoints: [], reach: NO_REACH };
      for (const ep of i.endpoints) {
        for (const family of [4, 6] as const) {
          if (family === 4 ? !ep.publicIpv4 : ep.globalIpv6.length === 0) continue;
          const reach = this.endpointExposure(ep, family);
          x.endpoints.push({ ep, family, reach });
          x.reach = unionReach(x.reach, reach);
        }
      }
      out.push(x);
    }
    return out;
  }

  /**
   * A concrete pair of instances behind a reachability answer, explained hop by hop: the first
   * contribution carrying the port, then the first pair of classes inside it that does.
   */
  witness(contributions: readonly Contribution[], protocol: Protocol, port: number, mode: Mode): Explanation | undefined {
    // Class pairs already found for this cell explain most of its other port ranges too: look there first.
    let found = this.witnessCache.get(contributions);
    if (!found) this.witnessCache.set(contributions, (found = []));
    for (const w of found) if (w.reach[mode].has(protocol, port)) return this.explainWitness(w.c1, w.c2, protocol, port);
    const tried = new Set<string>(found.map((w) => w.key));
    for (let ci = 0; ci < contributions.length; ci++) {
      const c = contributions[ci];
      if (!c.reach[mode].has(protocol, port)) continue;
      const { s, d } = c;
      for (const c2 of d.classes.values()) {
        const ds = new ClassSide(c2, d.atom, d.net);
        const inn = ds.ingress();
        let admits = inn.at(s.atom)[mode].has(protocol, port);
        if (!admits) for (const [h, r] of inn.ref) if (r[mode].has(protocol, port) && s.holds(h)) admits = true;
        if (!admits) continue;
        for (const c1 of s.classes.values()) {
          const key = `${ci}|${c1.sgKey}|${c2.sgKey}`;
          if (tried.has(key)) continue;
          tried.add(key);
          const r = sideReach(this.paths, new ClassSide(c1, s.atom, s.net), ds, c.sameSubnet);
          if (r.possible.isEmpty) continue;
          const w = { key, c1, c2, reach: r };
          found.push(w);
          if (r[mode].has(protocol, port)) return this.explainWitness(c1, c2, protocol, port);
        }
      }
    }
    return undefined;
  }

  private explainWitness(c1: EqClass, c2: EqClass, protocol: Protocol, port: number): Explanation {
    const p1 = c1.points[0];
    const p2 = c2.points.find((p) => p.ep.instance !== p1.ep.instance) ?? c2.points[0];
    return explainPair(this.model, p1, p2, protocol, port);
  }

  internetWitness(x: InstanceExposure, protocol: Protocol, port: number, mode: Mode): Explanation | undefined {
    const e = x.endpoints.find((e) => e.reach[mode].has(protocol, port)) ?? x.endpoints[0];
    return e ? explainFromInternet(this.model, e.ep, e.family, protocol, port) : undefined;
  }
}

interface Context {
  net: PointGroup['net'];
  atom: number;
  groups: PointGroup[];
  /** The zone of every group here, when they all share one. */
  onlyZone?: string;
}

function byContext(groups: PointGroup[]): Context[] {
  const m = new Map<string, Context>();
  for (const g of groups) {
    const k = `${g.net.id}\u0000${g.atom}`;
    let c = m.get(k);
    if (!c) m.set(k, (c = { net: g.net, atom: g.atom, groups: [] }));
    c.groups.push(g);
  }
  for (const c of m.values()) if (c.groups.length === 1) c.onlyZone = c.groups[0].tag;
  return [...m.values()];
}

export function isUnzoned(zone: string): boolean {
  return zone === UNZONED;
}
