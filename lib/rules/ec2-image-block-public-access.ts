import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { blockPublicAccessResults } from './support/block-public-access';

export default defineRule({
  id: 'ec2-image-block-public-access',
  title: 'Block public access for AMIs is on in every region',
  severity: 'medium',
  category: 'image',
  resourceType: 'AWS::::Account',
  rationale:
    'ec2-ami-not-public finds AMIs that are public now; block public access stops anyone in the account from making another one public, with whatever credentials, keys or data were baked into it. The setting is per region.',
  remediation:
    'aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing --region REGION (AMIs that are public today stay public: make them private with aws ec2 modify-image-attribute --image-id AMI_ID --launch-permission "Remove=[{Group=all}]").',
  params: z.strictObject({}),
  requires: ['ec2:GetImageBlockPublicAccessState'],
  evaluate: ({ inv }) => blockPublicAccessResults(inv, { what: 'AMIs', read: (s) => s.imageBlockPublicAccess, blocking: ['block-new-sharing'] }),
});
