/**
 * Security groups with every ingress/egress rule (DescribeSecurityGroups), their rule ids
 * (DescribeSecurityGroupRules: DescribeSecurityGroups returns none, and a fix names the rule by id),
 * and the managed prefix
 * lists their rules and the route tables reference (DescribeManagedPrefixLists filtered to those ids,
 * then GetManagedPrefixListEntries once per list: prefix lists are few, and their entries come from
 * no other API).
 */
import {
  paginateDescribeManagedPrefixLists,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateGetManagedPrefixListEntries,
  type IpPermission,
  type SecurityGroup as SdkSecurityGroup,
  type SecurityGroupRule as SdkSecurityGroupRule,
} from '@aws-sdk/client-ec2';
import type { PrefixList, SecurityGroup, SgRule } from '../../model/types';
import { chunks, eachPage } from '../calls';
import { mapLimit } from '../concurrency';
import { FILTER_VALUES_MAX, PAGE_SIZE } from '../page-sizes';
import { portOf, protocolOf, tagsOf } from '../translate';
import type { CollectContext, Collector } from '../types';

/** DescribeSecurityGroups packs several peers into one permission; the model has one peer per rule. */
export function toSgRules(p: IpPermission): SgRule[] {
  const base = { protocol: protocolOf(p.IpProtocol), fromPort: portOf(p.FromPort), toPort: portOf(p.ToPort) };
  const rules: SgRule[] = [];
  for (const r of p.IpRanges ?? []) if (r.CidrIp) rules.push({ ...base, peer: { kind: 'cidr4', cidr: r.CidrIp }, description: r.Description });
  for (const r of p.Ipv6Ranges ?? []) if (r.CidrIpv6) rules.push({ ...base, peer: { kind: 'cidr6', cidr: r.CidrIpv6 }, description: r.Description });
  for (const r of p.PrefixListIds ?? []) if (r.PrefixListId) rules.push({ ...base, peer: { kind: 'prefixList', prefixListId: r.PrefixListId }, description: r.Description });
  for (const r of p.UserIdGroupPairs ?? [])
    if (r.GroupId)
      rules.push({
        ...base,
        peer: { kind: 'sg', groupId: r.GroupId, userId: r.UserId, vpcId: r.VpcId, peeringStatus: r.PeeringStatus },
        description: r.Description,
      });
  return rules;
}

export function toSecurityGroup(g: SdkSecurityGroup, accountId: string, region: string): SecurityGroup | undefined {
  if (!g.GroupId) return undefined;
  return {
    accountId,
    region,
    groupId: g.GroupId,
    groupName: g.GroupName ?? '',
    vpcId: g.VpcId,
    ownerId: g.OwnerId,
    description: g.Description,
    tags: tagsOf(g.Tags),
    ingress: (g.IpPermissions ?? []).flatMap(toSgRules),
    egress: (g.IpPermissionsEgress ?? []).flatMap(toSgRules),
  };
}

function peerKey(peer: SgRule['peer']): string {
  switch (peer.kind) {
    case 'cidr4':
    case 'cidr6':
      return `${peer.kind}:${peer.cidr}`;
    case 'prefixList':
      return `pl:${peer.prefixListId}`;
    case 'sg':
      return `sg:${peer.groupId}`;
  }
}

/** Absent and -1 ports mean the same (all): the two APIs do not always agree on which they return. */
const portKey = (p: number | null | undefined) => (p === null || p === undefined || p === -1 ? '' : String(p));

function ruleKey(groupId: string, egress: boolean, r: Pick<SgRule, 'protocol' | 'fromPort' | 'toPort' | 'peer'>): string {
  const ports = r.protocol === '-1' ? '|' : `${portKey(r.fromPort)}|${portKey(r.toPort)}`;
  return [groupId, egress ? 'egress' : 'ingress', r.protocol, ports, peerKey(r.peer)].join('|');
}

/** The model key of one DescribeSecurityGroupRules entry (one peer each, like the model). */
function sdkRuleKey(r: SdkSecurityGroupRule): string | undefined {
  if (!r.GroupId) return undefined;
  const peer: SgRule['peer'] | undefined = r.CidrIpv4
    ? { kind: 'cidr4', cidr: r.CidrIpv4 }
    : r.CidrIpv6
      ? { kind: 'cidr6', cidr: r.CidrIpv6 }
      : r.PrefixListId
        ? { kind: 'prefixList', prefixListId: r.PrefixListId }
        : r.ReferencedGroupInfo?.GroupId
          ? { kind: 'sg', groupId: r.ReferencedGroupInfo.GroupId }
          : undefined;
  if (!peer) return undefined;
  return ruleKey(r.GroupId, r.IsEgress === true, { protocol: protocolOf(r.IpProtocol), fromPort: portOf(r.FromPort), toPort: portOf(r.ToPort), peer });
}

/** Sets `ruleId` on the model's rules from DescribeSecurityGroupRules; returns how many were matched. */
export function attachRuleIds(groups: readonly SecurityGroup[], rules: readonly SdkSecurityGroupRule[]): number {
  const ids = new Map<string, string>();
  for (const r of rules) {
    const k = sdkRuleKey(r);
    if (k && r.SecurityGroupRuleId) ids.set(k, r.SecurityGroupRuleId);
  }
  let matched = 0;
  for (const g of groups) {
    for (const [list, egress] of [[g.ingress, false], [g.egress, true]] as const) {
      for (const rule of list) {
        const id = ids.get(ruleKey(g.groupId, egress, rule));
        if (id) {
          rule.ruleId = id;
          matched++;
        }
      }
    }
  }
  return matched;
}

export const securityGroupsCollector: Collector = {
  name: 'security-groups',
  service: 'ec2',
  phase: 1,
  permissions: ['ec2:DescribeSecurityGroupRules', 'ec2:DescribeSecurityGroups'],
  async collect(ctx: CollectContext) {
    const { accountId, region } = ctx.target;
    const groups: SecurityGroup[] = [];
    await eachPage(ctx, 'ec2', 'DescribeSecurityGroups', paginateDescribeSecurityGroups({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.DescribeSecurityGroups }, {}), (page) => {
      for (const g of page.SecurityGroups ?? []) {
        const x = toSecurityGroup(g, accountId, region);
        if (x) groups.push(x);
      }
    });
    if (groups.length) {
      // Rule ids only: a failure here (a gap) leaves the rules without ids, never without rules.
      const rules: SdkSecurityGroupRule[] = [];
      const pages = paginateDescribeSecurityGroupRules({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.DescribeSecurityGroupRules }, {});
      await eachPage(ctx, 'ec2', 'DescribeSecurityGroupRules', pages, (page) => {
        for (const r of page?.SecurityGroupRules ?? []) rules.push(r);
      });
      attachRuleIds(groups, rules);
    }
    for (const g of groups) ctx.out.securityGroups.push(g);
  },
};

/** Prefix-list ids referenced by the target's security-group rules and routes, sorted. */
export function referencedPrefixLists(out: CollectContext['collected']): string[] {
  const ids = new Set<string>();
  for (const g of out.securityGroups) for (const r of [...g.ingress, ...g.egress]) if (r.peer.kind === 'prefixList') ids.add(r.peer.prefixListId);
  for (const t of out.routeTables) for (const r of t.routes) if (r.destinationPrefixListId) ids.add(r.destinationPrefixListId);
  return [...ids].sort();
}

export const prefixListsCollector: Collector = {
  name: 'prefix-lists',
  service: 'ec2',
  phase: 2,
  needs: ['ec2'],
  permissions: ['ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'],
  async collect(ctx: CollectContext) {
    const ids = referencedPrefixLists(ctx.collected);
    if (!ids.length) return;
    const { accountId, region } = ctx.target;
    const lists: PrefixList[] = [];
    for (const batch of chunks(ids, FILTER_VALUES_MAX)) {
      // A filter, not PrefixListIds: an id that no longer exists must not fail the whole batch.
      const input = { Filters: [{ Name: 'prefix-list-id', Values: batch }] };
      await eachPage(ctx, 'ec2', 'DescribeManagedPrefixLists', paginateDescribeManagedPrefixLists({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.DescribeManagedPrefixLists }, input), (page) => {
        for (const p of page.PrefixLists ?? []) {
          if (!p.PrefixListId) continue;
          const family = p.AddressFamily === 'IPv4' || p.AddressFamily === 'IPv6' ? p.AddressFamily : undefined;
          lists.push({ accountId, region, prefixListId: p.PrefixListId, name: p.PrefixListName, addressFamily: family, cidrs: [] });
        }
      });
    }
    await mapLimit(lists, 4, async (list) => {
      const pages = paginateGetManagedPrefixListEntries({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.GetManagedPrefixListEntries }, { PrefixListId: list.prefixListId });
      await eachPage(ctx, 'ec2', 'GetManagedPrefixListEntries', pages, (page) => {
        for (const e of page.Entries ?? []) if (e.Cidr) list.cidrs.push(e.Cidr);
      });
    });
    ctx.out.prefixLists.push(...lists);
  },
};
