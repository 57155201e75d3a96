/** Small translations shared by the collectors: SDK tag lists, dates, protocol names. */
import type { Tags } from '../model/types';

/** AWS tag lists to a record. Keys and values are hostile strings, kept verbatim (escaped at every output). */
export function tagsOf(tags: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const out: Tags = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** SDK v3 returns dates as Date objects; some APIs (images) return ISO strings. */
export function isoOf(d: Date | string | undefined): string | undefined {
  if (d === undefined || d === null) return undefined;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** `IpProtocol` as the model expects it: names for tcp/udp/icmp/icmpv6 even when AWS returns the number. */
export function protocolOf(p: string | undefined): string {
  if (p === undefined || p === '') return '-1';
  const lower = p.toLowerCase();
  if (lower === 'all') return '-1';
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

/** Port bounds: absent means "all" (null in the model). */
export function portOf(n: number | undefined): number | null {
  return typeof n === 'number' ? n : null;
}

export function defined<T>(xs: readonly (T | undefined | null)[]): T[] {
  return xs.filter((x): x is T => x !== undefined && x !== null);
}
