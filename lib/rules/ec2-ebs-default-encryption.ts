import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { accountRef } from './resource-refs';

export default defineRule({
  id: 'ec2-ebs-default-encryption',
  title: 'EBS encryption by default is enabled in every region',
  severity: 'medium',
  category: 'encryption',
  resourceType: 'AWS::::Account',
  rationale:
    'With encryption by default, every new volume and snapshot copy in the region is encrypted, whoever creates it and however (console, CLI, CloudFormation, Auto Scaling). Without it, each launch path must remember to ask for encryption, and one that forgets leaves plaintext disks behind.',
  remediation:
    'aws ec2 enable-ebs-encryption-by-default --region REGION (optionally aws ec2 modify-ebs-default-kms-key-id --kms-key-id KEY_ID --region REGION); the setting is per region, so repeat it in every region you use. Console: EC2 > Settings > Data protection and security > EBS encryption > Manage > Enable.',
  params: z.strictObject({}),
  requires: ['ec2:GetEbsEncryptionByDefault'],
  *evaluate({ inv }) {
    for (const t of inv.targets) {
      const resource = accountRef(t.accountId, t.region);
      const setting = inv.ebsEncryptionDefault(t.accountId, t.region);
      if (!setting) {
        yield { status: 'UNKNOWN', resource, message: `EBS encryption by default in ${t.accountId}/${t.region} was not collected`, evidence: { region: t.region } };
      } else if (setting.enabled) {
        yield { status: 'PASS', resource, message: `EBS encryption by default is enabled in ${t.accountId}/${t.region}${setting.kmsKeyId ? ` (key ${setting.kmsKeyId})` : ''}` };
      } else {
        yield { status: 'FAIL', resource, message: `EBS encryption by default is disabled in ${t.accountId}/${t.region}: new volumes there are unencrypted unless their creator asks`, evidence: { region: t.region, enabled: false } };
      }
    }
  },
});
