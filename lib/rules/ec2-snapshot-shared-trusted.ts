import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { snapshotRef } from './resource-refs';
import { label, nameTag } from './support/labels';
import { sharingResult, trustedSet } from './support/sharing';

export default defineRule({
  id: 'ec2-snapshot-shared-trusted',
  title: 'EBS snapshots are shared only with trusted accounts',
  severity: 'high',
  category: 'encryption',
  resourceType: 'AWS::EC2::Snapshot',
  rationale:
    'A snapshot shared with an account can be turned into a volume there and read in full, outside every control of this account. Sharing with a partner or an old account that nobody reviews is a quiet copy of the disk; the policy\'s trustedAccounts (plus the accounts this audit scans) say who may receive one. Public snapshots are ec2-snapshot-not-public\'s concern.',
  remediation:
    'aws ec2 modify-snapshot-attribute --snapshot-id SNAPSHOT_ID --attribute createVolumePermission --operation-type remove --user-ids ACCOUNT_ID (the accounts are in the evidence); if the share is intended, add the account to trustedAccounts in the policy file.',
  params: z.strictObject({}),
  // Every scanned account is trusted: the pipeline's per-target step sees one account only, so this runs over the merged estate.
  scope: 'estate',
  requires: ['ec2:DescribeSnapshots', 'ec2:DescribeSnapshotAttribute'],
  *evaluate({ inv, policy }) {
    const trusted = trustedSet(inv, policy);
    for (const s of inv.snapshot.snapshots) {
      yield sharingResult(snapshotRef(s), label(s.snapshotId, nameTag(s.tags)), 'snapshot', s.sharedWith, trusted);
    }
  },
});
