import { changeRule } from './change-rule';

export default changeRule({
  id: 'evt-kms-key-disable-or-delete',
  title: 'KMS keys are not disabled or scheduled for deletion unnoticed',
  cls: 'kms-key-disable-or-delete',
  severity: 'high',
  resourceTypes: ['AWS::KMS::Key'],
  what: 'KMS keys disabled or scheduled for deletion',
  rationale:
    'Data encrypted under a deleted key is lost for good; a disabled key stops every volume, snapshot and bucket that uses it (CIS 4.7). Deletion waits 7 to 30 days, which is the time to notice.',
  remediation:
    'Investigate: which key (evidence.resources), what uses it (aws kms list-grants, the EBS volumes and snapshots with that KmsKeyId), who made the call. If not intended: aws kms cancel-key-deletion --key-id KEY_ID and aws kms enable-key --key-id KEY_ID; restrict kms:ScheduleKeyDeletion and kms:DisableKey in the key policy to a break-glass role.',
});
