/**
 * The family of CIS 4.4–4.14 detections (STYLE §4: parameterised, not copied): one FAIL per
 * successful call on the CIS list, naming the resource changed, who changed it, when and from where.
 * A failed call changed nothing: it is not reported here unless `includeFailedAttempts` (the denied
 * ones are evt-unauthorized-api-calls' business), and the PASS message says how many were left out.
 */
import * as z from 'zod';
import { defineRule, type Rule, type RuleContext, type RuleResult } from '../../engine/rule';
import { inventoryTagsIndex } from '../resource-tags';
import type { Severity } from '../../model/severity';
import type { AuditEvent, Tags } from '../../model/types';
import { EVENT_CLASSES, readClassesOf, type EventClassInfo, type EventClassName } from '../classes';
import { eventIndexOf } from '../event-index';
import { eventEvidence, describeChange } from '../evidence';
import { iamActionName } from '../ec2-actions';
import { principalLabel, principalRef } from '../principal';
import { eventResourceRef, primaryResource, shortId } from '../resource-ref';
import type { EventResource } from '../resources';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

export interface ChangeRuleSpec {
  id: string;
  title: string;
  cls: EventClassName;
  severity: Severity;
  /** The resource type the finding names, most specific first. */
  resourceTypes: readonly string[];
  /** Plural noun phrase for messages: "security group changes". */
  what: string;
  rationale: string;
  remediation: string;
  /** A different severity for some calls (StopLogging is critical). */
  severityOf?: (e: AuditEvent) => Severity | undefined;
}

/** Tags of the resource from the inventory (every kind it holds), so exceptions by tag apply to event findings too. */
export function inventoryTags(ctx: Pick<RuleContext<unknown>, 'inv' | 'memo'>, e: AuditEvent, r: EventResource): Tags | undefined {
  return ctx.memo('events:inventory-tags', () => inventoryTagsIndex(ctx.inv))(e, r);
}

/** "user/alice called ec2:CreateRoute on rtb-1 (0.0.0.0/0 → igw-1) at … from …" */
export function eventSentence(e: AuditEvent, r: EventResource | undefined): string {
  const detail = describeChange(e);
  const via = e.principal.invokedBy ? ` via ${e.principal.invokedBy}` : '';
  return `${principalLabel(e.principal, e.accountId)}${via} called ${iamActionName(e.source, e.name)}${r ? ` on ${shortId(r.type, r.id)}` : ''}${detail ? ` (${detail})` : ''} at ${e.time}${e.sourceIp ? ` from ${e.sourceIp}` : ''}`;
}

export function changeRule(spec: ChangeRuleSpec): Rule {
  const info = EVENT_CLASSES[spec.cls] as EventClassInfo;
  const list = info.list!;
  const hasBeyond = (list.beyondCis?.length ?? 0) > 0;
  const params = hasBeyond
    ? z.strictObject({ includeFailedAttempts: z.boolean().default(false), includeBeyondCis: z.boolean().default(true) })
    : z.strictObject({ includeFailedAttempts: z.boolean().default(false) });
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    category: 'event',
    resourceType: spec.resourceTypes[0],
    rationale: spec.rationale,
    remediation: spec.remediation,
    params,
    requires: [LOOKUP_EVENTS],
    events: readClassesOf(spec.cls),
    *evaluate(ctx): Iterable<RuleResult> {
      const p = ctx.params as { includeFailedAttempts: boolean; includeBeyondCis?: boolean };
      const idx = eventIndexOf(ctx);
      const reported = new Set<string>();
      const failedCount = new Map<string, number>();
      const beyondCount = new Map<string, number>();
      const hits = idx.byChangeList(spec.cls);
      for (let k = 0; k < hits.length; k++) {
        const i = hits[k];
        const e = idx.events[i];
        if (e.carried) continue;
        const tk = targetKey(e.accountId, e.region);
        const beyond = idx.beyondCis(i);
        if (beyond && p.includeBeyondCis === false) {
          beyondCount.set(tk, (beyondCount.get(tk) ?? 0) + 1);
          continue;
        }
        const failed = e.errorCode !== undefined;
        if (failed && !p.includeFailedAttempts) {
          failedCount.set(tk, (failedCount.get(tk) ?? 0) + 1);
          continue;
        }
        reported.add(tk);
        const r = primaryResource(e, spec.resourceTypes);
        const resource = r ? eventResourceRef(e, r, inventoryTags(ctx, e, r)) : principalRef(e);
        yield {
          status: 'FAIL',
          resource,
          message: `${eventSentence(e, r)}${failed ? ` — the call failed (${e.errorCode}), so nothing changed` : ''}`,
          evidence: { ...eventEvidence(e), cisFilter: !beyond, outcome: failed ? 'failed' : 'succeeded' },
          detailKey: e.eventId,
          ...(failed ? { severity: 'low' as const } : spec.severityOf?.(e) ? { severity: spec.severityOf(e) } : {}),
        };
      }
      yield* targetVerdicts(idx, ctx.inv, {
        what: spec.what,
        reported,
        note: (t) => {
          const tk = targetKey(t.accountId, t.region);
          const f = failedCount.get(tk);
          const b = beyondCount.get(tk);
          return [f ? `${f} failed attempt${f === 1 ? ' was' : 's were'} not counted` : '', b ? `${b} call${b === 1 ? '' : 's'} beyond the CIS list not counted` : ''].filter(Boolean).join('; ') || undefined;
        },
        evidence: (t) => {
          const f = failedCount.get(targetKey(t.accountId, t.region));
          return f ? { failedAttempts: f } : {};
        },
      });
    },
  });
}
