/**
 * The burst detections (CIS 4.1 unauthorized API calls, 4.6 console authentication failures): one
 * FAIL per burst of one principal in one account/region, naming the principal, the calls, the times
 * and the source addresses. A burst made only of events carried over from the previous window was
 * reported by the previous run; one that continues into this window keeps its start, so its finding
 * id (detail key = principal + start) is the same and the lifecycle sees it as still open.
 */
import * as z from 'zod';
import { defineRule, type Rule, type RuleResult } from '../../engine/rule';
import type { Severity } from '../../model/severity';
import type { AuditEvent } from '../../model/types';
import { readClassesOf, type EventClassName } from '../classes';
import { findBursts, type Burst } from '../burst';
import { eventIndexOf, keyInterner, type EventIndex } from '../event-index';
import { eventLine } from '../evidence';
import { iamActionName } from '../ec2-actions';
import { principalEvidence, principalKey, principalLabel, principalRef } from '../principal';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

export const MAX_EVIDENCE_LINES = 50;
export const MAX_EVIDENCE_IDS = 1000;

export interface BurstRuleSpec {
  id: string;
  title: string;
  cls: EventClassName;
  severity: Severity;
  defaults: { count: number; withinMinutes: number };
  /** Plural noun phrase: "unauthorized API calls". */
  what: string;
  rationale: string;
  remediation: string;
}

/** Burst groups: one principal in one account/region. */
export function burstKeyOf(): (e: AuditEvent) => string {
  const intern = keyInterner();
  return (e) => intern(e.accountId, e.region, principalKey(e));
}

function tally(values: Iterable<string | undefined>, max = 10): Record<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max));
}

/** The evidence of a burst: every event id (bounded), one line per event (bounded), what and from where. */
export function burstEvidence(idx: EventIndex, b: Burst, threshold: { count: number; withinMinutes: number }): Record<string, unknown> {
  const evs = b.members.map((i) => idx.events[i]);
  const carried = evs.filter((e) => e.carried).length;
  return {
    count: evs.length,
    threshold,
    start: new Date(b.start).toISOString(),
    end: new Date(b.end).toISOString(),
    principal: principalEvidence(evs[0].principal),
    actions: tally(evs.map((e) => iamActionName(e.source, e.name))),
    sourceIps: tally(evs.map((e) => e.sourceIp)),
    userAgents: tally(evs.map((e) => e.userAgent), 5),
    errorCodes: tally(evs.map((e) => e.errorCode), 5),
    eventIds: evs.slice(0, MAX_EVIDENCE_IDS).map((e) => e.eventId),
    events: evs.slice(0, MAX_EVIDENCE_LINES).map(eventLine),
    ...(evs.length > MAX_EVIDENCE_LINES ? { eventsOmitted: evs.length - MAX_EVIDENCE_LINES } : {}),
    ...(carried ? { carriedFromPreviousWindow: carried } : {}),
  };
}

export function burstsOf(ctx: Parameters<typeof eventIndexOf>[0], cls: EventClassName, count: number, withinMinutes: number): Burst[] {
  const idx = eventIndexOf(ctx);
  return ctx.memo(`events:bursts:${cls}:${count}:${withinMinutes}`, () => findBursts(idx, idx.byClass(cls), burstKeyOf(), count, withinMinutes));
}

export function burstRule(spec: BurstRuleSpec): Rule {
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    category: 'event',
    resourceType: 'AWS::IAM::User',
    rationale: spec.rationale,
    remediation: spec.remediation,
    params: z.strictObject({
      count: z.number().int().min(1).default(spec.defaults.count),
      withinMinutes: z.number().positive().default(spec.defaults.withinMinutes),
    }),
    requires: [LOOKUP_EVENTS],
    events: readClassesOf(spec.cls),
    *evaluate(ctx): Iterable<RuleResult> {
      const { count, withinMinutes } = ctx.params;
      const idx = eventIndexOf(ctx);
      const reported = new Set<string>();
      for (const b of burstsOf(ctx, spec.cls, count, withinMinutes)) {
        const evs = b.members.map((i) => idx.events[i]);
        if (evs.every((e) => e.carried)) continue;
        const first = evs[0];
        reported.add(targetKey(first.accountId, first.region));
        const ev = burstEvidence(idx, b, { count, withinMinutes });
        const actions = Object.entries(ev.actions as Record<string, number>).map(([a, n]) => `${a} ×${n}`).join(', ');
        const ips = Object.keys(ev.sourceIps as Record<string, number>);
        yield {
          status: 'FAIL',
          resource: principalRef(first),
          message: `${principalLabel(first.principal, first.accountId)}: ${evs.length} ${spec.what} between ${ev.start} and ${ev.end} (threshold ${count} within ${withinMinutes} min): ${actions}${ips.length ? `; from ${ips.join(', ')}` : ''}`,
          evidence: ev,
          detailKey: `${principalKey(first)}@${ev.start}`,
        };
      }
      yield* targetVerdicts(idx, ctx.inv, {
        what: `bursts of ${spec.what} (${count} within ${withinMinutes} min)`,
        reported,
      });
    },
  });
}
