/**
 * What traffic a rule lets through, as one interval set per protocol: TCP and UDP destination
 * ports (0-65535), ICMP and ICMPv6 types (0-255; the ICMP code is not modelled, so a rule for one
 * code of a type counts as the whole type), and every other IP protocol by number. "All traffic"
 * (-1) is every one of them, so set operations never need a special case for it.
 */
import { IntervalSet } from './intervals';
import type { PortSpec } from '../policy/ports';

export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

const PORTS = IntervalSet.range(0, 65535);
const TYPES = IntervalSet.range(0, 255);
/** IP protocol numbers that are not TCP (6), UDP (17), ICMP (1) or ICMPv6 (58). */
const OTHER = IntervalSet.range(0, 255).subtract(IntervalSet.of([[1, 1], [6, 6], [17, 17], [58, 58]]));
const DOMAIN: Record<Protocol, IntervalSet> = { tcp: PORTS, udp: PORTS, icmp: TYPES, icmpv6: TYPES, other: OTHER };
const NUMBERED: Record<string, Protocol> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** Client ports that return traffic goes back to (the range AWS documents for NACL return rules). */
export const EPHEMERAL = IntervalSet.range(1024, 65535);

export interface ServiceRange {
  /** 'all' only when the whole set is every protocol and port. */
  protocol: Protocol | 'all';
  from: number;
  to: number;
}

export class ServiceSet {
  static readonly EMPTY = new ServiceSet(IntervalSet.EMPTY, IntervalSet.EMPTY, IntervalSet.EMPTY, IntervalSet.EMPTY, IntervalSet.EMPTY);
  static readonly ALL = new ServiceSet(PORTS, PORTS, TYPES, TYPES, OTHER);

  private constructor(
    readonly tcp: IntervalSet,
    readonly udp: IntervalSet,
    readonly icmp: IntervalSet,
    readonly icmpv6: IntervalSet,
    readonly other: IntervalSet,
  ) {}

  static of(parts: Partial<Record<Protocol, IntervalSet>>): ServiceSet {
    const p = (k: Protocol) => (parts[k] ?? IntervalSet.EMPTY).intersect(DOMAIN[k]);
    return ServiceSet.make(p('tcp'), p('udp'), p('icmp'), p('icmpv6'), p('other'));
  }

  static protocol(protocol: Protocol, from = 0, to = 65535): ServiceSet {
    return ServiceSet.of({ [protocol]: IntervalSet.range(from, to) });
  }

  private static make(tcp: IntervalSet, udp: IntervalSet, icmp: IntervalSet, icmpv6: IntervalSet, other: IntervalSet): ServiceSet {
    if (tcp.isEmpty && udp.isEmpty && icmp.isEmpty && icmpv6.isEmpty && other.isEmpty) return ServiceSet.EMPTY;
    return new ServiceSet(tcp, udp, icmp, icmpv6, other);
  }

  get(p: Protocol): IntervalSet {
    return this[p];
  }

  get isEmpty(): boolean {
    return this === ServiceSet.EMPTY || (this.tcp.isEmpty && this.udp.isEmpty && this.icmp.isEmpty && this.icmpv6.isEmpty && this.other.isEmpty);
  }

  get isAll(): boolean {
    return this === ServiceSet.ALL || this.equals(ServiceSet.ALL);
  }

  union(o: ServiceSet): ServiceSet {
    if (o.isEmpty || o === this) return this;
    if (this.isEmpty) return o;
    if (this === ServiceSet.ALL || o === ServiceSet.ALL) return ServiceSet.ALL;
    return ServiceSet.make(this.tcp.union(o.tcp), this.udp.union(o.udp), this.icmp.union(o.icmp), this.icmpv6.union(o.icmpv6), this.other.union(o.other));
  }

  intersect(o: ServiceSet): ServiceSet {
    if (this.isEmpty || o.isEmpty) return ServiceSet.EMPTY;
    if (o === ServiceSet.ALL || o === this) return this;
    if (this === ServiceSet.ALL) return o;
    return ServiceSet.make(this.tcp.intersect(o.tcp), this.udp.intersect(o.udp), this.icmp.intersect(o.icmp), this.icmpv6.intersect(o.icmpv6), this.other.intersect(o.other));
  }

  subtract(o: ServiceSet): ServiceSet {
    if (this.isEmpty || o.isEmpty) return this;
    if (o === ServiceSet.ALL) return ServiceSet.EMPTY;
    return ServiceSet.make(this.tcp.subtract(o.tcp), this.udp.subtract(o.udp), this.icmp.subtract(o.icmp), this.icmpv6.subtract(o.icmpv6), this.other.subtract(o.other));
  }

  covers(o: ServiceSet): boolean {
    return o.subtract(this).isEmpty;
  }

  overlaps(o: ServiceSet): boolean {
    return PROTOCOLS.some((p) => this[p].overlaps(o[p]));
  }

  has(protocol: Protocol, port: number): boolean {
    return this[protocol].has(port);
  }

  equals(o: ServiceSet): boolean {
    return PROTOCOLS.every((p) => this[p].equals(o[p]));
  }

  /**
   * Maximal ranges, protocol by protocol. "all" when the set is everything; a protocol's whole
   * domain is one range ("tcp", every TCP port).
   */
  ranges(): ServiceRange[] {
    if (this.isAll) return [{ protocol: 'all', from: 0, to: 65535 }];
    const out: ServiceRange[] = [];
    for (const p of PROTOCOLS) {
      if (this[p].equals(DOMAIN[p])) out.push({ protocol: p, from: DOMAIN[p].min!, to: DOMAIN[p].max! });
      else for (const [from, to] of this[p].ranges()) out.push({ protocol: p, from, to });
    }
    return out;
  }

  /** "tcp/22, tcp/8000-8999, udp/53" — for messages. */
  describe(): string {
    if (this.isEmpty) return 'nothing';
    return this.ranges().map(formatRange).join(', ');
  }

  key(): string {
    return PROTOCOLS.map((p) => this[p].key()).join('|');
  }
}

export function formatRange(r: ServiceRange): string {
  switch (r.protocol) {
    case 'all':
      return 'all';
    case 'tcp':
    case 'udp':
      if (r.from === 0 && r.to === 65535) return r.protocol;
      return r.from === r.to ? `${r.protocol}/${r.from}` : `${r.protocol}/${r.from}-${r.to}`;
    case 'icmp':
    case 'icmpv6':
      if (r.from === 0 && r.to === 255) return r.protocol;
      return r.from === r.to ? `${r.protocol}/type-${r.from}` : `${r.protocol}/type-${r.from}-${r.to}`;
    case 'other':
      if (DOMAIN.other.equals(IntervalSet.range(r.from, r.to).intersect(DOMAIN.other))) return 'other-protocols';
      return r.from === r.to ? `ip-protocol/${r.from}` : `ip-protocol/${r.from}-${r.to}`;
  }
}

export function rangeToSet(r: ServiceRange): ServiceSet {
  return r.protocol === 'all' ? ServiceSet.ALL : ServiceSet.protocol(r.protocol, r.from, r.to);
}

/**
 * The protocol of an SG or NACL rule as the model holds it ('-1', 'tcp', '6', '47', …).
 * 'all' when it means every protocol; undefined when it cannot be read.
 */
export function protocolOfRule(p: string): Protocol | 'all' | { number: number } | undefined {
  const lower = p.trim().toLowerCase();
  if (lower === '-1' || lower === 'all') return 'all';
  if (lower === 'tcp' || lower === 'udp' || lower === 'icmp' || lower === 'icmpv6') return lower;
  if (/^\d{1,3}$/.test(lower)) {
    const n = Number(lower);
    if (n > 255) return undefined;
    return NUMBERED[lower] ?? { number: n };
  }
  return undefined;
}

const ALL_TYPES = (t: number | null | undefined) => t === null || t === undefined || t < 0;

/**
 * The services of a security-group rule. For TCP/UDP the port range (absent or -1 = all); for
 * ICMP the type in `fromPort` (-1 = all) and the code in `toPort`, which is not modelled.
 */
const ruleMemo = new Map<string, ServiceSet | null>();

export function sgRuleServices(protocol: string, fromPort: number | null, toPort: number | null): ServiceSet | undefined {
  // Estates repeat the same few rules thousands of times; one shared object each also makes unions of equal sets free.
  const k = `${protocol}|${fromPort}|${toPort}`;
  const hit = ruleMemo.get(k);
  if (hit !== undefined) return hit ?? undefined;
  const out = computeSgRuleServices(protocol, fromPort, toPort);
  if (ruleMemo.size < 50_000) ruleMemo.set(k, out ?? null);
  return out;
}

function computeSgRuleServices(protocol: string, fromPort: number | null, toPort: number | null): ServiceSet | undefined {
  const p = protocolOfRule(protocol);
  if (p === undefined) return undefined;
  if (p === 'all') return ServiceSet.ALL;
  if (typeof p === 'object') return ServiceSet.protocol('other', p.number, p.number);
  if (p === 'tcp' || p === 'udp') {
    if (ALL_TYPES(fromPort) && ALL_TYPES(toPort)) return ServiceSet.protocol(p);
    const from = ALL_TYPES(fromPort) ? 0 : fromPort!;
    const to = ALL_TYPES(toPort) ? 65535 : toPort!;
    return ServiceSet.protocol(p, from, to);
  }
  return ALL_TYPES(fromPort) ? ServiceSet.protocol(p, 0, 255) : ServiceSet.protocol(p, fromPort!, fromPort!);
}

/** The services of a NACL entry: ports for TCP/UDP, `icmpType` for ICMP (-1 or absent = all). */
export function naclEntryServices(protocol: string, fromPort: number | null, toPort: number | null, icmpType: number | null): ServiceSet | undefined {
  const p = protocolOfRule(protocol);
  if (p === 'icmp' || p === 'icmpv6') return ALL_TYPES(icmpType) ? ServiceSet.protocol(p, 0, 255) : ServiceSet.protocol(p, icmpType!, icmpType!);
  return sgRuleServices(protocol, fromPort, toPort);
}

export function portSpecServices(spec: PortSpec): ServiceSet {
  if (spec.protocol === 'all') return ServiceSet.ALL;
  if (spec.protocol === 'icmp' || spec.protocol === 'icmpv6') return ServiceSet.protocol(spec.protocol, 0, 255);
  return ServiceSet.protocol(spec.protocol, spec.from, spec.to);
}

/**
 * The services whose return traffic passes a NACL pair, given what the return direction allows.
 * Stateless NACLs see the reply as a new packet to the client's ephemeral port, so TCP/UDP need
 * some port in 1024-65535 open on the way back (a client, or an attacker, can pick any of them);
 * ICMP needs its protocol open; other protocols need the same protocol number.
 */
export function returnGate(ret: ServiceSet): ServiceSet {
  if (ret.isEmpty) return ServiceSet.EMPTY;
  if (ret === ServiceSet.ALL) return ServiceSet.ALL;
  return ServiceSet.of({
    tcp: ret.tcp.overlaps(EPHEMERAL) ? PORTS : IntervalSet.EMPTY,
    udp: ret.udp.overlaps(EPHEMERAL) ? PORTS : IntervalSet.EMPTY,
    icmp: ret.icmp.isEmpty ? IntervalSet.EMPTY : TYPES,
    icmpv6: ret.icmpv6.isEmpty ? IntervalSet.EMPTY : TYPES,
    other: ret.other,
  });
}

/**
 * A reachability answer with its certainty: `sure` is proven by collected data; `possible` adds
 * what could pass through parts vmaudit could not see (uncollected groups, NACLs or route tables,
 * transit gateways). Always sure ⊆ possible.
 */
export interface Reach {
  sure: ServiceSet;
  possible: ServiceSet;
}

export const NO_REACH: Reach = Object.freeze({ sure: ServiceSet.EMPTY, possible: ServiceSet.EMPTY });

const sureMemo = new WeakMap<ServiceSet, Reach>();

export function sureReach(s: ServiceSet): Reach {
  if (s.isEmpty) return NO_REACH;
  let r = sureMemo.get(s);
  if (!r) sureMemo.set(s, (r = Object.freeze({ sure: s, possible: s })));
  return r;
}

export function maybeReach(s: ServiceSet): Reach {
  return s.isEmpty ? NO_REACH : { sure: ServiceSet.EMPTY, possible: s };
}

export function unionReach(a: Reach, b: Reach): Reach {
  if (a === b || b === NO_REACH || b.possible.isEmpty) return a;
  if (a === NO_REACH || a.possible.isEmpty) return b;
  const sure = a.sure.union(b.sure);
  // Keep `possible === sure` when both are certain, so the common case does half the work.
  return { sure, possible: a.possible === a.sure && b.possible === b.sure ? sure : a.possible.union(b.possible) };
}

export function intersectReach(a: Reach, b: Reach): Reach {
  if (a.possible.isEmpty || b.possible.isEmpty) return NO_REACH;
  const sure = a.sure.intersect(b.sure);
  const possible = a.possible === a.sure && b.possible === b.sure ? sure : a.possible.intersect(b.possible);
  return possible.isEmpty ? NO_REACH : { sure, possible };
}

export function restrictReach(a: Reach, s: ServiceSet): Reach {
  if (s === ServiceSet.ALL) return a;
  return intersectReach(a, sureReach(s));
}

export function subtractFromReach(a: Reach, s: ServiceSet): Reach {
  if (s.isEmpty) return a;
  const sure = a.sure.subtract(s);
  const possible = a.possible === a.sure ? sure : a.possible.subtract(s);
  return possible.isEmpty ? NO_REACH : { sure, possible };
}

export function isNoReach(a: Reach): boolean {
  return a.possible.isEmpty;
}
