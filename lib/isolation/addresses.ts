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

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DOTTED_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** A dotted quad as a number; leading zeros are refused (some parsers read them as octal, AWS never writes them). */
function v4Value(m: RegExpExecArray): number | undefined {
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = m[i];
    const n = Number(o);
    if (n > 255 || (o.length > 1 && o.charCodeAt(0) === 48)) return undefined;
    v = v * 256 + n;
  }
  return v;
}

/** IPv4 CIDR as numbers [first, last, prefix], without BigInt: the common case, kept fast. */
function v4Cidr(t: string): [number, number, number] | undefined {
  const m = DOTTED_CIDR.exec(t);
  if (!m) return undefined;
  const v = v4Value(m);
  const prefix = Number(m[5]);
  if (v === undefined || prefix > 32 || (m[5].length > 1 && m[5].startsWith('0'))) return undefined;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(v / size) * size;
  return [start, start + size - 1, prefix];
}

/** A CIDR as AWS writes it (host bits are masked off); undefined when it is not one. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const hit = cidrCache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  let out: ParsedCidr | null = null;
  const t = text.trim();
  const fast = v4Cidr(t);
  if (fast) out = { family: 4, start: BigInt(fast[0]), end: BigInt(fast[1]), prefix: fast[2] };
  else if (t.includes(':') && ipaddr.IPv6.isValidCIDR(t)) {
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
  const m = DOTTED.exec(t);
  if (m) {
    const v = v4Value(m);
    return v === undefined ? undefined : { family: 4, value: BigInt(v) };
  }
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

function lowerBound<T extends number | bigint>(arr: readonly T[], x: T): number {
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
  /** IPv4 cuts as plain numbers (exact below 2^53): no BigInt on the hot path. */
  private readonly cuts4: number[];
  private readonly cuts6: bigint[];
  readonly size: number;
  /** Atoms on the public internet, per family and together. */
  readonly public4: IntervalSet;
  readonly public6: IntervalSet;
  readonly publicAll: IntervalSet;
  readonly all4: IntervalSet;
  readonly all6: IntervalSet;
  /** Every atom of both families. */
  readonly everything: IntervalSet;
  private readonly atomsCache = new Map<string, IntervalSet | null>();

  constructor(cidrs: Iterable<string>) {
    const c4 = new Set<number>([0]);
    const c6 = new Set<bigint>([0n]);
    const seen = new Set<string>();
    const add = (text: string) => {
      if (seen.has(text)) return;
      seen.add(text);
      const fast = v4Cidr(text.trim());
      if (fast) {
        c4.add(fast[0]);
        if (fast[1] < 2 ** 32 - 1) c4.add(fast[1] + 1);
        return;
      }
      const p = parseCidr(text);
      if (!p) return;
      if (p.family === 4) {
        c4.add(Number(p.start));
        if (p.end < V4_MAX) c4.add(Number(p.end) + 1);
      } else {
        c6.add(p.start);
        if (p.end < V6_MAX) c6.add(p.end + 1n);
      }
    };
    for (const c of cidrs) add(c);
    for (const c of NON_PUBLIC_CIDRS) add(c);
    this.cuts4 = [...c4].sort((a, b) => a - b);
    this.cuts6 = [...c6].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.size = this.cuts4.length + this.cuts6.length;
    this.all4 = IntervalSet.range(0, this.cuts4.length - 1);
    this.all6 = IntervalSet.range(this.cuts4.length, this.size - 1);
    this.everything = IntervalSet.range(0, this.size - 1);
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
    return family === 4 ? lowerBound(this.cuts4, Number(value)) : this.cuts4.length + lowerBound(this.cuts6, value);
  }

  atomOf(ip: string): number | undefined {
    const m = DOTTED.exec(ip.trim());
    if (m) {
      const v = v4Value(m);
      return v === undefined ? undefined : lowerBound(this.cuts4, v);
    }
    const p = parseIp(ip);
    return p ? this.atomOfValue(p.family, p.value) : undefined;
  }

  /**
   * The atoms of a CIDR. Exact when the CIDR was among those the space was built from; otherwise the
   * atoms it touches (a superset), which is why every model input is collected before building.
   */
  atomsOf(cidr: string): IntervalSet | undefined {
    // One object per CIDR text: rule summaries merge rules with the same peer by object identity.
    const hit = this.atomsCache.get(cidr);
    if (hit !== undefined) return hit ?? undefined;
    const fast = v4Cidr(cidr.trim());
    const p = fast ? undefined : parseCidr(cidr);
    const out = fast
      ? IntervalSet.range(lowerBound(this.cuts4, fast[0]), lowerBound(this.cuts4, fast[1]))
      : p
        ? IntervalSet.range(this.atomOfValue(p.family, p.start), this.atomOfValue(p.family, p.end))
        : null;
    this.atomsCache.set(cidr, out);
    return out ?? undefined;
  }

  /** The first and last address of an atom, for explanations. */
  bounds(atom: number): { first: string; last: string; family: Family } {
    const fam = this.family(atom);
    const i = fam === 4 ? atom : atom - this.cuts4.length;
    const cut = (j: number): bigint | undefined => (fam === 4 ? (j < this.cuts4.length ? BigInt(this.cuts4[j]) : undefined) : this.cuts6[j]);
    const first = cut(i)!;
    const next = cut(i + 1);
    const last = next !== undefined ? next - 1n : fam === 4 ? V4_MAX : V6_MAX;
    return { first: fromBigInt(first, fam), last: fromBigInt(last, fam), family: fam };
  }
}
