import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';

export default defineRule({
  id: 'ec2-instance-profile-attached',
  title: 'Instances use an IAM instance profile for AWS access',
  severity: 'low',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'An instance without an instance profile that calls AWS does so with long-lived access keys stored on its disk or in its user data, where they leak with every snapshot and image. An instance role gives it short-lived credentials that rotate by themselves and can be scoped and revoked centrally.',
  remediation:
    'Create a role with only the permissions the workload needs and its instance profile, then aws ec2 associate-iam-instance-profile --instance-id INSTANCE_ID --iam-instance-profile Name=PROFILE_NAME, and delete any access keys stored on the instance.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeInstances'],
  *evaluate({ inv }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      if (i.iamInstanceProfileArn) {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} uses instance profile ${i.iamInstanceProfileArn}` };
      } else {
        yield { status: 'FAIL', resource: instanceRef(i), message: `${name} has no IAM instance profile`, evidence: { iamInstanceProfileArn: null, state: i.state } };
      }
    }
  },
});
