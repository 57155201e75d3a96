import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import { eventIndexOf } from '../event-index';
import { eventEvidence } from '../evidence';
import { principalLabel, principalRef } from '../principal';
import { LOOKUP_EVENTS, targetKey, targetVerdicts } from './verdicts';

export default defineRule({
  id: 'evt-console-login-no-mfa',
  title: 'Console sign-ins use MFA',
  severity: 'high',
  category: 'event',
  resourceType: 'AWS::IAM::User',
  rationale:
    'A console sign-in with only a password is one phished or reused password away from an intruder at the console (CIS 4.2). Sign-ins federated through an identity provider (SSO, SAML) report MFAUsed "No" because the provider did the MFA, so by default only IAM users and the root user are checked, as the CIS filter for SSO environments does.',
  remediation:
    'Investigate: was it the user (source address, user agent, time of day)? Then enforce MFA for the user: assign an MFA device (aws iam enable-mfa-device) and attach a policy that denies everything without aws:MultiFactorAuthPresent, or move the user to IAM Identity Center. For the root user, register an MFA device at once and lock the credentials away.',
  params: z.strictObject({
    /** userIdentity.type values checked; add AssumedRole / FederatedUser when the identity provider does not do MFA. */
    principalTypes: z.array(z.string().min(1)).default(['IAMUser', 'Root']),
  }),
  requires: [LOOKUP_EVENTS],
  events: ['console-sign-in'],
  *evaluate(ctx): Iterable<RuleResult> {
    const idx = eventIndexOf(ctx);
    const types = new Set(ctx.params.principalTypes);
    const reported = new Set<string>();
    const list = idx.byClass('console-login-no-mfa');
    for (let k = 0; k < list.length; k++) {
      const e = idx.events[list[k]];
      if (e.carried || !types.has(e.principal.type)) continue;
      reported.add(targetKey(e.accountId, e.region));
      yield {
        status: 'FAIL',
        resource: principalRef(e),
        message: `${principalLabel(e.principal, e.accountId)} signed in to the console without MFA at ${e.time}${e.sourceIp ? ` from ${e.sourceIp}` : ''}`,
        evidence: eventEvidence(e),
        detailKey: e.eventId,
        ...(e.principal.type === 'Root' ? { severity: 'critical' as const } : {}),
      };
    }
    yield* targetVerdicts(idx, ctx.inv, { what: 'console sign-ins without MFA', reported });
  },
});
