/**
 * IP protocols and port ranges, shared by the security-group and NACL logic.
 *
 * AWS quirks this module absorbs:
 * - DescribeSecurityGroups names tcp/udp/icmp/icmpv6 but accepts and may return numbers ("6", "17");
 *   DescribeNetworkAcls always returns numbers ("6", "17", "-1"). Both spellings mean the same here.
 * - Protocol "-1" (all) and any protocol other than tcp/udp/icmp/icmpv6 open every port, whatever
 *   FromPort/ToPort say. A missing port, or -1, also means every port.
 */

/** [from, to], inclusive. */
export type Range = readonly [number, number];
export type PortProtocol = 'tcp' | 'udp';
/** Sorted, merged port ranges per protocol. */
export interface PortSet {
  tcp: Range[];
  udp: Range[];
}

export const ALL_PORTS: Range = [0, 65535];

const NAMES = new Map<string, string>([
  ['-1', 'all'],
  ['all', 'all'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['1', 'icmp'],
  ['58', 'icmpv6'],
]);

/** 'all', 'tcp', 'udp', 'icmp', 'icmpv6', or the protocol number/name as given (lower case). */
export function canonicalProtocol(p: string): string {
  const l = p.trim().toLowerCase();
  return NAMES.get(l) ?? l;
}

export function isPortProtocol(p: string): p is PortProtocol {
  return p === 'tcp' || p === 'udp';
}

/** The ports a tcp/udp rule opens; null/-1 bounds mean all ports; a reversed range is read upwards. */
export function portRange(fromPort: number | null, toPort: number | null): Range {
  if (fromPort === null || fromPort < 0) return ALL_PORTS;
  const to = toPort === null || toPort < 0 ? fromPort : toPort;
  return fromPort <= to ? [fromPort, to] : [to, fromPort];
}

/** What a rule or entry lets through, by protocol: tcp/udp ports, and whether other protocols pass. */
export interface Reach {
  tcp: Range | null;
  udp: Range | null;
  /** ICMP or any other IP protocol (not port-based). */
  other: boolean;
}

export function reachOf(protocol: string, fromPort: number | null, toPort: number | null): Reach {
  const p = canonicalProtocol(protocol);
  if (p === 'all') return { tcp: ALL_PORTS, udp: ALL_PORTS, other: true };
  if (p === 'tcp') return { tcp: portRange(fromPort, toPort), udp: null, other: false };
  if (p === 'udp') return { tcp: null, udp: portRange(fromPort, toPort), other: false };
  return { tcp: null, udp: null, other: true };
}

export function formatRange(protocol: string, r: Range): string {
  return r[0] === r[1] ? `${protocol}/${r[0]}` : `${protocol}/${r[0]}-${r[1]}`;
}

/** How a rule reads in a message: `tcp/22`, `tcp/0-65535`, `all traffic`, `icmp`, `protocol 47`. */
export function formatProtocolPorts(protocol: string, fromPort: number | null, toPort: number | null): string {
  const p = canonicalProtocol(protocol);
  if (p === 'all') return 'all traffic';
  if (isPortProtocol(p)) return formatRange(p, portRange(fromPort, toPort));
  if (p === 'icmp' || p === 'icmpv6') return fromPort === null || fromPort < 0 ? p : `${p} type ${fromPort}`;
  return /^\d+$/.test(p) ? `protocol ${p}` : p;
}

/** Sorts and merges ranges (adjacent ones too). */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

export function portSet(tcp: readonly Range[], udp: readonly Range[] = []): PortSet {
  return { tcp: mergeRanges(tcp), udp: mergeRanges(udp) };
}

/** The parts of `r` inside the merged ranges `set`. */
export function intersectRanges(r: Range, set: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const [from, to] of set) {
    if (to < r[0]) continue;
    if (from > r[1]) break;
    out.push([Math.max(from, r[0]), Math.min(to, r[1])]);
  }
  return out;
}

/** The parts of `r` outside the merged ranges `set`. */
export function subtractRanges(r: Range, set: readonly Range[]): Range[] {
  const out: Range[] = [];
  let cursor = r[0];
  for (const [from, to] of set) {
    if (to < cursor) continue;
    if (from > r[1]) break;
    if (from > cursor) out.push([cursor, from - 1]);
    cursor = Math.max(cursor, to + 1);
    if (cursor > r[1]) return out;
  }
  if (cursor <= r[1]) out.push([cursor, r[1]]);
  return out;
}

/** `tcp/22, tcp/80-90, udp/53` for a port set. */
export function formatPortSet(set: PortSet): string[] {
  return [...set.tcp.map((r) => formatRange('tcp', r)), ...set.udp.map((r) => formatRange('udp', r))];
}
