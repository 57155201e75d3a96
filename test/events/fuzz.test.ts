/** Whatever a record holds, normalising and evaluating it never throws and never errors a rule. */
import fc from 'fast-check';
import { normaliseCloudTrailRecord, normaliseEventBridgeEvent } from '../../lib/events/normalise';
import { EVENT_RULES } from '../../lib/events/rules';
import { evaluate } from '../../lib/engine/evaluate';
import { AuditEventSchema } from '../../lib/model/schema';
import { PolicySchema } from '../../lib/policy/schema';
import type { AuditEvent } from '../../lib/model/types';
import { raw } from './fixtures';
import { eventSnapshot } from './support';

const FILES = ['stop-logging', 'authorize-sg-ingress-ssh-open', 'console-login-root-no-mfa', 'run-instances-unauthorized-operation', 'attach-user-policy', 'service-event-bid-evicted', 'create-vpc'];
const policy = PolicySchema.parse({
  access: [{ resource: { tag: 'Environment=prod' }, actions: ['write', 'read'], principals: ['arn:aws:iam::*:role/Admin'] }],
  audit: [{ event: 'console-login', allow: ['arn:aws:iam::*:role/Admin'] }],
  response: [{ event: 'unauthorized-api-call', threshold: { count: 2, withinMinutes: 5 }, groupBy: 'principal' }, { event: 'ec2:*' }],
});

/** A real record with one field replaced by anything JSON can hold. */
const mutated = fc.tuple(fc.constantFrom(...FILES), fc.constantFrom('userIdentity', 'eventTime', 'eventName', 'eventSource', 'requestParameters', 'responseElements', 'resources', 'errorCode', 'readOnly', 'additionalEventData', 'recipientAccountId', 'awsRegion'), fc.jsonValue()).map(([file, key, value]) => ({ ...(raw(file) as Record<string, unknown>), [key]: value }));

describe('hostile and broken records', () => {
  it('normalise-never-throws-and-what-it-keeps-is-a-valid-event', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated, fc.string()), (input) => {
        for (const r of [normaliseCloudTrailRecord(input, { accountId: '111111111111', region: 'us-east-1' }), normaliseEventBridgeEvent({ 'detail-type': 'AWS API Call via CloudTrail', detail: input })]) {
          if ('ok' in r) expect(AuditEventSchema.safeParse(r.ok).success).toBe(true);
          else expect(typeof r.error).toBe('string');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no-event-rule-errors-on-whatever-normalises', () => {
    fc.assert(
      fc.property(fc.array(mutated, { minLength: 1, maxLength: 8 }), (records) => {
        const events = records.flatMap((r, i) => {
          const n = normaliseCloudTrailRecord({ ...r, eventID: `e${i}` }, { accountId: '111111111111', region: 'us-east-1' });
          return 'ok' in n ? [{ ...n.ok, accountId: '111111111111', region: 'us-east-1' } as AuditEvent] : [];
        });
        const findings = evaluate(eventSnapshot(events), policy, { rules: EVENT_RULES, now: new Date('2026-11-26T12:00:00Z') }).findings;
        expect(findings.filter((f) => f.status === 'ERROR').map((f) => f.message)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
