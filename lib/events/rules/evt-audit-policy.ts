/**
 * The `audit` policy (seed 4.3, Audit(event='login', action='allow', user='admin')): console sign-ins
 * by principals that are not on the allow list.
 */
import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import { eventIndexOf } from '../event-index';
import { eventEvidence } from '../evidence';
import { allowListMatcher, principalLabel, principalRef } from '../principal';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

export default defineRule({
  id: 'evt-audit-policy',
  title: 'Only allowed principals sign in to the console',
  severity: 'high',
  category: 'event',
  resourceType: 'AWS::IAM::User',
  rationale:
    'The audit policy lists who may use the AWS console (for example only the Admin role and a break-glass user). A successful sign-in by anyone else is an account that should not have console access, or one being used by someone else.',
  remediation:
    'Investigate: the principal, the time, the source address and the user agent. If the sign-in was not expected: disable the user\'s console password (aws iam delete-login-profile) or remove the role\'s federation mapping, revoke its sessions and review what it did after signing in. If it is expected, add the principal to the policy\'s allow list.',
  params: z.strictObject({}),
  enforces: ['audit'],
  requires: [LOOKUP_EVENTS],
  events: ['console-sign-in'],
  *evaluate(ctx): Iterable<RuleResult> {
    const policies = ctx.policy.audit;
    if (policies.length === 0) return;
    const idx = eventIndexOf(ctx);
    const logins = idx.byClass('console-login');
    for (const [i, p] of policies.entries()) {
      const label = p.name ? `"${p.name}"` : `audit[${i}]`;
      const reported = new Set<string>();
      const allowed = allowListMatcher(p.allow);
      for (let k = 0; k < logins.length; k++) {
        const e = idx.events[logins[k]];
        if (e.carried || allowed(e.principal)) continue;
        reported.add(targetKey(e.accountId, e.region));
        yield {
          status: 'FAIL',
          resource: principalRef(e),
          message: `${principalLabel(e.principal, e.accountId)} signed in to the console at ${e.time}${e.sourceIp ? ` from ${e.sourceIp}` : ''}${e.principal.mfaUsed === false ? ' without MFA' : ''}; audit policy ${label} allows only ${p.allow.join(', ')}`,
          evidence: { ...eventEvidence(e), policy: { index: i, ...(p.name ? { name: p.name } : {}), event: p.event, allow: p.allow } },
          detailKey: `audit[${i}]:${e.eventId}`,
          severity: p.severity,
        };
      }
      yield* targetVerdicts(idx, ctx.inv, { what: `console sign-ins by principals outside audit policy ${label}`, reported, detailKey: `audit[${i}]` });
    }
  },
});
