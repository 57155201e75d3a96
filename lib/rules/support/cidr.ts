/**
 * CIDR arithmetic over ipaddr.js, shared by the security-group and NACL logic (and the isolation
 * analysis). Parsed CIDRs are cached: estates repeat the same few blocks thousands of times.
 *
 * "The whole internet" means exactly 0.0.0.0/0 or ::/0 (any spelling ipaddr.js accepts, e.g.
 * `0.0.0.0/0`, `::/0`, `0:0::/0`). Wider-than-usual but partial ranges such as 0.0.0.0/1 do not count:
 * that is the definition FSBP (EC2.18/19/53/54), CIS 5.1-5.3 and Prowler use, so our PASS/FAIL matches
 * theirs. Reachability from *any* public address, whatever the CIDR, is the isolation analysis' job.
 */
import ipaddr from 'ipaddr.js';

export type Family = 'IPv4' | 'IPv6';

export interface ParsedCidr {
  family: Family;
  addr: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

const CACHE_MAX = 50_000;
const cache = new Map<string, ParsedCidr | null>();

/** The parsed CIDR, or null when the text is not a CIDR (hostile or corrupt input). A bare address is a /32 or /128. */
export function parseCidr(text: string): ParsedCidr | null {
  let hit = cache.get(text);
  if (hit !== undefined) return hit;
  hit = parseUncached(text);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(text, hit);
  return hit;
}

function parseUncached(text: string): ParsedCidr | null {
  const t = text.trim();
  try {
    if (t.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(t);
      return { family: addr.kind() === 'ipv4' ? 'IPv4' : 'IPv6', addr, bits };
    }
    const addr = ipaddr.parse(t);
    return addr.kind() === 'ipv4' ? { family: 'IPv4', addr, bits: 32 } : { family: 'IPv6', addr, bits: 128 };
  } catch {
    return null;
  }
}

export function familyOf(text: string): Family | undefined {
  return parseCidr(text)?.family;
}

/** True for 0.0.0.0/0 and ::/0; false for anything narrower; undefined when the text is not a CIDR. */
export function isWholeInternet(text: string): boolean | undefined {
  const p = parseCidr(text);
  return p ? p.bits === 0 : undefined;
}

/** `outer` contains every address of `inner` (same family only). */
export function containsCidr(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || outer.bits > inner.bits) return false;
  if (outer.bits === 0) return true;
  return (inner.addr as ipaddr.IPv4).match(outer.addr as ipaddr.IPv4, outer.bits);
}

/** The two blocks share at least one address. */
export function overlapsCidr(a: ParsedCidr, b: ParsedCidr): boolean {
  return containsCidr(a, b) || containsCidr(b, a);
}

export const INTERNET_V4 = '0.0.0.0/0';
export const INTERNET_V6 = '::/0';
