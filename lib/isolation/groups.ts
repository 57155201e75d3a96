/**
 * Equivalence classes and point groups: the reason the analysis never enumerates instance pairs.
 *
 * A *point* is one address of one ENI. Points with the same subnet context (VPC, route table,
 * NACL), the same address atom and the same zone form a *point group*; inside it, ENIs with the same
 * security groups form an *equivalence class*. Every member of a class is indistinguishable to
 * every rule of the estate.
 *
 * Reachability between two groups follows from one identity. Write Out(S)[m] for what the egress
 * rules of S allow towards a destination matched by m (its address, or one of its groups k) and
 * In(D)[m] for what D's ingress rules allow from a source matched by m. Then
 *   reach(S, D) = ∪_{m_i ∈ labels(S), m_o ∈ labels(D)} Out(S)[m_o] ∩ In(D)[m_i]
 * and for a fixed pair of labels the pairs (S, D) that carry them form a product set, so
 *   ∪_{S ∈ G1, D ∈ G2} reach(S, D) = ∪_{m_i, m_o} (∪_{S ∈ G1 with m_i} Out(S)[m_o]) ∩ (∪_{D ∈ G2 with m_o} In(D)[m_i])
 * exactly (intersection distributes over union). Each side is a merged rule summary computed once
 * per group (and per referenced group label), so the cost is per pair of *groups* and per SG
 * reference between them, not per pair of instances.
 */
import type { Endpoint, NetContext, NetworkModel, Point } from './model';
import type { PathCache } from './paths';
import { intersectReach, NO_REACH, type Reach, unionReach } from './services';
import { RuleSummary } from './security-groups';

export interface EqClass {
  sgKey: string;
  sgIds: readonly string[];
  summary: RuleSummary;
  points: Point[];
}

/** Anything with rule summaries per label: a point group, or a single class of one for witnesses. */
export interface Side {
  readonly atom: number;
  readonly net: NetContext;
  summary(): RuleSummary;
  /** The merged rules of the members holding group `label`; undefined when none does. */
  summaryFor(label: string): RuleSummary | undefined;
}

export class PointGroup implements Side {
  readonly classes = new Map<string, EqClass>();
  private merged?: RuleSummary;
  private byLabel?: Map<string, EqClass[]>;
  private readonly labelMemo = new Map<string, RuleSummary>();

  constructor(
    readonly key: string,
    readonly net: NetContext,
    readonly atom: number,
    /** Zone, or the caller's own tag (flow side). */
    readonly tag: string,
    /** Set for same-subnet groups (no NACL between their members). */
    readonly subnetId?: string,
  ) {}

  add(model: NetworkModel, p: Point): void {
    let c = this.classes.get(p.ep.sgKey);
    if (!c) this.classes.set(p.ep.sgKey, (c = { sgKey: p.ep.sgKey, sgIds: p.ep.sgIds, summary: model.summaryOf(p.ep), points: [] }));
    c.points.push(p);
  }

  summary(): RuleSummary {
    return (this.merged ??= RuleSummary.merge([...this.classes.values()].map((c) => c.summary)));
  }

  private labels(): Map<string, EqClass[]> {
    if (!this.byLabel) {
      this.byLabel = new Map();
      for (const c of this.classes.values())
        for (const id of c.sgIds) {
          const list = this.byLabel.get(id);
          if (list) list.push(c);
          else this.byLabel.set(id, [c]);
        }
    }
    return this.byLabel;
  }

  summaryFor(label: string): RuleSummary | undefined {
    const hit = this.labelMemo.get(label);
    if (hit) return hit;
    const classes = this.labels().get(label);
    if (!classes) return undefined;
    const s = RuleSummary.merge(classes.map((c) => c.summary));
    this.labelMemo.set(label, s);
    return s;
  }

  endpoints(): Endpoint[] {
    return [...this.classes.values()].flatMap((c) => c.points.map((p) => p.ep));
  }
}

/** One class seen as a side of its own (for finding a concrete witness pair). */
export class ClassSide implements Side {
  private readonly labels: Set<string>;
  constructor(
    readonly cls: EqClass,
    readonly atom: number,
    readonly net: NetContext,
  ) {
    this.labels = new Set(cls.sgIds);
  }
  summary(): RuleSummary {
    return this.cls.summary;
  }
  summaryFor(label: string): RuleSummary | undefined {
    return this.labels.has(label) ? this.cls.summary : undefined;
  }
}

/** What the security groups allow from any member of `s` to any member of `d` (no network yet). */
export function sgReach(s: Side, d: Side): Reach {
  const out = s.summary().egress;
  const inn = d.summary().ingress;
  let total = intersectReach(out.at(d.atom), inn.at(s.atom));
  // m_i = address, m_o = a group k of the destination referenced by the source's egress.
  for (const [k, outR] of out.ref) {
    const dk = d.summaryFor(k);
    if (dk) total = unionReach(total, intersectReach(outR, dk.ingress.at(s.atom)));
  }
  // m_i = a group h of the source referenced by the destination's ingress.
  for (const [h, inR] of inn.ref) {
    const sh = s.summaryFor(h);
    if (!sh) continue;
    total = unionReach(total, intersectReach(sh.egress.at(d.atom), inR));
    for (const [k, outR] of sh.egress.ref) {
      const dk = d.summaryFor(k);
      const inHk = dk?.ingress.ref.get(h);
      if (inHk) total = unionReach(total, intersectReach(outR, inHk));
    }
  }
  return total;
}

/** Security groups and network together. */
export function sideReach(paths: PathCache, s: Side, d: Side, sameSubnet: boolean): Reach {
  const path = paths.get(s.net, s.atom, d.net, d.atom, sameSubnet);
  if (path.verdict === 'blocked' || path.reach.possible.isEmpty) return NO_REACH;
  const sg = sgReach(s, d);
  return sg.possible.isEmpty ? NO_REACH : intersectReach(sg, path.reach);
}

/** Groups points by network context, atom and a caller-chosen tag (zone, or flow side). */
export function groupPoints(model: NetworkModel, points: Iterable<Point>, tagOf: (p: Point) => string, bySubnet = false): PointGroup[] {
  const groups = new Map<string, PointGroup>();
  for (const p of points) {
    const tag = tagOf(p);
    const k = `${bySubnet ? `${p.ep.accountId}|${p.ep.region}|${p.ep.subnetId}` : p.ep.net.id}\u0000${p.atom}\u0000${tag}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = new PointGroup(k, p.ep.net, p.atom, tag, bySubnet ? `${p.ep.accountId}|${p.ep.region}|${p.ep.subnetId}` : undefined)));
    g.add(model, p);
  }
  return [...groups.values()];
}
