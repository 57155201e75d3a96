import type { TrailBucket } from '../model/types';
import { trailBucketRule, type BucketVerdict } from './support/trail-buckets';
import { bounded } from './support/labels';

export function judgeLogging(b: TrailBucket): BucketVerdict {
  const l = b.accessLogging;
  if (!l) return { status: 'UNKNOWN', message: 'may not log access: its logging settings (GetBucketLogging) could not be read' };
  if (!l.enabled) return { status: 'FAIL', message: 'has no server access logging', evidence: { accessLogging: false } };
  return { status: 'PASS', message: `logs access to ${l.targetBucket ? bounded(l.targetBucket) : 'a target bucket'}`, evidence: { accessLogging: true, targetBucket: l.targetBucket ?? null } };
}

export default trailBucketRule({
  id: 'ct-trail-bucket-access-logging',
  title: 'The S3 bucket a trail delivers to has server access logging enabled',
  severity: 'low',
  rationale:
    'CloudTrail records who changed the trail, not who read or deleted its log files: that is in the bucket\'s server access log. Without it, an auditor cannot tell who downloaded the audit record or tried to remove objects from it. CIS 3.4 (3.0 and 5.0) and Security Hub CloudTrail.7 ask for it.',
  remediation:
    'aws s3api put-bucket-logging --bucket BUCKET_NAME --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"BUCKET_NAME/"}}\' (LOG_BUCKET: a separate bucket whose policy lets logging.s3.amazonaws.com write; never the trail bucket itself).',
  apis: ['s3:GetBucketLogging'],
  judge: judgeLogging,
});
