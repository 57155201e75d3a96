import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';

export default defineRule({
  id: 'ec2-instance-no-paravirtual',
  title: 'Instances do not use paravirtual virtualization',
  severity: 'medium',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'Paravirtual (PV) instances run only on previous-generation instance types, cannot use enhanced networking or Nitro security features, and their images are no longer maintained. HVM is the supported virtualization type.',
  remediation:
    'Rebuild the workload on an HVM AMI and a current-generation instance type (launch a new instance, move data and addresses, terminate the old one); PV cannot be converted in place.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeInstances'],
  *evaluate({ inv }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      // Fall back to the image when the instance description lacks the field.
      const fromImage = i.virtualizationType ? undefined : i.imageId ? inv.image(i.accountId, i.region, i.imageId)?.virtualizationType : undefined;
      const type = i.virtualizationType ?? fromImage;
      if (!type) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name}: its virtualization type was not reported` };
      } else if (type === 'paravirtual') {
        yield {
          status: 'FAIL',
          resource: instanceRef(i),
          message: `${name} uses paravirtual virtualization${i.instanceType ? ` (${i.instanceType})` : ''}`,
          evidence: { virtualizationType: type, instanceType: i.instanceType, imageId: i.imageId, source: fromImage ? 'image' : 'instance' },
        };
      } else yield { status: 'PASS', resource: instanceRef(i), message: `${name} uses ${type} virtualization` };
    }
  },
});
