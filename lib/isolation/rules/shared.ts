/** What the three isolation rules share: one analysis per run, the resource names, the required APIs. */
import { partitionOf } from '../../model/arn';
import type { ResourceRef, RuleContext } from '../../engine/rule';
import { IsolationAnalysis } from '../analysis';
import { zoneLabel } from '../model';

/** The isolation analysis of this run, computed once and shared by the three rules. */
export function isolationAnalysis(ctx: RuleContext<unknown>): IsolationAnalysis {
  return ctx.memo('isolation', () => IsolationAnalysis.forPolicy(ctx.inv, ctx.policy));
}

/** Every API whose data reachability depends on. A gap on any turns PASS into UNKNOWN. */
export const NETWORK_APIS = [
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeManagedPrefixLists',
  'ec2:GetManagedPrefixListEntries',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcPeeringConnections',
];

function pseudoArn(accountId: string, region: string, kind: string, id: string): string {
  return `arn:${partitionOf(region)}:vmaudit:${region}:${accountId}:${kind}/${encodeURIComponent(id)}`;
}

/** A path between two zones, owned by the destination's account and region. */
export function zonePathRef(accountId: string, region: string, sourceZone: string, destinationZone: string): ResourceRef {
  const id = `${zoneLabel(sourceZone)} -> ${zoneLabel(destinationZone)}`;
  return { accountId, region, type: 'vmaudit::Isolation::ZonePath', id, arn: pseudoArn(accountId, region, 'zone-path', id) };
}

export function zoneRef(accountId: string, region: string, zone: string): ResourceRef {
  return { accountId, region, type: 'vmaudit::Isolation::Zone', id: zoneLabel(zone), arn: pseudoArn(accountId, region, 'zone', zoneLabel(zone)) };
}

export function flowRef(accountId: string, region: string, id: string): ResourceRef {
  return { accountId, region, type: 'vmaudit::Isolation::Flow', id, arn: pseudoArn(accountId, region, 'flow', id) };
}

/** Policy-level results (zones, flows that match nothing) belong to the first audited account. */
export function homeAccount(ctx: RuleContext<unknown>): string {
  return ctx.inv.accounts[0] ?? '000000000000';
}
