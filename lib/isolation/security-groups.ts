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

export type Peer = { kind: 'addr'; atoms: IntervalSet } | { kind: 'sg'; groupId: string } | { kind: 'any'; reason: string; everything: IntervalSet };

export interface CompiledSgRule {
  groupId: string;
  direction: 'ingress' | 'egress';
  /** Absent for the stand-in rule of a group that was not collected. */
  rule?: SgRule;
  svc: ServiceSet;
  peer: Peer;
  /** What the rule contributes: sure for known peers, only possible for unknown ones. */
  reach: Reach;
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
  prefixListAtoms: (id: string) => IntervalSet | undefined,
  problems: SgProblem[],
  isKnownGroup: (id: string) => boolean,
): CompiledSg {
  const groupId = g.groupId;
  const problem = (message: string) => problems.push({ accountId: g.accountId, region: g.region, groupId, message });
  // Plain object literals, no spreads: 20,000 groups of a large estate compile here.
  const compile = (r: SgRule, direction: 'ingress' | 'egress'): CompiledSgRule => {
    const any = (svc: ServiceSet, reason: string): CompiledSgRule => ({ groupId, direction, rule: r, svc, peer: { kind: 'any', reason, everything: space.everything }, reach: maybeReach(svc) });
    const svc = sgRuleServices(r.protocol, r.fromPort, r.toPort);
    if (!svc) {
      problem(`${groupId} ${direction} rule: cannot read protocol ${JSON.stringify(r.protocol)}; treated as possibly all traffic`);
      return any(ServiceSet.ALL, `unreadable protocol ${JSON.stringify(r.protocol)}`);
    }
    const p = r.peer;
    if (p.kind === 'cidr4' || p.kind === 'cidr6') {
      const atoms = space.atomsOf(p.cidr);
      if (atoms) return { groupId, direction, rule: r, svc, peer: { kind: 'addr', atoms }, reach: sureReach(svc) };
      problem(`${groupId} ${direction} rule: cannot read CIDR ${JSON.stringify(p.cidr)}; treated as possibly any address`);
      return any(svc, `unreadable CIDR ${JSON.stringify(p.cidr)}`);
    }
    if (p.kind === 'prefixList') {
      const atoms = prefixListAtoms(p.prefixListId);
      if (atoms) return { groupId, direction, rule: r, svc, peer: { kind: 'addr', atoms }, reach: sureReach(svc) };
      problem(`${groupId} ${direction} rule uses prefix list ${p.prefixListId}, which was not collected: the addresses it allows are unknown`);
      return any(svc, `prefix list ${p.prefixListId} not collected`);
    }
    if (!isKnownGroup(p.groupId)) {
      problem(
        `${groupId} ${direction} rule references ${p.groupId}${p.userId ? ` in account ${p.userId}` : ''}, which was not collected: ` +
          `members of that group outside the collected estate are not analysed`,
      );
    }
    return { groupId, direction, rule: r, svc, peer: { kind: 'sg', groupId: p.groupId }, reach: sureReach(svc) };
  };
  return { groupId: g.groupId, group: g, ingress: g.ingress.map((r) => compile(r, 'ingress')), egress: g.egress.map((r) => compile(r, 'egress')) };
}

/** A group an ENI uses but the snapshot does not hold: any rule is possible in both directions. */
export function missingSecurityGroup(groupId: string, reason: string, space: AddressSpace): CompiledSg {
  const any: Peer = { kind: 'any', reason, everything: space.everything };
  const reach = maybeReach(ServiceSet.ALL);
  return {
    groupId,
    missing: reason,
    ingress: [{ groupId, direction: 'ingress', svc: ServiceSet.ALL, peer: any, reach }],
    egress: [{ groupId, direction: 'egress', svc: ServiceSet.ALL, peer: any, reach }],
  };
}

interface AddrEntry {
  atoms: IntervalSet;
  reach: Reach;
}

/**
 * One direction (egress or ingress) of the rules of a set of groups, merged by peer: rules with
 * the same address interval (the same CIDR string always gives the same IntervalSet object) or the
 * same referenced group become one entry. Lookups by remote atom are memoised.
 */
export class Side {
  private readonly addr = new Map<IntervalSet, AddrEntry>();
  readonly ref = new Map<string, Reach>();
  private memo?: Map<number, Reach>;
  private worldMemo?: Map<IntervalSet, Reach>;

  static of(groups: Iterable<CompiledSg>, direction: 'ingress' | 'egress'): Side {
    const side = new Side();
    for (const g of groups) for (const r of g[direction]) side.add(r);
    return side;
  }

  private add(r: CompiledSgRule): void {
    if (r.peer.kind === 'sg') {
      const e = this.ref.get(r.peer.groupId);
      this.ref.set(r.peer.groupId, e ? unionReach(e, r.reach) : r.reach);
      return;
    }
    const atoms = r.peer.kind === 'addr' ? r.peer.atoms : r.peer.everything;
    const e = this.addr.get(atoms);
    if (e) e.reach = unionReach(e.reach, r.reach);
    else this.addr.set(atoms, { atoms, reach: r.reach });
  }

  /** What rules with an address peer allow for a remote address in `atom`. */
  at(atom: number): Reach {
    const memo = (this.memo ??= new Map());
    let hit = memo.get(atom);
    if (hit) return hit;
    hit = NO_REACH;
    for (const e of this.addr.values()) if (e.atoms.has(atom)) hit = unionReach(hit, e.reach);
    memo.set(atom, hit);
    return hit;
  }

  /** What rules whose peer covers all of `space` allow (internet exposure: 0.0.0.0/0, ::/0). */
  world(space: IntervalSet): Reach {
    const memo = (this.worldMemo ??= new Map());
    let hit = memo.get(space);
    if (hit) return hit;
    hit = NO_REACH;
    for (const e of this.addr.values()) if (e.atoms.covers(space)) hit = unionReach(hit, e.reach);
    memo.set(space, hit);
    return hit;
  }

  /** Interval sets whose bounds are where `at` can change. */
  cuts(): IntervalSet[] {
    return [...this.addr.keys()];
  }
}

/** Both directions of the rules of one ENI's groups. */
export interface RuleSummary {
  egress: Side;
  ingress: Side;
}

export function worldIngress(summary: RuleSummary, space: AddressSpace, family: Family): Reach {
  return summary.ingress.world(family === 4 ? space.public4 : space.public6);
}
