import { trailConfigRule } from './support/trail-config-rule';

export default trailConfigRule({
  id: 'ct-trail-kms-encryption',
  title: 'CloudTrail trails encrypt their logs with a KMS key (SSE-KMS)',
  severity: 'medium',
  rationale:
    'With SSE-KMS, reading the logs needs both S3 read access and kms:Decrypt on a customer-managed key, so a leaked bucket policy alone does not expose the account audit trail, and every decryption is itself logged.',
  remediation:
    'aws cloudtrail update-trail --name TRAIL_NAME --kms-key-id KEY_ARN (the key policy must allow cloudtrail.amazonaws.com to GenerateDataKey* for this trail and your auditors to Decrypt).',
  check: (t) =>
    t.kmsKeyId
      ? { pass: true, message: `encrypts its logs with ${t.kmsKeyId}` }
      : { pass: false, message: 'does not encrypt its logs with a KMS key (S3-managed keys only)', evidence: { kmsKeyId: null } },
});
