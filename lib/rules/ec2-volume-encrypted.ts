import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { volumeRef } from './resource-refs';
import { label, listText, nameTag } from './support/labels';

export default defineRule({
  id: 'ec2-volume-encrypted',
  title: 'Attached EBS volumes are encrypted at rest',
  severity: 'medium',
  category: 'encryption',
  resourceType: 'AWS::EC2::Volume',
  rationale:
    'An unencrypted volume, and every snapshot taken of it, can be read by anyone who gets hold of a copy. EBS encryption with KMS keeps the data, its snapshots and the traffic to the instance encrypted at no performance cost, and makes access auditable through key policies.',
  remediation:
    'A volume cannot be encrypted in place: aws ec2 create-snapshot --volume-id VOLUME_ID, aws ec2 copy-snapshot --source-snapshot-id SNAPSHOT_ID --source-region REGION --encrypted --kms-key-id KEY_ID, create a volume from the copy, swap it in during a maintenance window, and turn on encryption by default (ec2-ebs-default-encryption) so new volumes are encrypted.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeVolumes'],
  *evaluate({ inv }) {
    for (const v of inv.snapshot.volumes) {
      const name = label(v.volumeId, nameTag(v.tags));
      const instances = v.attachments.map((a) => a.instanceId);
      if (instances.length === 0) {
        yield { status: 'NOT_APPLICABLE', resource: volumeRef(v), message: `${name} is not attached to an instance` };
      } else if (v.encrypted) {
        yield { status: 'PASS', resource: volumeRef(v), message: `${name} (attached to ${listText(instances)}) is encrypted${v.kmsKeyId ? ` with ${v.kmsKeyId}` : ''}` };
      } else {
        yield {
          status: 'FAIL',
          resource: volumeRef(v),
          message: `${name} attached to ${listText(instances)} is not encrypted`,
          evidence: { volumeId: v.volumeId, encrypted: false, attachments: v.attachments, sizeGiB: v.sizeGiB },
        };
      }
    }
  },
});
