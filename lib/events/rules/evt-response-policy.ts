/**
 * The `response` policy (seed 4.3, Response(event='login_failed', action='alert')): when an event
 * class or API call happens `count` times within `withinMinutes` (per account/region, principal or
 * source IP), raise a finding that lists the events that tripped it; the alert step e-mails it at the
 * policy's severity.
 */
import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import type { AuditEvent } from '../../model/types';
import type { ResponsePolicy } from '../../policy/schema';
import { accountRef } from '../../rules/resource-refs';
import { findBursts } from '../burst';
import { eventIndexOf, keyInterner, type EventIndex } from '../event-index';
import { principalKey, principalLabel, principalRef } from '../principal';
import { responseEventProblem, responseSelector } from '../policy-check';
import { isEventClassName, readClassesOf, readClassesOfApi } from '../classes';
import type { EventReadClass } from '../../model/types';
import { burstEvidence } from './burst-rule';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

function groupKey(p: ResponsePolicy): (e: AuditEvent) => string {
  const intern = keyInterner();
  switch (p.groupBy) {
    case 'principal':
      return (e) => intern(e.accountId, e.region, principalKey(e));
    case 'sourceIp':
      return (e) => intern(e.accountId, e.region, e.sourceIp ?? 'unknown');
    default:
      return (e) => intern(e.accountId, e.region);
  }
}

function candidates(idx: EventIndex, p: ResponsePolicy): number[] | Uint32Array {
  const sel = responseSelector(p.event);
  if (!sel) return [];
  if (sel.kind === 'class') return idx.byClass(sel.cls);
  const out: number[] = [];
  for (let i = 0; i < idx.events.length; i++) if (sel.match(idx.events[i])) out.push(i);
  return out;
}

export default defineRule({
  id: 'evt-response-policy',
  title: 'Response policy thresholds are not reached',
  severity: 'high',
  category: 'event',
  resourceType: 'AWS::::Account',
  rationale:
    'The response policy names the events the security team wants to hear about and how many of them within how long make an alert (for example five failed console sign-ins within ten minutes). The finding lists the events that tripped it.',
  remediation:
    'Follow the runbook for the event named in the finding: check the principals, source addresses and user agents listed in the evidence, decide whether it is an attack or an expected job, and contain it (revoke sessions, rotate credentials, block addresses) before looking for what else the principals did.',
  params: z.strictObject({}),
  enforces: ['response'],
  requires: [LOOKUP_EVENTS],
  events: (policy) => {
    const out = new Set<EventReadClass>();
    for (const p of policy.response) for (const c of isEventClassName(p.event) ? readClassesOf(p.event) : readClassesOfApi(p.event)) out.add(c);
    return [...out];
  },
  *evaluate(ctx): Iterable<RuleResult> {
    const policies = ctx.policy.response;
    if (policies.length === 0) return;
    const idx = eventIndexOf(ctx);
    for (const [i, p] of policies.entries()) {
      const label = p.name ? `"${p.name}"` : `response[${i}]`;
      const problem = responseEventProblem(p.event);
      if (problem) {
        for (const t of idx.targets) {
          yield { status: 'UNKNOWN', resource: accountRef(t.accountId, t.region), message: `Response policy ${label} cannot be evaluated: event ${problem}`, detailKey: `response[${i}]` };
        }
        continue;
      }
      const { count, withinMinutes } = p.threshold;
      const reported = new Set<string>();
      const bursts = ctx.memo(`events:response:${p.event}:${p.groupBy}:${count}:${withinMinutes}`, () => findBursts(idx, candidates(idx, p), groupKey(p), count, withinMinutes));
      for (const b of bursts) {
        const evs = b.members.map((m) => idx.events[m]);
        if (evs.every((e) => e.carried)) continue;
        const first = evs[0];
        reported.add(targetKey(first.accountId, first.region));
        const ev = burstEvidence(idx, b, { count, withinMinutes });
        const who = p.groupBy === 'principal' ? principalLabel(first.principal, first.accountId) : p.groupBy === 'sourceIp' ? `source ${first.sourceIp ?? 'unknown'}` : `${first.accountId}/${first.region}`;
        const principals = new Set(evs.map((e) => principalLabel(e.principal, e.accountId)));
        yield {
          status: 'FAIL',
          resource: p.groupBy === 'principal' ? principalRef(first) : accountRef(first.accountId, first.region),
          message: `Response policy ${label}: ${evs.length} × ${p.event} for ${who} between ${ev.start} and ${ev.end} (threshold ${count} within ${withinMinutes} min; ${principals.size} principal${principals.size === 1 ? '' : 's'}: ${[...principals].slice(0, 3).join(', ')}${principals.size > 3 ? ', …' : ''})`,
          evidence: { ...ev, policy: { index: i, ...(p.name ? { name: p.name } : {}), event: p.event, groupBy: p.groupBy, action: p.action } },
          detailKey: `response[${i}]:${b.key}@${ev.start}`,
          severity: p.severity,
        };
      }
      yield* targetVerdicts(idx, ctx.inv, { what: `${p.event} reaching ${count} within ${withinMinutes} min (response policy ${label})`, reported, detailKey: `response[${i}]` });
    }
  },
});
