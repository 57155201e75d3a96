/** A small catalogue with parameterised rules, so policy tests do not depend on the real one growing. */
import { z } from 'zod';
import { defineRule, type Frameworks, type Rule } from '../../lib/engine/rule';
import { accountId, portList, positiveDays } from '../../lib/policy/params';

function fakeRule(id: string, frameworks: Frameworks, params: z.ZodType): Rule {
  return defineRule({
    id,
    title: id,
    severity: 'high',
    category: 'network',
    resourceType: 'AWS::EC2::SecurityGroup',
    frameworks,
    rationale: 'test',
    remediation: 'test',
    params,
    requires: [],
    *evaluate() {},
  });
}

export const FAKE_CATALOGUE: readonly Rule[] = [
  fakeRule('ec2-sg-no-public-ssh', { fsbp: ['EC2.53'], cis: ['5.2'] }, z.strictObject({})),
  fakeRule('ec2-sg-authorized-ports', { fsbp: ['EC2.18'] }, z.strictObject({ tcpPorts: portList().default([80, 443]), udpPorts: portList().default([]) })),
  fakeRule('ec2-instance-stopped-too-long', { fsbp: ['EC2.4'] }, z.strictObject({ days: positiveDays().default(30) })),
  fakeRule('ec2-ami-approved', {}, z.strictObject({ owners: z.array(accountId()).default([]), maxAgeDays: positiveDays().default(365) })),
];
