import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { imageRef } from './resource-refs';
import { label } from './support/labels';
import { sharingResult, trustedSet } from './support/sharing';

export default defineRule({
  id: 'ec2-ami-shared-trusted',
  title: 'AMIs owned by the account are shared only with trusted accounts',
  severity: 'high',
  category: 'image',
  resourceType: 'AWS::EC2::Image',
  rationale:
    'An AMI shared with an account can be launched there, and its snapshots read: whatever was baked in (keys, configuration, data) goes with it. The policy\'s trustedAccounts (accounts, organization or OU ARNs, plus the accounts this audit scans) say who may receive one. Public AMIs are ec2-ami-not-public\'s concern.',
  remediation:
    'aws ec2 modify-image-attribute --image-id AMI_ID --launch-permission "Remove=[{UserId=ACCOUNT_ID}]" (or OrganizationArn=ARN / OrganizationalUnitArn=ARN; the principals are in the evidence); if the share is intended, add it to trustedAccounts in the policy file.',
  params: z.strictObject({}),
  // Every scanned account is trusted: the pipeline's per-target step sees one account only, so this runs over the merged estate.
  scope: 'estate',
  requires: ['ec2:DescribeImages', 'ec2:DescribeImageAttribute'],
  *evaluate({ inv, policy }) {
    const trusted = trustedSet(inv, policy);
    for (const i of inv.snapshot.images) {
      if (!i.owned || i.state === 'deregistered') continue;
      yield sharingResult(imageRef(i), label(i.imageId, i.name), 'AMI', i.sharedWith, trusted);
    }
  },
});
