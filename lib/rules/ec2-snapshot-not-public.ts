import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { snapshotRef } from './resource-refs';
import { label, nameTag } from './support/labels';

export default defineRule({
  id: 'ec2-snapshot-not-public',
  title: 'EBS snapshots are not publicly restorable',
  severity: 'critical',
  category: 'image',
  resourceType: 'AWS::EC2::Snapshot',
  rationale:
    'A public snapshot can be copied into any AWS account and mounted there: everything on the disk (databases, keys, configuration with secrets) leaks at once, without touching your account again.',
  remediation:
    'aws ec2 modify-snapshot-attribute --snapshot-id SNAPSHOT_ID --attribute createVolumePermission --operation-type remove --group-names all; then block it for the region: aws ec2 enable-snapshot-block-public-access --state block-all-sharing.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeSnapshots'],
  *evaluate({ inv }) {
    for (const s of inv.snapshot.snapshots) {
      const name = label(s.snapshotId, nameTag(s.tags));
      if (s.public) {
        yield {
          status: 'FAIL',
          resource: snapshotRef(s),
          message: `${name} is publicly restorable: any AWS account can create a volume from it`,
          evidence: { snapshotId: s.snapshotId, volumeId: s.volumeId, encrypted: s.encrypted, createVolumePermission: 'group=all' },
        };
      } else yield { status: 'PASS', resource: snapshotRef(s), message: `${name} is not shared publicly` };
    }
  },
});
