import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { blockPublicAccessResults } from './support/block-public-access';

export default defineRule({
  id: 'ec2-snapshot-block-public-access',
  title: 'Block public access for EBS snapshots is on in every region',
  severity: 'medium',
  category: 'encryption',
  resourceType: 'AWS::::Account',
  rationale:
    'ec2-snapshot-not-public finds snapshots that are public now; block public access stops the next one. With it on, a mistaken modify-snapshot-attribute (or a script that shares "all") cannot expose a disk image to every AWS account. The setting is per region.',
  remediation:
    'aws ec2 enable-snapshot-block-public-access --state block-all-sharing --region REGION (block-new-sharing keeps snapshots that are public today public; make them private first with aws ec2 modify-snapshot-attribute --snapshot-id SNAPSHOT_ID --attribute createVolumePermission --operation-type remove --group-names all).',
  params: z.strictObject({}),
  requires: ['ec2:GetSnapshotBlockPublicAccessState'],
  evaluate: ({ inv }) => blockPublicAccessResults(inv, { what: 'EBS snapshots', read: (s) => s.snapshotBlockPublicAccess, blocking: ['block-all-sharing', 'block-new-sharing'] }),
});
