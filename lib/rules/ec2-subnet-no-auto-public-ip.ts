import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { subnetRef } from './resource-refs';
import { label, nameTag } from './support/labels';

export default defineRule({
  id: 'ec2-subnet-no-auto-public-ip',
  title: 'Subnets do not assign public IPv4 addresses automatically',
  severity: 'medium',
  category: 'network',
  resourceType: 'AWS::EC2::Subnet',
  rationale:
    'With MapPublicIpOnLaunch on, every instance launched into the subnet gets a public address unless its launcher opts out, so a workload meant to be private becomes internet-addressable by default. Public addresses should be a deliberate choice per instance or load balancer.',
  remediation:
    'aws ec2 modify-subnet-attribute --subnet-id SUBNET_ID --no-map-public-ip-on-launch (default subnets have it on: turn it off there too, or delete the default VPC if unused).',
  params: z.strictObject({}),
  requires: ['ec2:DescribeSubnets'],
  *evaluate({ inv }) {
    for (const s of inv.snapshot.subnets) {
      const name = label(s.subnetId, nameTag(s.tags));
      if (s.mapPublicIpOnLaunch) {
        yield {
          status: 'FAIL',
          resource: subnetRef(s),
          message: `${name} in ${s.vpcId} assigns a public IPv4 address to every instance launched into it${s.defaultForAz ? ' (default subnet)' : ''}`,
          evidence: { subnetId: s.subnetId, vpcId: s.vpcId, cidrBlock: s.cidrBlock, availabilityZone: s.availabilityZone, mapPublicIpOnLaunch: true, defaultForAz: s.defaultForAz },
        };
      } else yield { status: 'PASS', resource: subnetRef(s), message: `${name} in ${s.vpcId} does not assign public IPv4 addresses` };
    }
  },
});
