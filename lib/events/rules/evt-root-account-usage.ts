import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import type { AuditEvent } from '../../model/types';
import type { Severity } from '../../model/severity';
import { isConsoleLogin, readClassesOf } from '../classes';
import { eventIndexOf } from '../event-index';
import { eventEvidence } from '../evidence';
import { eventSentence } from './change-rule';
import { principalRef } from '../principal';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

function severityOf(e: AuditEvent): Severity | undefined {
  if (isConsoleLogin(e)) {
    if (e.consoleLogin === 'Success') return e.principal.mfaUsed === true ? 'high' : 'critical';
    return 'medium';
  }
  return e.errorCode ? 'medium' : undefined;
}

export default defineRule({
  id: 'evt-root-account-usage',
  title: 'The root user is not used',
  severity: 'high',
  category: 'event',
  resourceType: 'AWS::::Account',
  rationale:
    'The root user can do everything, cannot be limited by IAM policies and is needed for a handful of tasks only (CIS 4.3). Any sign-in or call with it is either one of those rare tasks, which someone should know about, or a compromise. Calls an AWS service makes for the root user (invokedBy) and service events are not root usage; console actions recorded as invokedBy signin.amazonaws.com are, because a person made them.',
  remediation:
    'Investigate: who holds the root credentials, whether the action (evidence.action) is one of the tasks that need root, the source address and user agent. If nobody can explain it: change the root password, remove any root access keys (there should be none), re-register the MFA device, check for new IAM users, roles, keys and policies created since, and contact AWS Support. Afterwards, keep the root credentials in a safe and use IAM roles for daily work.',
  params: z.strictObject({}),
  requires: [LOOKUP_EVENTS],
  events: readClassesOf('root-usage'),
  *evaluate(ctx): Iterable<RuleResult> {
    const idx = eventIndexOf(ctx);
    const reported = new Set<string>();
    const list = idx.byClass('root-usage');
    for (let k = 0; k < list.length; k++) {
      const e = idx.events[list[k]];
      if (e.carried) continue;
      reported.add(targetKey(e.accountId, e.region));
      const severity = severityOf(e);
      const what = isConsoleLogin(e)
        ? `root of ${e.principal.accountId ?? e.accountId} ${e.consoleLogin === 'Success' ? `signed in to the console${e.principal.mfaUsed === true ? ' with MFA' : ' without MFA'}` : 'failed to sign in to the console'} at ${e.time}${e.sourceIp ? ` from ${e.sourceIp}` : ''}`
        : `${eventSentence(e, e.resources[0])}${e.errorCode ? ` — refused (${e.errorCode})` : ''}`;
      yield {
        status: 'FAIL',
        resource: principalRef(e),
        message: what,
        evidence: eventEvidence(e),
        detailKey: e.eventId,
        ...(severity ? { severity } : {}),
      };
    }
    yield* targetVerdicts(idx, ctx.inv, { what: 'root user activity', reported });
  },
});
