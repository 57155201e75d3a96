import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';
import { listText } from './support/labels';

export default defineRule({
  id: 'ec2-instance-no-public-ip',
  title: 'Instances have no public IPv4 address',
  severity: 'high',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'A public IPv4 address makes the instance directly addressable from the internet: one permissive security-group or NACL change away from exposure, and scanned from the moment it boots. Put instances in private subnets and publish services through load balancers, NAT or SSM Session Manager.',
  remediation:
    'Stop auto-assignment on the subnet (aws ec2 modify-subnet-attribute --subnet-id SUBNET_ID --no-map-public-ip-on-launch) and in launch templates (AssociatePublicIpAddress=false); release or disassociate Elastic IPs (aws ec2 disassociate-address --association-id ASSOC_ID); an auto-assigned address goes away only by relaunching the instance without one.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces'],
  *evaluate({ inv }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      const found: { address: string; networkInterfaceId?: string }[] = [];
      if (i.publicIpAddress) found.push({ address: i.publicIpAddress });
      // Secondary ENIs can carry Elastic IPs that the instance's own PublicIpAddress does not show.
      for (const eniId of i.networkInterfaceIds) {
        const eni = inv.networkInterface(i.accountId, i.region, eniId);
        if (eni?.publicIp && !found.some((f) => f.address === eni.publicIp)) found.push({ address: eni.publicIp, networkInterfaceId: eniId });
      }
      if (found.length) {
        yield {
          status: 'FAIL',
          resource: instanceRef(i),
          message: `${name} has the public IPv4 address${found.length > 1 ? 'es' : ''} ${listText(found.map((f) => f.address))}`,
          evidence: { publicIps: found, subnetId: i.subnetId },
        };
      } else yield { status: 'PASS', resource: instanceRef(i), message: `${name} has no public IPv4 address` };
    }
  },
});
