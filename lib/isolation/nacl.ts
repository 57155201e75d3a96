/**
 * Network ACLs on address atoms and service intervals. AWS evaluates a NACL's entries in ascending
 * rule number and the first entry matching the packet decides; the `*` entry (32767) denies what no
 * entry matched, and it is implied here even when the snapshot omits it. NACLs are stateless, so
 * the caller checks the request and the reply (ephemeral ports) as two separate packets.
 *
 * This is an interval version of first-match evaluation: for one source/destination atom it returns
 * every service the NACL allows, in one pass over the entries, instead of asking port by port.
 */
import type { NaclEntry, NetworkAcl } from '../model/types';
import type { AddressSpace } from './addresses';
import { IntervalSet } from './intervals';
import { naclEntryServices, type Protocol, ServiceSet } from './services';

export interface CompiledNaclEntry {
  entry: NaclEntry;
  atoms: IntervalSet;
  svc: ServiceSet;
  allow: boolean;
}

export interface NaclProblem {
  message: string;
}

export class CompiledNacl {
  readonly inbound: CompiledNaclEntry[] = [];
  readonly outbound: CompiledNaclEntry[] = [];
  readonly problems: NaclProblem[] = [];
  private readonly memoIn = new Map<number, ServiceSet>();
  private readonly memoOut = new Map<number, ServiceSet>();

  constructor(readonly acl: NetworkAcl, space: AddressSpace) {
    const sorted = [...acl.entries].sort((a, b) => a.ruleNumber - b.ruleNumber);
    for (const e of sorted) {
      const atoms = space.atomsOf(e.cidr);
      const svc = naclEntryServices(e.protocol, e.fromPort, e.toPort, e.icmpType);
      if (!atoms || !svc) {
        this.problems.push({ message: `${acl.networkAclId} ${e.egress ? 'outbound' : 'inbound'} rule ${e.ruleNumber}: cannot read ${!atoms ? `CIDR ${JSON.stringify(e.cidr)}` : `protocol ${JSON.stringify(e.protocol)}`}; the rule is ignored` });
        continue;
      }
      (e.egress ? this.outbound : this.inbound).push({ entry: e, atoms, svc, allow: e.ruleAction === 'allow' });
    }
  }

  get id(): string {
    return this.acl.networkAclId;
  }

  /**
   * Services allowed for packets whose remote address (source when inbound, destination when
   * outbound) lies in `atom`.
   */
  allowed(direction: 'in' | 'out', atom: number): ServiceSet {
    const memo = direction === 'in' ? this.memoIn : this.memoOut;
    let hit = memo.get(atom);
    if (hit) return hit;
    let remaining = ServiceSet.ALL;
    let allowed = ServiceSet.EMPTY;
    for (const e of direction === 'in' ? this.inbound : this.outbound) {
      if (!e.atoms.has(atom)) continue;
      if (e.allow) allowed = allowed.union(e.svc.intersect(remaining));
      remaining = remaining.subtract(e.svc);
      if (remaining.isEmpty) break;
    }
    hit = allowed;
    memo.set(atom, hit);
    return hit;
  }

  /** The entry that decides one packet; undefined means the implied `*` deny. */
  decidingEntry(direction: 'in' | 'out', atom: number, protocol: Protocol, port: number): CompiledNaclEntry | undefined {
    for (const e of direction === 'in' ? this.inbound : this.outbound) {
      if (e.atoms.has(atom) && e.svc.has(protocol, port)) return e;
    }
    return undefined;
  }

  /** Atom boundaries where the NACL's answer can change. */
  cuts(): IntervalSet[] {
    return [...this.inbound, ...this.outbound].map((e) => e.atoms);
  }
}

/** How an entry reads in evidence and explanations. */
export function describeNaclEntry(aclId: string, e: CompiledNaclEntry | undefined, direction: 'in' | 'out'): Record<string, unknown> {
  if (!e) return { networkAclId: aclId, direction: direction === 'in' ? 'inbound' : 'outbound', ruleNumber: '*', action: 'deny', note: 'no entry matched: the implied * rule denies' };
  return {
    networkAclId: aclId,
    direction: direction === 'in' ? 'inbound' : 'outbound',
    ruleNumber: e.entry.ruleNumber,
    action: e.entry.ruleAction,
    protocol: e.entry.protocol,
    ports: e.svc.describe(),
    cidr: e.entry.cidr,
  };
}
