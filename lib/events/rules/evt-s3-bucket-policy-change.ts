import { changeRule } from './change-rule';

export default changeRule({
  id: 'evt-s3-bucket-policy-change',
  title: 'S3 bucket policy changes are reviewed',
  cls: 's3-bucket-policy-change',
  severity: 'medium',
  resourceTypes: ['AWS::S3::Bucket'],
  what: 'S3 bucket policy changes',
  rationale:
    'A bucket policy or ACL decides who outside the account can read the data; a changed policy is the usual way a bucket becomes public or shared with an attacker account (CIS 4.8).',
  remediation:
    'Investigate: the bucket and the new policy (evidence.requestParameters.bucketPolicy), in particular "Principal": "*" or unknown account ids. If not intended: restore the previous policy, make sure S3 Block Public Access is on for the account and the bucket, and check the S3 data events or server access logs for reads since the change.',
});
