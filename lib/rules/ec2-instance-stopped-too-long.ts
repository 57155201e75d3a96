import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';
import { daysSince } from './support/labels';

export default defineRule({
  id: 'ec2-instance-stopped-too-long',
  title: 'Instances are not left stopped for longer than the allowed number of days',
  severity: 'medium',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'A long-stopped instance misses every patch released while it slept and comes back vulnerable when someone starts it; its volumes keep costing money and keep data nobody looks after. Terminate what is no longer needed, or keep it as an AMI.',
  remediation:
    'Terminate it if it is no longer needed: aws ec2 terminate-instances --instance-ids INSTANCE_ID (first aws ec2 create-image --instance-id INSTANCE_ID --name NAME to keep a copy), or start and patch it if it is still in use.',
  params: z.strictObject({
    /** Days an instance may stay stopped. */
    days: z.number().int('expected a whole number of days').min(1, 'expected at least 1 day').default(30),
  }),
  requires: ['ec2:DescribeInstances'],
  *evaluate({ inv, params, now }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      if (i.state !== 'stopped') {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} is ${i.state}` };
        continue;
      }
      const days = daysSince(i.stateTransitionTime, now);
      if (days === undefined) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name} is stopped, but AWS did not say since when (no time in StateTransitionReason)`, evidence: { state: i.state } };
      } else if (days > params.days) {
        yield {
          status: 'FAIL',
          resource: instanceRef(i),
          message: `${name} has been stopped for ${days} days (allowed: ${params.days})`,
          evidence: { state: i.state, stoppedSince: i.stateTransitionTime, days, allowedDays: params.days },
        };
      } else {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} has been stopped for ${days} days (allowed: ${params.days})`, evidence: { stoppedSince: i.stateTransitionTime, days } };
      }
    }
  },
});
