import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { imageRef } from './resource-refs';
import { label } from './support/labels';

export default defineRule({
  id: 'ec2-ami-not-public',
  title: 'AMIs owned by the account are not public',
  severity: 'high',
  category: 'image',
  resourceType: 'AWS::EC2::Image',
  rationale:
    'A public AMI can be launched by any AWS account: its snapshots expose whatever was baked in (credentials, keys, internal hostnames, proprietary code). Images are shared with named accounts or the organization, never with everyone.',
  remediation:
    'aws ec2 modify-image-attribute --image-id AMI_ID --launch-permission "Remove=[{Group=all}]"; then aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing in each region.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeImages'],
  *evaluate({ inv }) {
    for (const image of inv.snapshot.images) {
      if (!image.owned) continue;
      const name = label(image.imageId, image.name);
      if (image.public) {
        yield {
          status: 'FAIL',
          resource: imageRef(image),
          message: `${name} is public: any AWS account can launch it and read its snapshots`,
          evidence: { imageId: image.imageId, imageName: image.name, ownerId: image.ownerId, launchPermission: 'group=all' },
        };
      } else yield { status: 'PASS', resource: imageRef(image), message: `${name} is private` };
    }
  },
});
