/**
 * Address atoms. Every CIDR that any rule, route, NACL entry or policy names cuts the IPv4 and IPv6
 * spaces at its first address and one past its last; the pieces between two cuts are "atoms". Two
 * addresses in the same atom are treated identically by every rule of the estate, so the analysis
 * works on atom numbers (small integers, IPv4 atoms first, then IPv6) and every CIDR becomes an
 * interval of atoms. A /32 host rule costs a few atoms; a 10.0.0.0/8 rule costs two cuts.
 */
import ipaddr from 'ipaddr.js';
import { IntervalSet } from './intervals';

export type Family = 4 | 6;

export interface ParsedCidr {
  family: Family;
  start: bigint;
  end: bigint;
  prefix: number;
}

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

function toBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function fromBigInt(v: bigint, family: Family): string {
  const n = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = n - 1; i >= 0; i--) bytes.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

const cidrCache = new Map<string, ParsedCidr | null>();

/** A CIDR as AWS writes it (host bits are masked off); undefined when it is not one. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const hit = cidrCache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  let out: ParsedCidr | null = null;
  const t = text.trim();
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(t) || (t.includes(':') && ipaddr.isValidCIDR(t))) {
    const [addr, prefix] = ipaddr.parseCIDR(t);
    const family: Family = addr.kind() === 'ipv4' ? 4 : 6;
    const bits = family === 4 ? 32 : 128;
    const max = family === 4 ? V4_MAX : V6_MAX;
    const hostMask = (1n << BigInt(bits - prefix)) - 1n;
    const start = toBigInt(addr.toByteArray()) & (max ^ hostMask);
    out = { family, start, end: start | hostMask, prefix };
  }
  if (cidrCache.size < 100_000) cidrCache.set(text, out);
  return out ?? undefined;
}

/** An IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string): { family: Family; value: bigint } | undefined {
  const t = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return { family: 4, value: toBigInt(ipaddr.parse(t).toByteArray()) };
  if (t.includes(':') && ipaddr.IPv6.isValid(t)) return { family: 6, value: toBigInt(ipaddr.parse(t).toByteArray()) };
  return undefined;
}

/**
 * Addresses that are not on the public internet: RFC 1918, carrier-grade NAT, loopback, link-local,
 * "this network", multicast and reserved; for IPv6 unique-local, link-local, multicast and ::/8.
 */
export const NON_PUBLIC_CIDRS = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/3',
  '::/8', 'fc00::/7', 'fe80::/10', 'ff00::/8',
];

const WHOLE = ['0.0.0.0/0', '::/0'];

function lowerBound(arr: readonly bigint[], x: bigint): number {
  // Index of the last element <= x (arr[0] is always 0, so the answer exists).
  let lo = 0;
  let hi = arr.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (arr[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class AddressSpace {
  private readonly cuts4: bigint[];
  private readonly cuts6: bigint[];
  readonly size: number;
  /** Atoms on the public internet, per family and together. */
  readonly public4: IntervalSet;
  readonly public6: IntervalSet;
  readonly publicAll: IntervalSet;
  readonly all4: IntervalSet;
  readonly all6: IntervalSet;

  constructor(cidrs: Iterable<string>) {
    const c4 = new Set<bigint>([0n]);
    const c6 = new Set<bigint>([0n]);
    const add = (text: string) => {
      const p = parseCidr(text);
      if (!p) return;
      const cuts = p.family === 4 ? c4 : c6;
      cuts.add(p.start);
      if (p.end < (p.family === 4 ? V4_MAX : V6_MAX)) cuts.add(p.end + 1n);
    };
    for (const c of cidrs) add(c);
    for (const c of NON_PUBLIC_CIDRS) add(c);
    const sort = (s: Set<bigint>) => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.cuts4 = sort(c4);
    this.cuts6 = sort(c6);
    this.size = this.cuts4.length + this.cuts6.length;
    this.all4 = IntervalSet.range(0, this.cuts4.length - 1);
    this.all6 = IntervalSet.range(this.cuts4.length, this.size - 1);
    let nonPublic = IntervalSet.EMPTY;
    for (const c of NON_PUBLIC_CIDRS) nonPublic = nonPublic.union(this.atomsOf(c)!);
    this.public4 = this.all4.subtract(nonPublic);
    this.public6 = this.all6.subtract(nonPublic);
    this.publicAll = this.public4.union(this.public6);
  }

  /** Every CIDR the space was cut at must be passed to the constructor for `atomsOf` to be exact. */
  static wholeSpace(): string[] {
    return [...WHOLE];
  }

  family(atom: number): Family {
    return atom < this.cuts4.length ? 4 : 6;
  }

  atomOfValue(family: Family, value: bigint): number {
    return family === 4 ? lowerBound(this.cuts4, value) : this.cuts4.length + lowerBound(this.cuts6, value);
  }

  atomOf(ip: string): number | undefined {
    const p = parseIp(ip);
    return p ? this.atomOfValue(p.family, p.value) : undefined;
  }

  /**
   * The atoms of a CIDR. Exact when the CIDR was among those the space was built from; otherwise the
   * atoms it touches (a superset), which is why every model input is collected before building.
   */
  atomsOf(cidr: string): IntervalSet | undefined {
    const p = parseCidr(cidr);
    if (!p) return undefined;
    return IntervalSet.range(this.atomOfValue(p.family, p.start), this.atomOfValue(p.family, p.end));
  }

  /** The first and last address of an atom, for explanations. */
  bounds(atom: number): { first: string; last: string; family: Family } {
    const fam = this.family(atom);
    const cuts = fam === 4 ? this.cuts4 : this.cuts6;
    const i = fam === 4 ? atom : atom - this.cuts4.length;
    const first = cuts[i];
    const last = i + 1 < cuts.length ? cuts[i + 1] - 1n : fam === 4 ? V4_MAX : V6_MAX;
    return { first: fromBigInt(first, fam), last: fromBigInt(last, fam), family: fam };
  }
}
