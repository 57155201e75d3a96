/**
 * Trails (DescribeTrails), their status (GetTrailStatus) and event selectors (GetEventSelectors):
 * two calls per trail, a constant per trail (DESIGN §8).
 *
 * DescribeTrails in a region also returns "shadow" copies of multi-region and organization trails
 * homed elsewhere. Each trail is kept once per account: in its home region, or — when its home region
 * is not scanned — in the first scanned region (shadow trails are then read by ARN, as the API asks).
 * A DescribeTrails that fails in one region is a gap for that region only.
 */
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector as SdkAdvanced,
  type EventSelector as SdkBasic,
  type GetTrailStatusCommandOutput,
  type Trail as SdkTrail,
} from '@aws-sdk/client-cloudtrail';
import type { AdvancedEventSelector, BasicEventSelector, Trail } from '../../model/types';
import { call } from '../calls';
import { mapLimit } from '../concurrency';
import { isoOf } from '../translate';
import type { CollectContext, Collector } from '../types';

/** Whether the trail seen in `region` is collected there (see the module comment). */
export function isCollectedHere(homeRegion: string | undefined, region: string, scannedRegions: readonly string[] | undefined): boolean {
  const scanned = scannedRegions && scannedRegions.length ? scannedRegions : [region];
  if (!homeRegion) return true;
  if (homeRegion === region) return true;
  return !scanned.includes(homeRegion) && [...scanned].sort()[0] === region;
}

export function toBasicSelector(s: SdkBasic): BasicEventSelector {
  const rw = s.ReadWriteType;
  return {
    readWriteType: rw === 'ReadOnly' || rw === 'WriteOnly' ? rw : 'All',
    includeManagementEvents: s.IncludeManagementEvents !== false,
    excludeManagementEventSources: [...(s.ExcludeManagementEventSources ?? [])],
  };
}

export function toAdvancedSelector(s: SdkAdvanced): AdvancedEventSelector {
  return {
    name: s.Name,
    fieldSelectors: (s.FieldSelectors ?? []).map((f) => ({
      field: f.Field ?? '',
      equals: f.Equals,
      notEquals: f.NotEquals,
      startsWith: f.StartsWith,
      notStartsWith: f.NotStartsWith,
      endsWith: f.EndsWith,
      notEndsWith: f.NotEndsWith,
    })),
  };
}

export function toTrail(t: SdkTrail, accountId: string, region: string): Trail | undefined {
  if (!t.Name || !t.TrailARN) return undefined;
  return {
    accountId,
    region,
    name: t.Name,
    arn: t.TrailARN,
    homeRegion: t.HomeRegion ?? region,
    isMultiRegion: t.IsMultiRegionTrail === true,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    logFileValidationEnabled: t.LogFileValidationEnabled === true,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents !== false,
    kmsKeyId: t.KmsKeyId,
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    s3BucketName: t.S3BucketName,
    status: null,
    selectors: null,
    tags: {},
  };
}

export function toStatus(s: GetTrailStatusCommandOutput): NonNullable<Trail['status']> {
  return { isLogging: s.IsLogging === true, latestDeliveryError: s.LatestDeliveryError || undefined, latestDeliveryTime: isoOf(s.LatestDeliveryTime) };
}

export const trailsCollector: Collector = {
  name: 'trails',
  service: 'cloudtrail',
  phase: 1,
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  async collect(ctx: CollectContext) {
    const client = ctx.clients.cloudtrail;
    const { accountId, region } = ctx.target;
    const listed = await call(ctx, 'cloudtrail', 'DescribeTrails', () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
    if (!listed) return;
    const trails = (listed.trailList ?? [])
      .filter((t) => isCollectedHere(t.HomeRegion, region, ctx.options.scannedRegions))
      .map((t) => toTrail(t, accountId, region))
      .filter((t): t is Trail => t !== undefined);
    await mapLimit(trails, 4, async (trail) => {
      const [status, selectors] = await Promise.all([
        call(ctx, 'cloudtrail', 'GetTrailStatus', () => client.send(new GetTrailStatusCommand({ Name: trail.arn }))),
        call(ctx, 'cloudtrail', 'GetEventSelectors', () => client.send(new GetEventSelectorsCommand({ TrailName: trail.arn }))),
      ]);
      if (status) trail.status = toStatus(status);
      if (selectors) {
        trail.selectors = selectors.AdvancedEventSelectors?.length
          ? { advanced: selectors.AdvancedEventSelectors.map(toAdvancedSelector) }
          : { basic: (selectors.EventSelectors ?? []).map(toBasicSelector) };
      }
    });
    ctx.out.trails.push(...trails);
  },
};
