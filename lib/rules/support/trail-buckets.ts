/**
 * The rules over a trail's S3 bucket (CloudTrail.6, CloudTrail.7): one result per trail, in the
 * account that owns it, judged from what that account read of the bucket (lib/collect/s3). A bucket
 * not read, or a setting that could not be read, is UNKNOWN with the reason, never PASS.
 */
import * as z from 'zod';
import { defineRule, type Rule, type RuleDefinition } from '../../engine/rule';
import type { Trail, TrailBucket } from '../../model/types';
import { trailRef } from '../resource-refs';
import { bounded } from './labels';
import { ownedTrails, TRAIL_APIS, trailLabel } from './trails';

export type BucketVerdict =
  | { status: 'PASS'; message: string; evidence?: Record<string, unknown> }
  | { status: 'FAIL'; message: string; evidence: Record<string, unknown> }
  | { status: 'UNKNOWN'; message: string; evidence?: Record<string, unknown> };

export interface TrailBucketSpec extends Pick<RuleDefinition, 'id' | 'title' | 'severity' | 'rationale' | 'remediation'> {
  /** The S3 APIs whose answers the verdict reads. */
  apis: string[];
  /** The verdict on one bucket; the message continues "Trail NAME (home REGION) delivers to bucket B, which …". */
  judge(b: TrailBucket): BucketVerdict;
}

export function trailBucketRule(spec: TrailBucketSpec): Rule {
  const { judge, apis, ...meta } = spec;
  return defineRule({
    ...meta,
    category: 'logging',
    resourceType: 'AWS::CloudTrail::Trail',
    params: z.strictObject({}),
    requires: [...TRAIL_APIS, ...apis],
    scope: 'estate',
    *evaluate(ctx) {
      for (const t of ownedTrails(ctx)) {
        if (!t.s3BucketName) continue;
        const resource = trailRef(t);
        const bucket = ctx.inv.trailBucket(t.accountId, t.s3BucketName);
        const head = `Trail ${trailLabel(t)} delivers to bucket ${bounded(t.s3BucketName)}`;
        const base = { trailArn: t.arn, bucketName: t.s3BucketName };
        if (!bucket) {
          yield { status: 'UNKNOWN', resource, message: `${head}, whose settings were not read (${readWhere(t)})`, evidence: base };
          continue;
        }
        const v = judge(bucket);
        yield { status: v.status, resource, message: `${head}, which ${v.message}`, evidence: { ...base, ...v.evidence } };
      }
    },
  });
}

function readWhere(t: Trail): string {
  return `the trail was collected in ${t.region} and its bucket is read there with the owner's credentials`;
}
