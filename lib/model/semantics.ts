/**
 * What the schema's types cannot say about a snapshot, checked when a file is read: port ranges that
 * exist (0–65535, from ≤ to, or -1 for all), ids unique per kind and target, CIDRs that parse. Every
 * problem is listed with its JSON path, like the schema's, instead of being read silently as
 * something else (a negative port as all ports, a reversed range swapped, a duplicate id as two
 * resources with the same finding ids).
 */
import ipaddr from 'ipaddr.js';
import type { SnapshotProblem } from '../errors';
import { MAX_JSON_DEPTH, MAX_SNAPSHOT_STRING_CHARS } from '../limits';
import { jsonPath } from './schema-problems';
import type { Snapshot } from './types';

type Path = (string | number)[];

const TCP_UDP = new Set(['tcp', 'udp', '6', '17']);
const ICMP = new Set(['icmp', 'icmpv6', '1', '58']);

function portProblems(protocol: string, from: number | null, to: number | null, at: Path, keys: [string, string], out: SnapshotProblem[]): void {
  const p = protocol.toLowerCase();
  const [max, what] = ICMP.has(p) ? [255, ['ICMP type', 'ICMP code']] : [65535, ['port', 'port']];
  const one = (v: number | null, key: string, label: string) => {
    if (v === null || v === -1 || (v >= 0 && v <= max)) return true;
    out.push({ path: jsonPath([...at, key]), message: `expected a ${label} 0-${max} or -1 (all), got ${v}` });
    return false;
  };
  const okFrom = one(from, keys[0], what[0]);
  const okTo = one(to, keys[1], what[1]);
  if (!okFrom || !okTo || !TCP_UDP.has(p) || from === null || to === null) return;
  if ((from === -1) !== (to === -1)) out.push({ path: jsonPath(at), message: `port range ${from}-${to} mixes -1 (all ports) with a port: use -1 for both, or 0-65535` });
  else if (from > to) out.push({ path: jsonPath(at), message: `port range ${from}-${to} is reversed: ${keys[0]} must not be greater than ${keys[1]}` });
}

function cidrProblem(value: string, family: 4 | 6 | 'any', at: Path, out: SnapshotProblem[]): void {
  const ok = family === 4 ? ipaddr.IPv4.isValidCIDR(value) : family === 6 ? ipaddr.IPv6.isValidCIDR(value) : ipaddr.isValidCIDR(value);
  if (!ok) out.push({ path: jsonPath(at), message: `expected ${family === 'any' ? 'an IPv4 or IPv6' : `an IPv${family}`} CIDR like ${family === 6 ? '2001:db8::/32' : '10.0.0.0/16'}, got ${JSON.stringify(value.slice(0, 60))}` });
}

type Keyed = { accountId: string; region: string };
const ID_KEYS: { [K in keyof Snapshot]?: string } = {
  instances: 'instanceId',
  networkInterfaces: 'networkInterfaceId',
  securityGroups: 'groupId',
  prefixLists: 'prefixListId',
  networkAcls: 'networkAclId',
  subnets: 'subnetId',
  routeTables: 'routeTableId',
  vpcs: 'vpcId',
  peeringConnections: 'peeringConnectionId',
  flowLogs: 'flowLogId',
  volumes: 'volumeId',
  snapshots: 'snapshotId',
  images: 'imageId',
  trails: 'arn',
};

function duplicateIds(snap: Snapshot, out: SnapshotProblem[]): void {
  for (const [kind, key] of Object.entries(ID_KEYS) as [keyof Snapshot, string][]) {
    const seen = new Map<string, number>();
    (snap[kind] as unknown as (Keyed & Record<string, unknown>)[]).forEach((item, i) => {
      const k = `${item.accountId}|${item.region}|${String(item[key])}`;
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else out.push({ path: jsonPath([kind, i, key]), message: `duplicate id ${JSON.stringify(String(item[key]).slice(0, 60))} in ${item.accountId}/${item.region} (first at ${jsonPath([kind, first])}): each resource once per account and region` });
    });
  }
}

export function semanticProblems(snap: Snapshot): SnapshotProblem[] {
  const out: SnapshotProblem[] = [];
  snap.securityGroups.forEach((g, i) => {
    for (const dir of ['ingress', 'egress'] as const) {
      g[dir].forEach((r, j) => {
        const at: Path = ['securityGroups', i, dir, j];
        portProblems(r.protocol, r.fromPort, r.toPort, at, ['fromPort', 'toPort'], out);
        if (r.peer.kind === 'cidr4') cidrProblem(r.peer.cidr, 4, [...at, 'peer', 'cidr'], out);
        if (r.peer.kind === 'cidr6') cidrProblem(r.peer.cidr, 6, [...at, 'peer', 'cidr'], out);
      });
    }
  });
  snap.networkAcls.forEach((n, i) =>
    n.entries.forEach((e, j) => {
      const at: Path = ['networkAcls', i, 'entries', j];
      portProblems(e.protocol, e.fromPort, e.toPort, at, ['fromPort', 'toPort'], out);
      if (ICMP.has(e.protocol.toLowerCase())) portProblems(e.protocol, e.icmpType, e.icmpCode, at, ['icmpType', 'icmpCode'], out);
      cidrProblem(e.cidr, 'any', [...at, 'cidr'], out);
    }),
  );
  snap.prefixLists.forEach((p, i) => p.cidrs.forEach((c, j) => cidrProblem(c, 'any', ['prefixLists', i, 'cidrs', j], out)));
  snap.subnets.forEach((s, i) => {
    if (s.cidrBlock !== undefined) cidrProblem(s.cidrBlock, 4, ['subnets', i, 'cidrBlock'], out);
    s.ipv6CidrBlocks.forEach((c, j) => cidrProblem(c, 6, ['subnets', i, 'ipv6CidrBlocks', j], out));
  });
  snap.vpcs.forEach((v, i) => {
    v.cidrBlocks.forEach((c, j) => cidrProblem(c, 4, ['vpcs', i, 'cidrBlocks', j], out));
    v.ipv6CidrBlocks.forEach((c, j) => cidrProblem(c, 6, ['vpcs', i, 'ipv6CidrBlocks', j], out));
  });
  snap.routeTables.forEach((t, i) => t.routes.forEach((r, j) => r.destination !== undefined && cidrProblem(r.destination, 'any', ['routeTables', i, 'routes', j, 'destination'], out)));
  snap.peeringConnections.forEach((p, i) =>
    (['requester', 'accepter'] as const).forEach((side) => {
      p[side].cidrBlocks.forEach((c, j) => cidrProblem(c, 4, ['peeringConnections', i, side, 'cidrBlocks', j], out));
      p[side].ipv6CidrBlocks.forEach((c, j) => cidrProblem(c, 6, ['peeringConnections', i, side, 'ipv6CidrBlocks', j], out));
    }),
  );
  duplicateIds(snap, out);
  return out;
}

/**
 * Strings longer than any AWS value and nesting deeper than any real snapshot, found before the
 * schema runs (without recursion, so a 100,000-level document cannot overflow the stack).
 */
export function sizeProblems(doc: unknown, maxString = MAX_SNAPSHOT_STRING_CHARS, maxDepth = MAX_JSON_DEPTH): SnapshotProblem[] {
  interface Node {
    v: object;
    key: string | number;
    parent: Node | undefined;
    depth: number;
  }
  const pathOf = (n: Node | undefined, last?: string | number): Path => {
    const keys: Path = last === undefined ? [] : [last];
    for (let c = n; c?.parent; c = c.parent) keys.unshift(c.key);
    return keys;
  };
  const out: SnapshotProblem[] = [];
  const tooLong = (s: string, at: () => Path) => {
    if (s.length > maxString) out.push({ path: jsonPath(at()), message: `a string of ${s.length} characters, more than the ${maxString} vmaudit reads (AWS allows 256 for a tag value): remove or shorten it` });
  };
  if (typeof doc === 'string') tooLong(doc, () => []);
  if (doc === null || typeof doc !== 'object') return out;
  const stack: Node[] = [{ v: doc, key: '', parent: undefined, depth: 0 }];
  while (stack.length && out.length < 100) {
    const node = stack.pop()!;
    if (node.depth >= maxDepth) {
      out.push({ path: `${jsonPath(pathOf(node).slice(0, 8))}…`, message: `nested more than ${maxDepth} levels deep; a snapshot nests fewer than 10` });
      continue;
    }
    const visit = (key: string | number, v: unknown) => {
      if (typeof v === 'string') tooLong(v, () => pathOf(node, key));
      else if (v !== null && typeof v === 'object') stack.push({ v, key, parent: node, depth: node.depth + 1 });
    };
    if (Array.isArray(node.v)) node.v.forEach((x, i) => visit(i, x));
    else for (const k in node.v) if (Object.prototype.hasOwnProperty.call(node.v, k)) visit(k, (node.v as Record<string, unknown>)[k]);
    // Object keys are strings too: a megabyte-long tag key is as hostile as a value.
    if (!Array.isArray(node.v)) for (const k of Object.keys(node.v)) if (k.length > maxString) out.push({ path: jsonPath(pathOf(node)), message: `a key of ${k.length} characters, more than the ${maxString} vmaudit reads: remove or shorten it` });
  }
  return out;
}
