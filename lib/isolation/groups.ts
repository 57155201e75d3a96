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
import { Side, type CompiledSg } from './security-groups';

export interface EqClass {
  sgKey: string;
  sgIds: readonly string[];
  groups: readonly CompiledSg[];
  points: Point[];
  /** The class's own merged rules, built on first use (witness search asks for them again and again). */
  egress?: Side;
  ingress?: Side;
  labels?: Set<string>;
}

/**
 * A side of a pair: what its members' egress rules allow (in total, or for the members holding one
 * group) and what their ingress rules allow. Point groups and single classes both play it.
 */
export interface Party {
  readonly atom: number;
  readonly net: NetContext;
  egress(): Side;
  ingress(): Side;
  /** Rules of the members holding group `label`; undefined when no member does. */
  egressFor(label: string): Side | undefined;
  ingressFor(label: string): Side | undefined;
}

/** Merged rules of a set of classes; every group counted once however many classes share it. */
function sideOf(classes: Iterable<EqClass>, direction: 'ingress' | 'egress'): Side {
  const seen = new Set<CompiledSg>();
  for (const c of classes) for (const g of c.groups) seen.add(g);
  return Side.of(seen, direction);
}

export class PointGroup implements Party {
  readonly classes = new Map<string, EqClass>();
  private eg?: Side;
  private ing?: Side;
  private byLabel?: Map<string, EqClass[]>;
  private readonly egMemo = new Map<string, Side>();
  private readonly ingMemo = new Map<string, Side>();

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
    if (!c) this.classes.set(p.ep.sgKey, (c = { sgKey: p.ep.sgKey, sgIds: p.ep.sgIds, groups: model.groupsOf(p.ep), points: [] }));
    c.points.push(p);
  }

  egress(): Side {
    return (this.eg ??= sideOf(this.classes.values(), 'egress'));
  }

  ingress(): Side {
    return (this.ing ??= sideOf(this.classes.values(), 'ingress'));
  }

  /** Whether some member holds group `label`. */
  holds(label: string): boolean {
    return this.labels().has(label);
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

  egressFor(label: string): Side | undefined {
    return this.forLabel(label, 'egress', this.egMemo);
  }

  ingressFor(label: string): Side | undefined {
    return this.forLabel(label, 'ingress', this.ingMemo);
  }

  private forLabel(label: string, direction: 'ingress' | 'egress', memo: Map<string, Side>): Side | undefined {
    const hit = memo.get(label);
    if (hit) return hit;
    const classes = this.labels().get(label);
    if (!classes) return undefined;
    // A group held by every class of the group point: its members are all of them.
    const s = classes.length === this.classes.size ? (direction === 'egress' ? this.egress() : this.ingress()) : sideOf(classes, direction);
    memo.set(label, s);
    return s;
  }

  endpoints(): Endpoint[] {
    return [...this.classes.values()].flatMap((c) => c.points.map((p) => p.ep));
  }
}

/** One class seen as a side of its own (for finding a concrete witness pair). */
export class ClassSide implements Party {
  private readonly labels: Set<string>;
  constructor(
    readonly cls: EqClass,
    readonly atom: number,
    readonly net: NetContext,
  ) {
    this.labels = cls.labels ??= new Set(cls.sgIds);
  }
  egress(): Side {
    return (this.cls.egress ??= Side.of(this.cls.groups, 'egress'));
  }
  ingress(): Side {
    return (this.cls.ingress ??= Side.of(this.cls.groups, 'ingress'));
  }
  egressFor(label: string): Side | undefined {
    return this.labels.has(label) ? this.egress() : undefined;
  }
  ingressFor(label: string): Side | undefined {
    return this.labels.has(label) ? this.ingress() : undefined;
  }
}

/** What the security groups allow from any member of `s` to any member of `d` (no network yet). */
export function sgReach(s: Party, d: Party): Reach {
  const out = s.egress();
  const inn = d.ingress();
  let total = intersectReach(out.at(d.atom), inn.at(s.atom));
  // m_i = address, m_o = a group k of the destination referenced by the source's egress.
  for (const [k, outR] of out.ref) {
    const dk = d.ingressFor(k);
    if (dk) total = unionReach(total, intersectReach(outR, dk.at(s.atom)));
  }
  // m_i = a group h of the source referenced by the destination's ingress.
  for (const [h, inR] of inn.ref) {
    const sh = s.egressFor(h);
    if (!sh) continue;
    total = unionReach(total, intersectReach(sh.at(d.atom), inR));
    for (const [k, outR] of sh.ref) {
      const inHk = d.ingressFor(k)?.ref.get(h);
      if (inHk) total = unionReach(total, intersectReach(outR, inHk));
    }
  }
  return total;
}

/** Security groups and network together. */
export function sideReach(paths: PathCache, s: Party, d: Party, sameSubnet: boolean): Reach {
  const path = paths.get(s.net, s.atom, d.net, d.atom, sameSubnet);
  if (path.verdict === 'blocked' || path.reach.possible.isEmpty) return NO_REACH;
  const sg = sgReach(s, d);
  return sg.possible.isEmpty ? NO_REACH : intersectReach(sg, path.reach);
}

/** Groups points by network context, atom and a caller-chosen tag (zone, or flow side). */
export function groupPoints(model: NetworkModel, points: Iterable<Point>, tagOf: (p: Point) => string, bySubnet = false): PointGroup[] {
  // Nested maps (context or subnet → atom → tag): no key string built per point.
  const out: PointGroup[] = [];
  const top = new Map<number | string, Map<number, Map<string, PointGroup>>>();
  for (const p of points) {
    const tag = tagOf(p);
    const where = bySubnet ? subnetKey(p.ep) : p.ep.net.id;
    let byAtom = top.get(where);
    if (!byAtom) top.set(where, (byAtom = new Map()));
    let byTag = byAtom.get(p.atom);
    if (!byTag) byAtom.set(p.atom, (byTag = new Map()));
    let g = byTag.get(tag);
    if (!g) {
      g = new PointGroup(`${where}\u0000${p.atom}\u0000${tag}`, p.ep.net, p.atom, tag, bySubnet ? (where as string) : undefined);
      byTag.set(tag, g);
      out.push(g);
    }
    g.add(model, p);
  }
  return out;
}

/** account|region|subnet: the identity of a subnet across accounts. */
export function subnetKey(ep: Endpoint): string {
  return `${ep.accountId}|${ep.region}|${ep.subnetId}`;
}
