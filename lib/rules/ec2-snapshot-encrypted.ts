import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { snapshotRef } from './resource-refs';
import { label, nameTag } from './support/labels';

export default defineRule({
  id: 'ec2-snapshot-encrypted',
  title: 'EBS snapshots owned by the account are encrypted',
  severity: 'medium',
  category: 'encryption',
  resourceType: 'AWS::EC2::Snapshot',
  rationale:
    'A snapshot is a full copy of a volume that outlives it and is easily shared or copied to another account or region. An unencrypted snapshot can be shared publicly or with any account, and its data read by whoever restores it; an encrypted one also needs access to the KMS key.',
  remediation:
    'aws ec2 copy-snapshot --source-snapshot-id SNAPSHOT_ID --source-region REGION --encrypted --kms-key-id KEY_ID, point backups and images at the copy, then aws ec2 delete-snapshot --snapshot-id SNAPSHOT_ID; turn on EBS encryption by default so new snapshots of new volumes are encrypted.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeSnapshots'],
  *evaluate({ inv }) {
    for (const s of inv.snapshot.snapshots) {
      const name = label(s.snapshotId, nameTag(s.tags));
      if (s.encrypted) {
        yield { status: 'PASS', resource: snapshotRef(s), message: `${name} is encrypted` };
      } else {
        yield {
          status: 'FAIL',
          resource: snapshotRef(s),
          message: `${name}${s.volumeId ? ` (of ${s.volumeId})` : ''} is not encrypted${s.public ? ' and is public' : ''}`,
          evidence: { snapshotId: s.snapshotId, encrypted: false, volumeId: s.volumeId, public: s.public, startTime: s.startTime },
        };
      }
    }
  },
});
