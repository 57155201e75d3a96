/**
 * Security groups compiled for reachability: each rule becomes (services, peer), the peer being an
 * interval of address atoms (CIDR or resolved prefix list), another group (SG reference, matched by
 * group id, which AWS keeps unique across accounts), or "unknown" (prefix list not collected): an
 * unknown peer may match anything, so what it allows is only *possible*, never proven.
 *
 * A `RuleSummary` is the union of the rules of several groups (one ENI's groups, or every ENI of an
 * equivalence class or point group), with rules of the same peer merged, so the pair computation
 * does one lookup per peer instead of one per rule.
 */
import type { SecurityGroup, SgRule } from '../model/types';
import type { AddressSpace, Family } from './addresses';
import { IntervalSet } from './intervals';
import { maybeReach, NO_REACH, type Reach, ServiceSet, sgRuleServices, sureReach, unionReach } from './services';

export type Peer = { kind: 'addr'; atoms: IntervalSet } | { kind: 'sg'; groupId: string } | { kind: 'any'; reason: string };

export interface CompiledSgRule {
  groupId: string;
  direction: 'ingress' | 'egress';
  /** Absent for the stand-in rule of a group that was not collected. */
  rule?: SgRule;
  svc: ServiceSet;
  peer: Peer;
}

export interface CompiledSg {
  groupId: string;
  group?: SecurityGroup;
  ingress: CompiledSgRule[];
  egress: CompiledSgRule[];
  /** Why the group's rules are unknown (not collected). */
  missing?: string;
}

export interface SgProblem {
  accountId: string;
  region: string;
  groupId: string;
  message: string;
}

export function describePeer(rule: CompiledSgRule): string {
  const p = rule.rule?.peer;
  if (!p) return 'anything (group not collected)';
  switch (p.kind) {
    case 'cidr4':
    case 'cidr6':
      return p.cidr;
    case 'prefixList':
      return `prefix list ${p.prefixListId}`;
    case 'sg':
      return p.userId ? `${p.groupId} (account ${p.userId})` : p.groupId;
  }
}

/** How an SG rule reads in evidence and explanations. */
export function describeSgRule(rule: CompiledSgRule): Record<string, unknown> {
  return {
    groupId: rule.groupId,
    direction: rule.direction,
    protocol: rule.rule?.protocol ?? '-1',
    ports: rule.svc.describe(),
    peer: describePeer(rule),
    ...(rule.rule?.ruleId ? { ruleId: rule.rule.ruleId } : {}),
    ...(rule.rule?.description ? { description: rule.rule.description } : {}),
  };
}

export function compileSecurityGroup(
  g: SecurityGroup,
  space: AddressSpace,
  prefixListCidrs: (id: string) => string[] | undefined,
  problems: SgProblem[],
  isKnownGroup: (id: string) => boolean,
): CompiledSg {
  const compile = (r: SgRule, direction: 'ingress' | 'egress'): CompiledSgRule => {
    let svc = sgRuleServices(r.protocol, r.fromPort, r.toPort);
    const problem = (message: string) => problems.push({ accountId: g.accountId, region: g.region, groupId: g.groupId, message });
    if (!svc) {
      problem(`${g.groupId} ${direction} rule: cannot read protocol ${JSON.stringify(r.protocol)}; treated as possibly all traffic`);
      svc = ServiceSet.ALL;
      return { groupId: g.groupId, direction, rule: r, svc, peer: { kind: 'any', reason: `unreadable protocol ${JSON.stringify(r.protocol)}` } };
    }
    const p = r.peer;
    if (p.kind === 'cidr4' || p.kind === 'cidr6') {
      const atoms = space.atomsOf(p.cidr);
      if (atoms) return { groupId: g.groupId, direction, rule: r, svc, peer: { kind: 'addr', atoms } };
      problem(`${g.groupId} ${direction} rule: cannot read CIDR ${JSON.stringify(p.cidr)}; treated as possibly any address`);
      return { groupId: g.groupId, direction, rule: r, svc, peer: { kind: 'any', reason: `unreadable CIDR ${JSON.stringify(p.cidr)}` } };
    }
    if (p.kind === 'prefixList') {
      const cidrs = prefixListCidrs(p.prefixListId);
      if (cidrs) {
        let atoms = IntervalSet.EMPTY;
        for (const c of cidrs) atoms = atoms.union(space.atomsOf(c) ?? IntervalSet.EMPTY);
        return { groupId: g.groupId, direction, rule: r, svc, peer: { kind: 'addr', atoms } };
      }
      problem(`${g.groupId} ${direction} rule uses prefix list ${p.prefixListId}, which was not collected: the addresses it allows are unknown`);
      return { groupId: g.groupId, direction, rule: r, svc, peer: { kind: 'any', reason: `prefix list ${p.prefixListId} not collected` } };
    }
    if (!isKnownGroup(p.groupId)) {
      problem(
        `${g.groupId} ${direction} rule references ${p.groupId}${p.userId ? ` in account ${p.userId}` : ''}, which was not collected: ` +
          `members of that group outside the collected estate are not analysed`,
      );
    }
    return { groupId: g.groupId, direction, rule: r, svc, peer: { kind: 'sg', groupId: p.groupId } };
  };
  return { groupId: g.groupId, group: g, ingress: g.ingress.map((r) => compile(r, 'ingress')), egress: g.egress.map((r) => compile(r, 'egress')) };
}

/** A group an ENI uses but the snapshot does not hold: any rule is possible in both directions. */
export function missingSecurityGroup(groupId: string, reason: string): CompiledSg {
  const any: Peer = { kind: 'any', reason };
  return {
    groupId,
    missing: reason,
    ingress: [{ groupId, direction: 'ingress', svc: ServiceSet.ALL, peer: any }],
    egress: [{ groupId, direction: 'egress', svc: ServiceSet.ALL, peer: any }],
  };
}

interface AddrEntry {
  atoms: IntervalSet;
  reach: Reach;
}

class Side {
  readonly addr = new Map<string, AddrEntry>();
  readonly ref = new Map<string, Reach>();
  private readonly memo = new Map<number, Reach>();
  private readonly worldMemo = new Map<string, Reach>();

  addAddr(atoms: IntervalSet, reach: Reach): void {
    const k = atoms.key();
    const e = this.addr.get(k);
    if (e) e.reach = unionReach(e.reach, reach);
    else this.addr.set(k, { atoms, reach });
  }

  addRef(groupId: string, reach: Reach): void {
    const e = this.ref.get(groupId);
    this.ref.set(groupId, e ? unionReach(e, reach) : reach);
  }

  merge(o: Side): void {
    for (const e of o.addr.values()) this.addAddr(e.atoms, e.reach);
    for (const [k, r] of o.ref) this.addRef(k, r);
  }

  /** What rules with an address peer allow for a remote address in `atom`. */
  at(atom: number): Reach {
    let hit = this.memo.get(atom);
    if (hit) return hit;
    hit = NO_REACH;
    for (const e of this.addr.values()) if (e.atoms.has(atom)) hit = unionReach(hit, e.reach);
    this.memo.set(atom, hit);
    return hit;
  }

  /** What rules whose peer covers all of `space` allow (internet exposure: 0.0.0.0/0, ::/0). */
  world(space: IntervalSet, key: string): Reach {
    let hit = this.worldMemo.get(key);
    if (hit) return hit;
    hit = NO_REACH;
    for (const e of this.addr.values()) if (e.atoms.covers(space)) hit = unionReach(hit, e.reach);
    this.worldMemo.set(key, hit);
    return hit;
  }

  /** Interval sets whose bounds are where `at` can change. */
  cuts(): IntervalSet[] {
    return [...this.addr.values()].map((e) => e.atoms);
  }
}

/** The rules of a set of groups, merged by peer. */
export class RuleSummary {
  readonly egress = new Side();
  readonly ingress = new Side();

  static of(groups: readonly CompiledSg[], space: AddressSpace): RuleSummary {
    const s = new RuleSummary();
    const everything = IntervalSet.range(0, space.size - 1);
    for (const g of groups) {
      for (const r of g.egress) add(s.egress, r, everything);
      for (const r of g.ingress) add(s.ingress, r, everything);
    }
    return s;
  }

  static merge(parts: readonly RuleSummary[]): RuleSummary {
    if (parts.length === 1) return parts[0];
    const s = new RuleSummary();
    for (const p of parts) {
      s.egress.merge(p.egress);
      s.ingress.merge(p.ingress);
    }
    return s;
  }

  worldIngress(space: AddressSpace, family: Family): Reach {
    return family === 4 ? this.ingress.world(space.public4, '4') : this.ingress.world(space.public6, '6');
  }
}

function add(side: Side, r: CompiledSgRule, everything: IntervalSet): void {
  if (r.peer.kind === 'addr') side.addAddr(r.peer.atoms, sureReach(r.svc));
  else if (r.peer.kind === 'sg') side.addRef(r.peer.groupId, sureReach(r.svc));
  else side.addAddr(everything, maybeReach(r.svc));
}
