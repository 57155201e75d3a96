import type { TrailBucket } from '../model/types';
import { trailBucketRule, type BucketVerdict } from './support/trail-buckets';
import { listText } from './support/labels';

/** Whether the bucket's policy and ACL leave it public, each side decided or not read. */
export function judgePublic(b: TrailBucket): BucketVerdict {
  const block = b.publicAccessBlock;
  const grants = b.aclPublicGrants;
  const publicBy: string[] = [];
  const unread: string[] = [];
  // RestrictPublicBuckets limits a public policy to AWS services and the owner account; IgnorePublicAcls voids public ACL grants.
  if (!block?.restrictPublicBuckets) {
    if (b.policyIsPublic === undefined) unread.push('its policy status (GetBucketPolicyStatus)');
    else if (b.policyIsPublic) publicBy.push('its bucket policy is public');
  }
  if (!block?.ignorePublicAcls) {
    if (grants === undefined) unread.push('its ACL (GetBucketAcl)');
    else if (grants.length) publicBy.push(`its ACL grants ${listText(grants)}`);
  }
  const evidence = { policyIsPublic: b.policyIsPublic ?? null, aclPublicGrants: grants ?? null, publicAccessBlock: block ?? null };
  if (publicBy.length) {
    const note = block ? '' : ' (its public access block could not be read)';
    return { status: 'FAIL', message: `is public: ${listText(publicBy)}${note}`, evidence };
  }
  if (unread.length) return { status: 'UNKNOWN', message: `may be public: ${listText(unread)} could not be read`, evidence };
  return { status: 'PASS', message: 'is not public (no public policy or ACL grant takes effect)', evidence };
}

export default trailBucketRule({
  id: 'ct-trail-bucket-not-public',
  title: 'The S3 bucket a trail delivers to is not publicly accessible',
  severity: 'critical',
  rationale:
    'The trail bucket holds every recorded API call of the account: who did what, from which address, with which role. A bucket policy or ACL that lets everyone (or every AWS user) read it hands an attacker a map of the estate and shows them what is watched; write access lets them bury their tracks. Security Hub checks this as CloudTrail.6 (CIS 1.2/1.4 standards). Bucket-level block public access settings that void the grant count as not public; the account-level S3 block is not read.',
  remediation:
    'aws s3api put-public-access-block --bucket BUCKET_NAME --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true; then remove the public statement from the bucket policy (aws s3api get-bucket-policy --bucket BUCKET_NAME, edit, aws s3api put-bucket-policy) and the public grants (aws s3api put-bucket-acl --bucket BUCKET_NAME --acl private).',
  apis: ['s3:GetBucketPolicyStatus', 's3:GetPublicAccessBlock', 's3:GetBucketAcl'],
  judge: judgePublic,
});
