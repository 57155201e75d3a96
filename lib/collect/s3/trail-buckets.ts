/**
 * The S3 buckets the target's own trails deliver to (CloudTrail.6: not public; CloudTrail.7 / CIS 3.4:
 * server access logging): four calls per bucket, a constant per trail (DESIGN §8), each bucket once
 * however many trails share it. Only trails this account owns are followed: an organization trail seen
 * from a member account delivers to a bucket the member usually cannot read, and is judged in the
 * management account. S3's "there is none" errors are answers: no policy is not a public policy, no
 * public access block is every flag off.
 */
import { GetBucketAclCommand, GetBucketLoggingCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand, type Grant } from '@aws-sdk/client-s3';
import type { TrailBucket } from '../../model/types';
import { call, callAnswering } from '../calls';
import { mapLimit } from '../concurrency';
import type { CollectContext, Collector } from '../types';

const PUBLIC_GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

const NO_BLOCK = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

/** Grants to everyone or to every authenticated AWS user, as "AllUsers READ". */
export function publicGrants(grants: readonly Grant[] | undefined): string[] {
  const out: string[] = [];
  for (const g of grants ?? []) {
    const group = g.Grantee?.Type === 'Group' && g.Grantee.URI ? PUBLIC_GROUPS[g.Grantee.URI] : undefined;
    if (group) out.push(`${group} ${g.Permission ?? 'UNKNOWN'}`);
  }
  return out.sort();
}

/** The account in a trail ARN (arn:aws:cloudtrail:region:account:trail/name). */
const ownerOf = (arn: string): string | undefined => arn.split(':')[4];

export const trailBucketsCollector: Collector = {
  name: 'trail-buckets',
  service: 's3',
  phase: 2,
  needs: ['cloudtrail'],
  permissions: ['s3:GetBucketPolicyStatus', 's3:GetPublicAccessBlock', 's3:GetBucketAcl', 's3:GetBucketLogging'],
  async collect(ctx: CollectContext) {
    const { accountId, region } = ctx.target;
    const client = ctx.clients.s3;
    const names = [...new Set(ctx.collected.trails.filter((t) => t.s3BucketName && ownerOf(t.arn) === accountId).map((t) => t.s3BucketName!))].sort();
    const read = await mapLimit(names, 4, async (Bucket): Promise<TrailBucket> => {
      const [status, block, acl, logging] = await Promise.all([
        callAnswering(ctx, 's3', 'GetBucketPolicyStatus', () => client.send(new GetBucketPolicyStatusCommand({ Bucket })), { NoSuchBucketPolicy: 'none' as const }),
        callAnswering(ctx, 's3', 'GetPublicAccessBlock', () => client.send(new GetPublicAccessBlockCommand({ Bucket })), { NoSuchPublicAccessBlockConfiguration: 'none' as const }),
        call(ctx, 's3', 'GetBucketAcl', () => client.send(new GetBucketAclCommand({ Bucket }))),
        call(ctx, 's3', 'GetBucketLogging', () => client.send(new GetBucketLoggingCommand({ Bucket }))),
      ]);
      const b: TrailBucket = { accountId, region, bucketName: Bucket };
      if (status === 'none') b.policyIsPublic = false;
      else if (status) b.policyIsPublic = status.PolicyStatus?.IsPublic === true;
      if (block === 'none') b.publicAccessBlock = { ...NO_BLOCK };
      else if (block) {
        const c = block.PublicAccessBlockConfiguration ?? {};
        b.publicAccessBlock = { blockPublicAcls: c.BlockPublicAcls === true, ignorePublicAcls: c.IgnorePublicAcls === true, blockPublicPolicy: c.BlockPublicPolicy === true, restrictPublicBuckets: c.RestrictPublicBuckets === true };
      }
      if (acl) b.aclPublicGrants = publicGrants(acl.Grants);
      if (logging) b.accessLogging = logging.LoggingEnabled ? { enabled: true, ...(logging.LoggingEnabled.TargetBucket ? { targetBucket: logging.LoggingEnabled.TargetBucket } : {}) } : { enabled: false };
      return b;
    });
    ctx.out.trailBuckets.push(...read);
  },
};
