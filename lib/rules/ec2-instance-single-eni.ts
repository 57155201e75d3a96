import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';
import { listText } from './support/labels';

export default defineRule({
  id: 'ec2-instance-single-eni',
  title: 'Instances use a single network interface',
  severity: 'low',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'Each extra network interface can sit in another subnet with other security groups, so one instance bridges networks that were meant to be separate, and its reachability can no longer be read from a single set of rules.',
  remediation:
    'Detach the extra interfaces: aws ec2 detach-network-interface --attachment-id ATTACHMENT_ID (aws ec2 describe-network-interfaces --filters Name=attachment.instance-id,Values=INSTANCE_ID lists them); keep the design where it is deliberate (appliances) and record an exception.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeInstances'],
  *evaluate({ inv }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      const enis = i.networkInterfaceIds;
      if (enis.length === 0) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name}: no network interfaces were reported for it` };
      } else if (enis.length === 1) {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} has one network interface (${enis[0]})` };
      } else {
        yield {
          status: 'FAIL',
          resource: instanceRef(i),
          message: `${name} has ${enis.length} network interfaces: ${listText(enis)}`,
          evidence: { networkInterfaceIds: enis, subnets: [...new Set(enis.map((id) => inv.networkInterface(i.accountId, i.region, id)?.subnetId).filter((s) => s !== undefined))] },
        };
      }
    }
  },
});
