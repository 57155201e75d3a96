/**
 * Which security-group ingress rules are open to the whole internet, and on which ports: the one
 * module behind every security-group port rule (EC2.18, EC2.19, EC2.53/54, CIS 5.2/5.3), so IPv4,
 * IPv6, prefix lists and protocol handling cannot drift apart between them (STYLE §4).
 *
 * A rule is normalised to { protocol, fromPort, toPort, peer } by the collector (one peer per rule);
 * here it becomes a `Reach` (tcp ports, udp ports, other protocols) and a verdict on its peer:
 * - a CIDR is open when it is 0.0.0.0/0 or ::/0 (see `cidr.ts` for why only /0);
 * - a prefix list is open when one of its entries is; one that was not collected, or whose entries
 *   could not be read completely, is UNKNOWN, never a silent PASS;
 * - a security-group reference is never "the internet", whatever group or account it names.
 */
import type { InventoryIndex } from '../../engine/inventory-index';
import type { RuleContext } from '../../engine/rule';
import type { SecurityGroup, SgPeer, SgRule } from '../../model/types';
import { isWholeInternet } from './cidr';
import { bounded } from './labels';
import { formatProtocolPorts, formatRange, intersectRanges, reachOf, subtractRanges, type PortSet, type Range, type Reach } from './protocols';

export type PeerVerdict =
  | { kind: 'internet'; cidrs: string[]; prefixListId?: string }
  | { kind: 'restricted' }
  | { kind: 'unknown'; reason: string };

/** What a prefix list resolves to for a group's account and region. */
export type PrefixListResolver = (prefixListId: string) => { cidrs: readonly string[] } | { unknown: string };

const PREFIX_LIST_APIS = ['ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'];

/** Resolves prefix lists from the inventory; a coverage gap on the prefix-list APIs makes them unknown. */
export function inventoryPrefixLists(inv: InventoryIndex, accountId: string, region: string): PrefixListResolver {
  return (id) => {
    const gaps = inv.gapsFor(accountId, region, PREFIX_LIST_APIS);
    if (gaps.length) return { unknown: `the entries of prefix list ${id} may be incomplete: ${gaps.map((g) => `${g.service}:${g.api} failed (${g.errorCode})`).join('; ')}` };
    const list = inv.prefixList(accountId, region, id);
    return list ? { cidrs: list.cidrs } : { unknown: `prefix list ${id} was not collected, so its entries are unknown` };
  };
}

export function peerVerdict(peer: SgPeer, prefixLists: PrefixListResolver): PeerVerdict {
  switch (peer.kind) {
    case 'cidr4':
    case 'cidr6': {
      const open = isWholeInternet(peer.cidr);
      if (open === undefined) return { kind: 'unknown', reason: `the peer "${bounded(peer.cidr)}" is not a valid CIDR` };
      return open ? { kind: 'internet', cidrs: [peer.cidr] } : { kind: 'restricted' };
    }
    case 'prefixList': {
      const resolved = prefixLists(peer.prefixListId);
      if ('unknown' in resolved) return { kind: 'unknown', reason: resolved.unknown };
      const open = resolved.cidrs.filter((c) => isWholeInternet(c) === true);
      if (open.length) return { kind: 'internet', cidrs: open, prefixListId: peer.prefixListId };
      const bad = resolved.cidrs.find((c) => isWholeInternet(c) === undefined);
      if (bad !== undefined) return { kind: 'unknown', reason: `prefix list ${peer.prefixListId} holds an invalid CIDR "${bounded(bad)}"` };
      return { kind: 'restricted' };
    }
    case 'sg':
      return { kind: 'restricted' };
  }
}

export interface OpenRule {
  rule: SgRule;
  reach: Reach;
  /** The /0 blocks that make it open (from the rule or its prefix list). */
  cidrs: string[];
  prefixListId?: string;
}

export interface UnresolvedRule {
  rule: SgRule;
  reach: Reach;
  reason: string;
}

export interface GroupExposure {
  open: OpenRule[];
  unresolved: UnresolvedRule[];
}

export function groupExposure(g: SecurityGroup, prefixLists: PrefixListResolver): GroupExposure {
  const out: GroupExposure = { open: [], unresolved: [] };
  for (const rule of g.ingress) {
    const v = peerVerdict(rule.peer, prefixLists);
    if (v.kind === 'restricted') continue;
    const reach = reachOf(rule.protocol, rule.fromPort, rule.toPort);
    if (v.kind === 'internet') out.open.push({ rule, reach, cidrs: v.cidrs, prefixListId: v.prefixListId });
    else out.unresolved.push({ rule, reach, reason: v.reason });
  }
  return out;
}

/** Per-run cache of every group's exposure, shared by all security-group rules through `ctx.memo`. */
export function exposureOf(ctx: Pick<RuleContext<unknown>, 'inv' | 'memo'>): (g: SecurityGroup) => GroupExposure {
  return ctx.memo('rules/sg-exposure', () => {
    const groups = new Map<SecurityGroup, GroupExposure>();
    // Thousands of groups share a handful of prefix lists: resolve each (account, region, list) once.
    const lists = new Map<string, ReturnType<PrefixListResolver>>();
    return (g: SecurityGroup) => {
      let e = groups.get(g);
      if (!e) {
        const direct = inventoryPrefixLists(ctx.inv, g.accountId, g.region);
        const resolve: PrefixListResolver = (id) => {
          const k = `${g.accountId}|${g.region}|${id}`;
          let r = lists.get(k);
          if (!r) lists.set(k, (r = direct(id)));
          return r;
        };
        groups.set(g, (e = groupExposure(g, resolve)));
      }
      return e;
    };
  });
}

export type PortMatch = 'inside' | 'outside';

/**
 * The ports a rule opens that matter to a check: with 'inside', those of `set` it opens (SSH, high-risk
 * ports); with 'outside', those it opens beyond `set` (authorised ports). Only tcp and udp take part:
 * a udp rule never counts for a tcp port, and icmp or other protocols have no ports to judge.
 */
export function exposedPorts(reach: Reach, set: PortSet, match: PortMatch): string[] {
  const out: string[] = [];
  const take = (protocol: 'tcp' | 'udp', r: Range | null, allowed: Range[]) => {
    if (!r) return;
    const parts = match === 'inside' ? intersectRanges(r, allowed) : subtractRanges(r, allowed);
    for (const p of parts) out.push(formatRange(protocol, p));
  };
  take('tcp', reach.tcp, set.tcp);
  take('udp', reach.udp, set.udp);
  return out;
}

/** `0.0.0.0/0`, or `::/0 (via prefix list pl-1)`. */
export function peerText(o: Pick<OpenRule, 'cidrs' | 'prefixListId'>): string {
  const cidrs = o.cidrs.join(' and ');
  return o.prefixListId ? `${cidrs} (via prefix list ${o.prefixListId})` : cidrs;
}

/**
 * How a message points at the offending rule: ` (rule sgr-1: tcp/0-65535 "admin access")`. Parts the
 * reader already has are left out: the ports when they are exactly what the message names, the rule
 * id when the collector had none (DescribeSecurityGroups does not return rule ids).
 */
export function ruleText(rule: SgRule, named?: string): string {
  const ports = formatProtocolPorts(rule.protocol, rule.fromPort, rule.toPort);
  const details = [ports === named ? '' : ports, rule.description ? `"${bounded(rule.description)}"` : ''].filter((d) => d !== '');
  if (!rule.ruleId && details.length === 0) return '';
  const head = rule.ruleId ? `rule ${rule.ruleId}` : 'rule';
  return ` (${head}${details.length ? `: ${details.join(' ')}` : ''})`;
}

function peerOf(peer: SgPeer): string {
  switch (peer.kind) {
    case 'cidr4':
    case 'cidr6':
      return peer.cidr;
    case 'prefixList':
      return peer.prefixListId;
    case 'sg':
      return peer.userId ? `${peer.userId}/${peer.groupId}` : peer.groupId;
  }
}

/** Evidence for one offending (or undecidable) rule: enough to find and fix it. */
export function ruleEvidence(rule: SgRule, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const e: Record<string, unknown> = {
    direction: 'ingress',
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    ports: formatProtocolPorts(rule.protocol, rule.fromPort, rule.toPort),
    peer: peerOf(rule.peer),
  };
  if (rule.ruleId) e.ruleId = rule.ruleId;
  if (rule.description) e.description = rule.description;
  return { ...e, ...extra };
}
