/**
 * The demo CloudTrail set-up. The workloads account has the model organisation trail (multi-region,
 * all management events, KMS, log file validation, CloudWatch Logs, logging) and a regional S3
 * data-events trail in eu-west-1 that has none of those. The tools account has only a single-region
 * trail that excludes KMS events and was stopped (see the StopLogging event).
 *
 * Their buckets: the organisation trail's is private and access-logged; the EU data-events bucket was
 * opened to the public by an ACL grant for a one-off export and never closed; the tools bucket is
 * private but logs no access.
 */
import * as b from '../model/builders';
import type { Trail, TrailBucket } from '../model/types';
import { EU, TOOLS, US, WORKLOADS, daysAgo } from './constants';
import { uuidFrom } from './ids';

const trailArn = (accountId: string, region: string, name: string) => `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;

export function demoTrails(): Trail[] {
  return [
    b.trail({
      accountId: WORKLOADS,
      region: US,
      name: 'acme-org-trail',
      arn: trailArn(WORKLOADS, US, 'acme-org-trail'),
      homeRegion: US,
      isMultiRegion: true,
      isOrganizationTrail: true,
      logFileValidationEnabled: true,
      includeGlobalServiceEvents: true,
      kmsKeyId: `arn:aws:kms:${US}:${WORKLOADS}:key/${uuidFrom('cloudtrail-key')}`,
      cloudWatchLogsLogGroupArn: `arn:aws:logs:${US}:${WORKLOADS}:log-group:aws-cloudtrail-logs-acme:*`,
      s3BucketName: 'acme-cloudtrail-logs-123456789012',
      status: { isLogging: true, latestDeliveryTime: daysAgo(0, 0.1) },
      selectors: { basic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] }] },
      tags: { Owner: 'security' },
    }),
    b.trail({
      accountId: WORKLOADS,
      region: EU,
      name: 'eu-s3-data-events',
      arn: trailArn(WORKLOADS, EU, 'eu-s3-data-events'),
      homeRegion: EU,
      isMultiRegion: false,
      isOrganizationTrail: false,
      logFileValidationEnabled: false,
      includeGlobalServiceEvents: false,
      kmsKeyId: undefined,
      cloudWatchLogsLogGroupArn: undefined,
      s3BucketName: 'acme-eu-data-events',
      status: { isLogging: true, latestDeliveryTime: daysAgo(0, 0.2) },
      selectors: {
        advanced: [
          {
            name: 'S3 object-level events for the customer-data buckets',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
              { field: 'resources.ARN', startsWith: ['arn:aws:s3:::acme-eu-customer-data/'] },
            ],
          },
        ],
      },
      tags: { Owner: 'data-team' },
    }),
    b.trail({
      accountId: TOOLS,
      region: US,
      name: 'tools-trail',
      arn: trailArn(TOOLS, US, 'tools-trail'),
      homeRegion: US,
      isMultiRegion: false,
      isOrganizationTrail: false,
      logFileValidationEnabled: false,
      kmsKeyId: undefined,
      cloudWatchLogsLogGroupArn: undefined,
      s3BucketName: 'acme-tools-trail',
      status: { isLogging: false, latestDeliveryTime: daysAgo(0, 5), latestDeliveryError: 'AccessDenied' },
      selectors: { basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'] }] },
      tags: {},
    }),
  ];
}

const OPEN = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

export function demoTrailBuckets(): TrailBucket[] {
  return [
    b.trailBucket({ accountId: WORKLOADS, region: US, bucketName: 'acme-cloudtrail-logs-123456789012', accessLogging: { enabled: true, targetBucket: 'acme-s3-access-logs-123456789012' } }),
    b.trailBucket({ accountId: WORKLOADS, region: EU, bucketName: 'acme-eu-data-events', policyIsPublic: false, publicAccessBlock: OPEN, aclPublicGrants: ['AllUsers READ'], accessLogging: { enabled: false } }),
    b.trailBucket({ accountId: TOOLS, region: US, bucketName: 'acme-tools-trail', accessLogging: { enabled: false } }),
  ];
}
