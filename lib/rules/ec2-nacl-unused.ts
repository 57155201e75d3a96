import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { naclRef } from './resource-refs';
import { label, nameTag, plural } from './support/labels';

export default defineRule({
  id: 'ec2-nacl-unused',
  title: 'Network ACLs are associated with a subnet',
  severity: 'low',
  category: 'network',
  resourceType: 'AWS::EC2::NetworkAcl',
  rationale:
    'An unused network ACL protects nothing but still looks like a control: someone may attach it to a subnet later believing it is reviewed, or edit it thinking it filters traffic today. Removing unused ACLs keeps the network inventory honest and auditable.',
  remediation:
    'aws ec2 delete-network-acl --network-acl-id ACL_ID (after checking it is not meant for a subnet: aws ec2 replace-network-acl-association associates it).',
  params: z.strictObject({}),
  requires: ['ec2:DescribeNetworkAcls'],
  *evaluate({ inv }) {
    for (const acl of inv.snapshot.networkAcls) {
      const name = label(acl.networkAclId, nameTag(acl.tags));
      const n = acl.associatedSubnetIds.length;
      if (n > 0) {
        yield { status: 'PASS', resource: naclRef(acl), message: `${name} in ${acl.vpcId} is associated with ${plural(n, 'subnet')}` };
      } else if (acl.isDefault) {
        // A VPC's default ACL cannot be deleted; it is unused only while the VPC has no subnet using it.
        yield { status: 'NOT_APPLICABLE', resource: naclRef(acl), message: `${name} is the default ACL of ${acl.vpcId} (cannot be deleted) and has no subnets` };
      } else {
        yield { status: 'FAIL', resource: naclRef(acl), message: `${name} in ${acl.vpcId} is not associated with any subnet`, evidence: { networkAclId: acl.networkAclId, vpcId: acl.vpcId, entries: acl.entries.length } };
      }
    }
  },
});
