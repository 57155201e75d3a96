/**
 * The collectors, in the order they run, and the IAM actions they call: one list with two users,
 * `vmaudit permissions` and the CDK stack's read role (STYLE §5).
 */
import { instancesCollector } from './ec2/instances';
import { prefixListsCollector, securityGroupsCollector } from './ec2/security-groups';
import { networkCollector } from './ec2/network';
import { transitGatewaysCollector } from './ec2/transit-gateways';
import { ebsCollector } from './ec2/ebs';
import { launchTemplatesCollector } from './ec2/launch-templates';
import { regionSettingsCollector } from './ec2/region-settings';
import { ownedImagesCollector, usedImagesCollector } from './ec2/images';
import { trailsCollector } from './cloudtrail/trails';
import { trailBucketsCollector } from './s3/trail-buckets';
import { eventsCollector } from './cloudtrail/events';
import type { Collector } from './types';

export const COLLECTORS: readonly Collector[] = [
  instancesCollector,
  securityGroupsCollector,
  networkCollector,
  transitGatewaysCollector,
  ebsCollector,
  regionSettingsCollector,
  launchTemplatesCollector,
  ownedImagesCollector,
  trailsCollector,
  // LookupEvents is paced and the slowest: started with the others, it overlaps their calls.
  eventsCollector,
  prefixListsCollector,
  usedImagesCollector,
  trailBucketsCollector,
];

/** Region discovery (`--regions all`, and opt-in checks) runs with the target account's credentials. */
export const REGION_DISCOVERY_PERMISSIONS = ['ec2:DescribeRegions'] as const;

/**
 * The IAM action of an API whose action is spelled differently: S3's GetPublicAccessBlock is
 * authorised by s3:GetBucketPublicAccessBlock. Every other API is its own action.
 */
export const IAM_ACTION_OF_API: Readonly<Record<string, string>> = { 's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock' };

/** Every read-only action a target account must allow, sorted and unique. */
export function collectorPermissions(collectors: readonly Collector[] = COLLECTORS): string[] {
  const apis = [...collectors.flatMap((c) => c.permissions), ...REGION_DISCOVERY_PERMISSIONS];
  return [...new Set(apis.map((a) => IAM_ACTION_OF_API[a] ?? a))].sort();
}

/** Actions the scanning principal itself needs on top: listing the organization and assuming the read role. */
export function scannerPermissions(o: { org?: boolean; assumeRole?: boolean }): string[] {
  const out: string[] = [];
  if (o.org) out.push('organizations:ListAccounts');
  if (o.assumeRole || o.org) out.push('sts:AssumeRole');
  return out.sort();
}
