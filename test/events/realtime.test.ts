import { dropAlreadyAlerted, emptyRealtimeState, evaluateRealtimeEvent, type RealtimeState } from '../../lib/events/realtime';
import { EVENT_RULES } from '../../lib/events/rules';
import { realtimeEventPattern } from '../../lib/events/eventbridge-pattern';
import { evaluate } from '../../lib/engine/evaluate';
import { normaliseCloudTrailRecord } from '../../lib/events/normalise';
import { PolicySchema } from '../../lib/policy/schema';
import type { Finding } from '../../lib/findings/finding';
import { raw } from './fixtures';
import { eventSnapshot } from './support';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const policy = PolicySchema.parse({});

type Envelope = { id: string; account: string; detail: Record<string, unknown> };

/** The console's sample sign-in failure, for account 111111111111, n minutes after the first. */
function signInFailure(n: number): Envelope {
  const env = raw('eventbridge-console-sign-in-failure') as Envelope;
  const time = new Date(Date.parse('2026-11-26T11:50:00Z') + n * 60_000).toISOString();
  return { ...env, id: `eb-${n}`, account: '111111111111', detail: { ...env.detail, eventID: `fail-${n}`, eventTime: time, userIdentity: { type: 'IAMUser', accountId: '111111111111', userName: 'usernamehere' } } };
}

describe('evaluateRealtimeEvent', () => {
  it('root-console-action-alerts-at-once-with-filterable-attributes', () => {
    const r = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy, now: NOW });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['evt-root-account-usage']);
    expect(r.alert?.subject).toBe('[vmaudit] 1 new HIGH finding in 012345678901 (us-east-1)');
    const body = r.alert!.body.replace(/\s+/g, ' ');
    expect(body).toMatch(/Real-time alert for CloudTrail event a9eafd3e-0bec-4882-bfba-fefdb1a1f2b6 \(s3:CreateBucket at 2018-04-25T22:06:44.000Z\)/);
    expect(body).toMatch(/Problem: root of 012345678901 via signin.amazonaws.com called s3:CreateBucket on jcazure2-dummy-bucket8/);
    expect(r.alert?.attributes).toMatchObject({
      severity: { DataType: 'String', StringValue: 'high' },
      rule: { DataType: 'String.Array', StringValue: '["evt-root-account-usage"]' },
      origin: { DataType: 'String', StringValue: 'realtime' },
    });
    expect(Object.keys(r.state.alerted).sort()).toEqual([r.findings[0].id, 'a9eafd3e-0bec-4882-bfba-fefdb1a1f2b6'].sort());
  });

  it('an-event-already-alerted-does-not-alert-again', () => {
    const first = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy, now: NOW });
    const again = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy, now: NOW, state: first.state });
    expect(again.findings).toHaveLength(1);
    expect(again.alerting).toEqual([]);
    expect(again.alert).toBeUndefined();
  });

  it('findings-below-the-severity-do-not-alert', () => {
    const r = evaluateRealtimeEvent(raw('eventbridge-authorize-sg-ingress-cloudformation'), { policy, now: NOW });
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([['evt-security-group-change', 'medium']]);
    expect(r.alert).toBeUndefined();
    expect(evaluateRealtimeEvent(raw('eventbridge-authorize-sg-ingress-cloudformation'), { policy, now: NOW, minSeverity: 'medium' }).alert).toBeDefined();
  });

  it('only-the-chosen-rules-alert', () => {
    const r = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy, now: NOW, rules: ['evt-cloudtrail-change'] });
    expect(r.findings).toHaveLength(1);
    expect(r.alert).toBeUndefined();
  });

  it('exceptions-apply-in-real-time-too', () => {
    const excepted = PolicySchema.parse({ exceptions: [{ rule: 'evt-root-account-usage', reason: 'break-glass drill', owner: 'secops', expires: '2027-01-31' }] });
    const r = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy: excepted, now: NOW });
    expect(r.findings.map((f) => f.status)).toEqual(['SUPPRESSED']);
    expect(r.alert).toBeUndefined();
  });

  it('the-fifth-failed-sign-in-alerts-although-it-arrives-alone-and-the-sixth-does-not', () => {
    let state: RealtimeState = emptyRealtimeState();
    const alerts: (string | undefined)[] = [];
    for (let n = 0; n < 6; n++) {
      const r = evaluateRealtimeEvent(signInFailure(n), { policy, now: new Date(Date.parse('2026-11-26T11:50:00Z') + n * 60_000 + 1000), state, minSeverity: 'medium' });
      alerts.push(r.alert ? r.alerting.map((f) => f.ruleId).join(',') : undefined);
      state = r.state;
    }
    expect(alerts).toEqual([undefined, undefined, undefined, undefined, 'evt-console-auth-failure', undefined]);
    expect(state.recent.map((e) => e.eventId)).toEqual(['fail-0', 'fail-1', 'fail-2', 'fail-3', 'fail-4', 'fail-5']);
  });

  it('context-older-than-the-longest-burst-window-is-forgotten', () => {
    const old = evaluateRealtimeEvent(signInFailure(0), { policy, now: new Date('2026-11-26T11:50:01Z') });
    const later = evaluateRealtimeEvent(signInFailure(120), { policy, now: new Date('2026-11-26T13:50:01Z'), state: old.state });
    expect(later.state.recent.map((e) => e.eventId)).toEqual(['fail-120']);
  });

  it('alerted-ids-are-forgotten-after-the-remember-period', () => {
    const state: RealtimeState = { ...emptyRealtimeState(), alerted: { old: '2026-10-01T00:00:00.000Z', fresh: '2026-11-25T00:00:00.000Z' } };
    const r = evaluateRealtimeEvent(raw('eventbridge-authorize-sg-ingress-cloudformation'), { policy, now: NOW, state });
    expect(Object.keys(r.state.alerted)).toEqual(['fresh']);
  });

  it('an-unreadable-event-is-an-error-not-an-exception', () => {
    const r = evaluateRealtimeEvent({ 'detail-type': 'AWS API Call via CloudTrail', detail: { eventID: 'x' } }, { policy, now: NOW });
    expect(r.error).toMatch(/eventTime is missing/);
    expect(r.findings).toEqual([]);
  });

  it('hostile-strings-do-not-break-the-subject-or-plant-links', () => {
    const env = raw('eventbridge-root-create-bucket-console') as Envelope;
    const hostile = { ...env, detail: { ...env.detail, userAgent: 'evil\r\nBcc: x@y http://phish.example/login', requestParameters: { bucketName: 'b\u202Egnp.exe http://phish.example' } } };
    const r = evaluateRealtimeEvent(hostile, { policy, now: NOW });
    expect(r.alert!.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(r.alert!.body).not.toMatch(/http:\/\/phish/);
    expect(r.alert!.body).not.toMatch(/\u202E/);
  });
});

describe('dropAlreadyAlerted (the scheduled run after the real-time path)', () => {
  const base = { ruleId: 'r', status: 'FAIL' } as Finding;
  const cases: { name: string; finding: Finding; alerted: string[]; kept: boolean }[] = [
    { name: 'finding-with-an-alerted-id-is-dropped', finding: { ...base, id: 'f1', evidence: {} }, alerted: ['f1'], kept: false },
    { name: 'per-event-finding-of-an-alerted-event-is-dropped', finding: { ...base, id: 'f2', evidence: { eventId: 'e1' } }, alerted: ['e1'], kept: false },
    { name: 'burst-sharing-one-alerted-event-is-dropped', finding: { ...base, id: 'f3', evidence: { eventIds: ['e7', 'e8'] } }, alerted: ['e8'], kept: false },
    { name: 'finding-about-other-events-is-kept', finding: { ...base, id: 'f4', evidence: { eventId: 'e9', eventIds: ['e10'] } }, alerted: ['e1', 'f1'], kept: true },
  ];
  it.each(cases)('$name', ({ finding, alerted, kept }) => {
    expect(dropAlreadyAlerted([finding], alerted)).toEqual(kept ? [finding] : []);
  });

  it('the-scheduled-finding-for-an-event-alerted-in-real-time-is-not-alerted-again', () => {
    const rt = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy, now: NOW });
    // The same record as LookupEvents returns it, evaluated by the scheduled run.
    const record = normaliseCloudTrailRecord((raw('eventbridge-root-create-bucket-console') as Envelope).detail, { accountId: '012345678901' });
    if (!('ok' in record)) throw new Error(record.error);
    const scheduled = evaluate(eventSnapshot([record.ok]), policy, { rules: EVENT_RULES, now: NOW }).findings.filter((f) => f.status === 'FAIL');
    expect(scheduled.map((f) => f.id)).toEqual(rt.findings.map((f) => f.id));
    expect(dropAlreadyAlerted(scheduled, rt.state.alerted)).toEqual([]);
  });
});

describe('realtimeEventPattern', () => {
  // Matches an event against the subset of EventBridge pattern syntax the pattern uses.
  function matches(pattern: unknown, value: unknown): boolean {
    if (Array.isArray(pattern)) {
      return pattern.some((p) => {
        if (p !== null && typeof p === 'object') {
          const o = p as { prefix?: string; suffix?: string };
          return typeof value === 'string' && (o.prefix !== undefined ? value.startsWith(o.prefix) : o.suffix !== undefined ? value.endsWith(o.suffix) : false);
        }
        return p === value;
      });
    }
    const obj = pattern as Record<string, unknown>;
    return Object.entries(obj).every(([k, p]) => (k === '$or' ? (p as unknown[]).some((alt) => matches(alt, value)) : matches(p, (value as Record<string, unknown> | undefined)?.[k])));
  }

  const cases: { name: string; file: string; policy?: Record<string, unknown>; expected: boolean }[] = [
    { name: 'sign-in-failure-is-forwarded', file: 'eventbridge-console-sign-in-failure', expected: true },
    { name: 'security-group-change-is-forwarded', file: 'eventbridge-authorize-sg-ingress-cloudformation', expected: true },
    { name: 'bucket-policy-change-is-forwarded', file: 'eventbridge-put-bucket-policy', expected: true },
    { name: 'root-create-bucket-is-forwarded-as-root-usage', file: 'eventbridge-root-create-bucket-console', expected: true },
  ];
  it.each(cases)('$name', ({ file, expected }) => {
    expect(matches(realtimeEventPattern(), raw(file))).toBe(expected);
  });

  it('an-ordinary-ec2-call-is-forwarded-only-when-an-access-policy-needs-it', () => {
    const env = raw('eventbridge-authorize-sg-ingress-cloudformation') as Envelope;
    const stop = { ...env, detail: { ...env.detail, eventName: 'StopInstances' } };
    expect(matches(realtimeEventPattern(), stop)).toBe(false);
    expect(matches(realtimeEventPattern(PolicySchema.parse({ access: [{ resource: { tag: 'A=b' }, actions: ['write'], principals: ['*'] }] })), stop)).toBe(true);
  });

  it('a-denied-call-of-any-service-is-forwarded', () => {
    const env = raw('eventbridge-authorize-sg-ingress-cloudformation') as Envelope;
    expect(matches(realtimeEventPattern(), { ...env, detail: { ...env.detail, eventSource: 'dynamodb.amazonaws.com', eventName: 'Scan', errorCode: 'AccessDenied' } })).toBe(true);
  });

  it('response-policy-api-names-are-added', () => {
    const pattern = realtimeEventPattern(PolicySchema.parse({ response: [{ event: 'lambda:UpdateFunctionCode' }, { event: 'ssm:Send*' }] })) as { $or: { detail: { eventName?: string[]; eventSource?: string[] } }[] };
    expect(pattern.$or[0].detail.eventName).toContain('UpdateFunctionCode');
    expect(pattern.$or.find((p) => p.detail.eventSource)?.detail.eventSource).toEqual(['ssm.amazonaws.com']);
  });
});
