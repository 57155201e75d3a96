/**
 * The family of "no unrestricted ingress on these ports" rules (STYLE §4: parameterised, not copied).
 * `match: 'inside'` fails a group that opens any port of the set to the internet (SSH, RDP, high-risk
 * ports); `match: 'outside'` fails a group that opens anything beyond the set (authorised ports).
 * One result per security group; a FAIL lists every offending rule in its evidence.
 */
import type * as z from 'zod';
import { defineRule, type Rule, type RuleDefinition, type RuleContext, type RuleResult } from '../../engine/rule';
import type { SecurityGroup } from '../../model/types';
import { securityGroupRef } from '../resource-refs';
import { label, listText } from './labels';
import type { PortSet } from './protocols';
import { exposedPorts, exposureOf, peerText, ruleEvidence, ruleText, type PortMatch } from './sg-exposure';

export interface PublicPortRuleSpec<S extends z.ZodType> extends Pick<RuleDefinition<S>, 'id' | 'title' | 'severity' | 'rationale' | 'remediation' | 'params'> {
  match: PortMatch;
  ports(params: z.output<S>): PortSet;
  /** The checked ports in words, for messages: `tcp/22 (SSH)`. */
  describe(params: z.output<S>): string;
}

export const sgLabel = (g: SecurityGroup): string => label(g.groupId, g.groupName);

export function publicPortRule<S extends z.ZodType>(spec: PublicPortRuleSpec<S>): Rule {
  const { match, ports, describe, ...meta } = spec;
  return defineRule({
    ...meta,
    category: 'network',
    resourceType: 'AWS::EC2::SecurityGroup',
    requires: ['ec2:DescribeSecurityGroups'],
    *evaluate(ctx: RuleContext<z.output<S>>) {
      const set = ports(ctx.params);
      const what = describe(ctx.params);
      const exposure = exposureOf(ctx);
      for (const g of ctx.inv.snapshot.securityGroups) yield judge(ctx, g, exposure(g), set, what, match);
    },
  });
}

function judge(ctx: Pick<RuleContext<unknown>, 'inv'>, g: SecurityGroup, exposure: ReturnType<ReturnType<typeof exposureOf>>, set: PortSet, what: string, match: PortMatch): RuleResult {
  const resource = securityGroupRef(g);
  const name = sgLabel(g);
  const offending = exposure.open.map((o) => ({ o, exposes: exposedPorts(o.reach, set, match) })).filter((x) => x.exposes.length > 0);
  if (offending.length) {
    const first = offending[0]!;
    const more = offending.length > 1 ? `, and ${offending.length - 1} more open rule${offending.length > 2 ? 's' : ''}` : '';
    const ports = match === 'outside' ? `unauthorised ${listText(first.exposes, 4)}` : listText(first.exposes, 4);
    return {
      status: 'FAIL',
      resource,
      message: `${name} allows ${peerText(first.o)} to ${ports}${ruleText(first.o.rule, first.exposes.length === 1 ? first.exposes[0] : undefined)}${more}`,
      evidence: {
        groupId: g.groupId,
        groupName: g.groupName,
        vpcId: g.vpcId,
        useCount: ctx.inv.securityGroupUseCount(g.accountId, g.region, g.groupId),
        checked: what,
        rules: offending.map(({ o, exposes }) => ruleEvidence(o.rule, { openTo: o.cidrs, ...(o.prefixListId ? { prefixListId: o.prefixListId } : {}), exposes })),
      },
    };
  }
  const undecided = exposure.unresolved.filter((u) => exposedPorts(u.reach, set, match).length > 0);
  if (undecided.length) {
    const first = undecided[0]!;
    return {
      status: 'UNKNOWN',
      resource,
      message: `${name}: cannot tell whether ${what} is open to the internet: ${first.reason}${ruleText(first.rule)}`,
      evidence: { groupId: g.groupId, checked: what, rules: undecided.map((u) => ruleEvidence(u.rule, { reason: u.reason })) },
    };
  }
  const message =
    match === 'inside'
      ? `${name} allows no traffic from 0.0.0.0/0 or ::/0 to ${what}`
      : exposure.open.length
        ? `${name} opens only authorised ports to the internet (${what})`
        : `${name} allows no traffic from 0.0.0.0/0 or ::/0`;
  return { status: 'PASS', resource, message };
}
