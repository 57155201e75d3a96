import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { volumeRef } from './resource-refs';
import { label, listText, nameTag } from './support/labels';

export default defineRule({
  id: 'ec2-volume-all-encrypted',
  title: 'Every EBS volume is encrypted at rest, attached or not',
  severity: 'medium',
  category: 'encryption',
  resourceType: 'AWS::EC2::Volume',
  rationale:
    'FSBP EC2.3 judges attached volumes only, but a detached volume (a restore test, a leftover of a terminated instance) holds the same data and is the one nobody watches: anyone who can attach it to an instance of their own reads it. Encryption with KMS makes that access depend on the key policy too.',
  remediation:
    'Delete the volume if it is not needed (aws ec2 delete-volume --volume-id VOLUME_ID after a final encrypted snapshot); otherwise aws ec2 create-snapshot --volume-id VOLUME_ID, aws ec2 copy-snapshot --source-snapshot-id SNAPSHOT_ID --source-region REGION --encrypted --kms-key-id KEY_ID, and create the volume again from the encrypted copy.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeVolumes'],
  *evaluate({ inv }) {
    for (const v of inv.snapshot.volumes) {
      const name = label(v.volumeId, nameTag(v.tags));
      const where = v.attachments.length ? `attached to ${listText(v.attachments.map((a) => a.instanceId))}` : `not attached (${v.state})`;
      if (v.encrypted) {
        yield { status: 'PASS', resource: volumeRef(v), message: `${name} (${where}) is encrypted${v.kmsKeyId ? ` with ${v.kmsKeyId}` : ''}` };
      } else {
        yield {
          status: 'FAIL',
          resource: volumeRef(v),
          message: `${name} (${where}) is not encrypted`,
          evidence: { volumeId: v.volumeId, encrypted: false, state: v.state, attachments: v.attachments, sizeGiB: v.sizeGiB },
        };
      }
    }
  },
});
