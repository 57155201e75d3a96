/**
 * Deterministic AWS-looking ids for the demo estate. An id is a hash of a readable label
 * (`awsId('i', 'prod-web-01')` → `i-0c7f…`), so adding a resource never renumbers the others and
 * the demo policy can name the same ids the estate holds.
 */
import { createHash } from 'node:crypto';

const HEX_LENGTH: Record<string, number> = { pl: 8, pcx: 8, igw: 17, nat: 17, 'fl': 17 };

export function awsId(prefix: string, label: string): string {
  const hex = createHash('sha256').update(`${prefix}:${label}`).digest('hex');
  const n = HEX_LENGTH[prefix] ?? 17;
  // Real 17-digit ids start with 0; keep that look.
  return `${prefix}-${n === 17 ? '0' + hex.slice(0, 16) : hex.slice(0, n)}`;
}

/** A version-4-shaped UUID from a label, for CloudTrail event ids. */
export function uuidFrom(label: string): string {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
