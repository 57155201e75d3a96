/**
 * Network ACL evaluation, shared by the NACL rules and the isolation analysis.
 *
 * AWS semantics: a NACL is stateless and evaluates the entries of one direction in ascending rule
 * number; the first entry that matches the packet decides (allow or deny) and later entries are never
 * read, so a deny at 90 shields an allow at 100. When nothing matches, the implicit `*` entry denies.
 * DescribeNetworkAcls reports that `*` entry as rule number 32767; it may or may not be in the model.
 *
 * Questions are asked about a whole block of sources or destinations (`cidr`), e.g. "from 0.0.0.0/0".
 * An entry decides for the block when its CIDR contains the whole block and it matches the protocol
 * and port. Entries that match only part of the block (a deny of 10.0.0.0/8 before an allow of
 * 0.0.0.0/0) decide for that part only: they are returned in `partial`, and the decision holds for the
 * rest of the block.
 */
import type { NaclEntry } from '../../model/types';
import { containsCidr, overlapsCidr, parseCidr } from './cidr';
import { canonicalProtocol, formatProtocolPorts, isPortProtocol, portRange } from './protocols';

export type NaclDirection = 'ingress' | 'egress';

export interface NaclQuery {
  direction: NaclDirection;
  /** tcp, udp, icmp, icmpv6, a protocol number, or 'all' / '-1'. */
  protocol: string;
  /** For tcp/udp: the port; omitted or null means "any port" (only all-port entries then decide fully). */
  port?: number | null;
  /** The block of remote addresses: 0.0.0.0/0, ::/0, a subnet, or one address. */
  cidr: string;
}

export interface NaclDecision {
  action: 'allow' | 'deny';
  /** The deciding entry; null for the implicit deny `*`. */
  entry: NaclEntry | null;
  ruleNumber: number | '*';
  /** Earlier entries that match only part of the queried block or traffic (they decide for that part). */
  partial: NaclEntry[];
}

/** The rule number AWS uses for the `*` entry in DescribeNetworkAcls. */
export const IMPLICIT_RULE_NUMBER = 32767;

const ordered = new WeakMap<readonly NaclEntry[], { ingress: NaclEntry[]; egress: NaclEntry[] }>();

/** Entries of one direction in evaluation order; computed once per entries array. */
export function orderedEntries(entries: readonly NaclEntry[], direction: NaclDirection): readonly NaclEntry[] {
  let o = ordered.get(entries);
  if (!o) {
    const sort = (xs: NaclEntry[]) => xs.sort((a, b) => a.ruleNumber - b.ruleNumber);
    o = { ingress: sort(entries.filter((e) => !e.egress)), egress: sort(entries.filter((e) => e.egress)) };
    ordered.set(entries, o);
  }
  return o[direction];
}

type Match = 'full' | 'partial' | 'none';

/** Whether an entry matches the queried traffic (protocol and port), ignoring addresses. */
export function trafficMatch(e: NaclEntry, protocol: string, port: number | null | undefined): Match {
  const ep = canonicalProtocol(e.protocol);
  const qp = canonicalProtocol(protocol);
  if (ep === 'all') return 'full';
  if (qp === 'all') return 'partial';
  if (ep !== qp) return 'none';
  // AWS ignores ports for anything but tcp/udp; ICMP type/code filters are finer than our questions.
  if (!isPortProtocol(ep)) return 'full';
  const [from, to] = portRange(e.fromPort, e.toPort);
  if (port === null || port === undefined) return from === 0 && to === 65535 ? 'full' : 'partial';
  return port >= from && port <= to ? 'full' : 'none';
}

function addressMatch(e: NaclEntry, query: ReturnType<typeof parseCidr>): Match {
  const block = parseCidr(e.cidr);
  if (!block || !query) return 'none';
  if (containsCidr(block, query)) return 'full';
  return overlapsCidr(block, query) ? 'partial' : 'none';
}

/** The entry that decides `q`, or the implicit deny `*`. An unparsable query CIDR matches nothing. */
export function naclDecision(entries: readonly NaclEntry[], q: NaclQuery): NaclDecision {
  const query = parseCidr(q.cidr);
  const partial: NaclEntry[] = [];
  for (const e of orderedEntries(entries, q.direction)) {
    const t = trafficMatch(e, q.protocol, q.port);
    if (t === 'none') continue;
    const a = addressMatch(e, query);
    if (a === 'none') continue;
    if (t === 'full' && a === 'full') return { action: e.ruleAction, entry: e, ruleNumber: e.ruleNumber, partial };
    partial.push(e);
  }
  return { action: 'deny', entry: null, ruleNumber: '*', partial };
}

/** `#100 allow all traffic from 0.0.0.0/0`, `* deny (implicit)`. */
export function describeNaclEntry(e: NaclEntry | null): string {
  if (!e) return '* deny all traffic (implicit)';
  const num = e.ruleNumber === IMPLICIT_RULE_NUMBER ? '*' : `#${e.ruleNumber}`;
  return `${num} ${e.ruleAction} ${formatProtocolPorts(e.protocol, e.fromPort, e.toPort)} ${e.egress ? 'to' : 'from'} ${e.cidr}`;
}

export function naclEntryEvidence(e: NaclEntry | null): Record<string, unknown> {
  if (!e) return { ruleNumber: '*', ruleAction: 'deny', implicit: true };
  return { ruleNumber: e.ruleNumber, ruleAction: e.ruleAction, egress: e.egress, protocol: e.protocol, fromPort: e.fromPort, toPort: e.toPort, cidr: e.cidr, text: describeNaclEntry(e) };
}
