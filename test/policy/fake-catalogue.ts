/** A small catalogue with parameterised rules, so policy tests do not depend on the real one growing. */
import * as z from 'zod';
import { defineRule, type Rule } from '../../lib/engine/rule';

const PORT = 'expected a port 0-65535';
const portList = () => z.array(z.number({ error: PORT }).int({ error: PORT }).min(0, { error: PORT }).max(65535, { error: PORT }));
const positiveDays = () => z.number({ error: 'expected a number of days' }).int({ error: 'expected a whole number of days' }).min(1, { error: 'expected at least 1 day' });
const accountId = () => z.string({ error: 'expected a 12-digit account id in quotes' }).regex(/^\d{12}$/, { error: 'expected a 12-digit account id in quotes' });

function fakeRule(id: string, params: z.ZodType): Rule {
  return defineRule({
    id,
    title: id,
    severity: 'high',
    category: 'network',
    resourceType: 'AWS::EC2::SecurityGroup',
    rationale: 'test',
    remediation: 'test',
    params,
    requires: [],
    *evaluate() {},
  });
}

export const FAKE_CATALOGUE: readonly Rule[] = [
  fakeRule('ec2-sg-no-public-ssh', z.strictObject({})),
  fakeRule('ec2-sg-authorized-ports', z.strictObject({ tcpPorts: portList().default([80, 443]), udpPorts: portList().default([]) })),
  fakeRule('ec2-instance-stopped-too-long', z.strictObject({ days: positiveDays().default(30) })),
  fakeRule('ec2-ami-approved', z.strictObject({ owners: z.array(accountId()).default([]), maxAgeDays: positiveDays().default(365) })),
];
