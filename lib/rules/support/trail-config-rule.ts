/**
 * The family of per-trail configuration checks (CloudTrail.2, .4, .5): one result per trail, in the
 * account that owns it, judged from DescribeTrails alone.
 */
import * as z from 'zod';
import { defineRule, type Rule, type RuleDefinition } from '../../engine/rule';
import type { Trail } from '../../model/types';
import { trailRef } from '../resource-refs';
import { ownedTrails, TRAIL_APIS, trailLabel } from './trails';

export interface TrailConfigSpec extends Pick<RuleDefinition, 'id' | 'title' | 'severity' | 'rationale' | 'remediation'> {
  /** The verdict on one trail; the message continues "Trail NAME (home REGION) …". */
  check(t: Trail): { pass: true; message: string } | { pass: false; message: string; evidence: Record<string, unknown> };
}

export function trailConfigRule(spec: TrailConfigSpec): Rule {
  const { check, ...meta } = spec;
  return defineRule({
    ...meta,
    category: 'logging',
    resourceType: 'AWS::CloudTrail::Trail',
    params: z.strictObject({}),
    requires: TRAIL_APIS,
    scope: 'estate',
    *evaluate(ctx) {
      for (const t of ownedTrails(ctx)) {
        const r = check(t);
        const message = `Trail ${trailLabel(t)} ${r.message}`;
        if (r.pass) yield { status: 'PASS', resource: trailRef(t), message };
        else yield { status: 'FAIL', resource: trailRef(t), message, evidence: { trailArn: t.arn, homeRegion: t.homeRegion, ...r.evidence } };
      }
    },
  });
}
