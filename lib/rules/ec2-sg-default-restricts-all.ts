import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { securityGroupRef } from './resource-refs';
import { sgLabel } from './support/public-port-rule';
import { plural } from './support/labels';
import { ruleEvidence } from './support/sg-exposure';

export default defineRule({
  id: 'ec2-sg-default-restricts-all',
  title: "VPC default security groups allow no inbound or outbound traffic",
  severity: 'high',
  category: 'network',
  resourceType: 'AWS::EC2::SecurityGroup',
  rationale:
    'Anything launched without an explicit security group lands in the VPC default group, whose stock rules let every member talk to every other and reach anywhere. Emptying it means a forgotten group choice fails closed, and forces every workload to use a group designed for it.',
  remediation:
    'Move any resources off the default group, then remove its rules: aws ec2 revoke-security-group-ingress --group-id SG_ID --ip-permissions "$(aws ec2 describe-security-groups --group-ids SG_ID --query SecurityGroups[0].IpPermissions)" and the same with revoke-security-group-egress and IpPermissionsEgress.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeSecurityGroups'],
  *evaluate({ inv }) {
    for (const g of inv.snapshot.securityGroups) {
      if (g.groupName !== 'default') continue;
      const name = `${sgLabel(g)}${g.vpcId ? ` of ${g.vpcId}` : ''}`;
      const n = g.ingress.length + g.egress.length;
      if (n === 0) {
        yield { status: 'PASS', resource: securityGroupRef(g), message: `${name} has no rules` };
        continue;
      }
      yield {
        status: 'FAIL',
        resource: securityGroupRef(g),
        message: `${name} has ${plural(g.ingress.length, 'inbound rule')} and ${plural(g.egress.length, 'outbound rule')}; a default group should allow nothing`,
        evidence: {
          groupId: g.groupId,
          vpcId: g.vpcId,
          useCount: inv.securityGroupUseCount(g.accountId, g.region, g.groupId),
          rules: [...g.ingress.map((r) => ruleEvidence(r)), ...g.egress.map((r) => ({ ...ruleEvidence(r), direction: 'egress' }))],
        },
      };
    }
  },
});
