import { EVENT_RULES } from '../../lib/events/rules';
import { eventPolicyProblems } from '../../lib/events/policy-check';
import { instance, securityGroup } from '../../lib/model/builders';
import { PolicySchema, type PolicyInput } from '../../lib/policy/schema';
import type { Rule } from '../../lib/engine/rule';
import type { AuditEvent } from '../../lib/model/types';
import { runRule } from '../support/run-rule';
import { fixtureEvent } from './fixtures';
import { again, eventSnapshot } from './support';

const rule = (id: string): Rule => EVENT_RULES.find((x) => x.id === id)!;

// Alice stops i-ebeaf9e2 in 123456789012/us-east-2 (AWS documentation record).
const stop = fixtureEvent('stop-instances');
const prod = instance({ accountId: '123456789012', region: 'us-east-2', instanceId: 'i-ebeaf9e2', tags: { Environment: 'prod' } });
const dev = instance({ accountId: '123456789012', region: 'us-east-2', instanceId: 'i-ebeaf9e2', tags: { Environment: 'dev' } });
const adminOnly = { resource: { tag: 'Environment=prod' }, actions: ['write'], principals: ['arn:aws:iam::*:role/Admin'] };

function run(id: string, events: AuditEvent[], policy: PolicyInput, extra: Parameters<typeof eventSnapshot>[1] = {}) {
  return runRule(rule(id), eventSnapshot(events, extra), {}, policy);
}

describe('evt-access-policy', () => {
  const asAdmin = fixtureEvent('stop-instances', {
    eventId: 'admin-1',
    principal: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/carol', accountId: '123456789012', sessionIssuerArn: 'arn:aws:iam::123456789012:role/Admin' },
  });
  const asPathRole = fixtureEvent('stop-instances', {
    eventId: 'path-1',
    principal: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/ci', accountId: '123456789012', sessionIssuerArn: 'arn:aws:iam::123456789012:role/team/Deployer' },
  });
  const describe_ = fixtureEvent('stop-instances', { eventId: 'read-1', name: 'DescribeInstances' });
  const failed = fixtureEvent('stop-instances', { eventId: 'denied-1', errorCode: 'Client.UnauthorizedOperation' });

  const cases: { name: string; events: AuditEvent[]; policy: Record<string, unknown>; inventory?: ReturnType<typeof instance>[]; expected: string[] }[] = [
    { name: 'other-user-writing-to-a-prod-instance-fails', events: [stop], policy: adminOnly, inventory: [prod], expected: ['FAIL'] },
    { name: 'allowed-role-session-passes', events: [asAdmin], policy: adminOnly, inventory: [prod], expected: ['PASS'] },
    { name: 'role-with-a-path-matches-through-its-session-issuer', events: [asPathRole], policy: { ...adminOnly, principals: ['arn:aws:iam::*:role/team/*'] }, inventory: [prod], expected: ['PASS'] },
    { name: 'instance-with-another-tag-is-not-protected', events: [stop], policy: adminOnly, inventory: [dev], expected: ['PASS'] },
    { name: 'instance-missing-from-inventory-cannot-be-decided', events: [stop], policy: adminOnly, inventory: [], expected: ['UNKNOWN'] },
    { name: 'instance-selected-by-id-glob-fails-without-inventory', events: [stop], policy: { ...adminOnly, resource: { ids: ['i-ebeaf*'] } }, inventory: [], expected: ['FAIL'] },
    { name: 'read-call-is-not-a-write', events: [describe_], policy: adminOnly, inventory: [prod], expected: ['PASS'] },
    { name: 'read-class-catches-describe', events: [describe_], policy: { ...adminOnly, actions: ['read'] }, inventory: [prod], expected: ['FAIL'] },
    { name: 'named-action-other-than-the-call-does-not-apply', events: [stop], policy: { ...adminOnly, actions: ['ec2:TerminateInstances'] }, inventory: [prod], expected: ['PASS'] },
    { name: 'named-action-is-case-insensitive-like-iam', events: [stop], policy: { ...adminOnly, actions: ['EC2:stopinstances'] }, inventory: [prod], expected: ['FAIL'] },
    { name: 'denied-call-did-not-act', events: [failed], policy: adminOnly, inventory: [prod], expected: ['PASS'] },
  ];
  it.each(cases)('$name', ({ events, policy, inventory, expected }) => {
    const findings = run('evt-access-policy', events, { access: [policy as never] }, { instances: inventory });
    expect(findings.map((f) => f.status).sort()).toEqual(expected);
  });

  it('finding-names-who-what-which-resource-when-and-where', () => {
    const [f] = run('evt-access-policy', [stop], { access: [{ ...adminOnly, name: 'prod change control' }] }, { instances: [prod] }).filter((x) => x.status === 'FAIL');
    expect(f).toMatchObject({ resourceType: 'AWS::EC2::Instance', resourceId: 'i-ebeaf9e2', severity: 'high', tags: { Environment: 'prod' }, detailKey: 'access[0]:5f0c1c4e-0000-4000-8000-000000000901' });
    expect(f.message).toBe('user/Alice called ec2:StopInstances (write) on i-ebeaf9e2 [Environment=prod] at 2014-03-06T21:01:59.000Z from 205.251.233.176; access policy "prod change control" allows only arn:aws:iam::*:role/Admin');
    expect(f.evidence).toMatchObject({ accessClass: 'write', userAgent: 'ec2-api-tools 1.6.12.2', policy: { index: 0, name: 'prod change control' } });
  });

  it('tags-given-at-launch-select-an-instance-the-inventory-has-not-seen', () => {
    const run_ = fixtureEvent('stop-instances', {
      eventId: 'run-1',
      name: 'RunInstances',
      resources: [{ type: 'AWS::EC2::Instance', id: 'i-new' }],
      requestParameters: { tagSpecificationSet: { items: [{ resourceType: 'instance', tags: [{ key: 'Environment', value: 'prod' }] }] } },
    });
    expect(run('evt-access-policy', [run_], { access: [adminOnly] }).map((f) => f.status)).toEqual(['FAIL']);
  });

  it('security-group-tag-is-resolved-through-the-inventory', () => {
    const sgEvent = fixtureEvent('authorize-sg-ingress-ssh-open');
    const sg = securityGroup({ accountId: '032092706103', region: 'us-northeast-1r', groupId: 'sg-003dc7f1f1c686164', tags: { Environment: 'prod' } });
    expect(run('evt-access-policy', [sgEvent], { access: [adminOnly] }, { securityGroups: [sg] }).map((f) => f.status)).toEqual(['FAIL']);
  });

  it('no-access-policy-means-no-findings', () => {
    expect(run('evt-access-policy', [stop], {})).toEqual([]);
  });
});

describe('evt-audit-policy', () => {
  const login = fixtureEvent('console-login-iam-user-no-mfa');
  const cases: { name: string; events: AuditEvent[]; allow: string[]; expected: string[] }[] = [
    { name: 'sign-in-by-someone-not-allowed-fails', events: [login], allow: ['arn:aws:iam::*:role/Admin'], expected: ['FAIL'] },
    { name: 'sign-in-by-an-allowed-user-passes', events: [login], allow: ['arn:aws:iam::111122223333:user/anaya'], expected: ['PASS'] },
    { name: 'failed-sign-in-is-not-a-sign-in', events: [fixtureEvent('console-login-iam-user-failure')], allow: ['arn:aws:iam::*:role/Admin'], expected: ['PASS'] },
    { name: 'carried-sign-in-was-already-reported', events: [{ ...login, carried: true }], allow: ['arn:aws:iam::*:role/Admin'], expected: ['PASS'] },
  ];
  it.each(cases)('$name', ({ events, allow, expected }) => {
    const findings = run('evt-audit-policy', events, { audit: [{ event: 'console-login', allow }] });
    expect(findings.map((f) => f.status)).toEqual(expected);
  });

  it('finding-says-who-signed-in-and-who-may', () => {
    const [f] = run('evt-audit-policy', [login], { audit: [{ event: 'console-login', allow: ['arn:aws:iam::*:role/Admin'], severity: 'critical' }] });
    expect(f).toMatchObject({ severity: 'critical', resourceId: 'anaya', detailKey: 'audit[0]:3fcfb182-98f8-4744-bd45-10a395ab61cb' });
    expect(f.message).toBe('user/anaya signed in to the console at 2018-08-29T16:24:34.000Z from 192.0.2.0 without MFA; audit policy audit[0] allows only arn:aws:iam::*:role/Admin');
  });
});

describe('evt-response-policy', () => {
  const failure = fixtureEvent('console-login-iam-user-failure');
  const fiveFailures = Array.from({ length: 5 }, (_, i) => again(failure, i, i));
  const response = (o: Record<string, unknown>) => ({ response: [{ event: 'console-login-failed', threshold: { count: 5, withinMinutes: 10 }, ...o } as never] });

  const cases: { name: string; events: AuditEvent[]; policy: PolicyInput; expected: string[] }[] = [
    { name: 'five-failed-sign-ins-in-ten-minutes-trip-the-threshold', events: fiveFailures, policy: response({}), expected: ['FAIL'] },
    { name: 'four-failed-sign-ins-do-not', events: fiveFailures.slice(0, 4), policy: response({}), expected: ['PASS'] },
    { name: 'per-source-ip-five-addresses-do-not', events: fiveFailures.map((e, i) => ({ ...e, sourceIp: `203.0.113.${i}` })), policy: response({ groupBy: 'sourceIp' }), expected: ['PASS'] },
    { name: 'per-account-five-addresses-do', events: fiveFailures.map((e, i) => ({ ...e, sourceIp: `203.0.113.${i}` })), policy: response({}), expected: ['FAIL'] },
    { name: 'api-name-with-threshold-one-alerts-on-every-call', events: [fixtureEvent('stop-logging')], policy: { response: [{ event: 'StopLogging' }] }, expected: ['FAIL'] },
    { name: 'iam-style-action-name-matches-too', events: [fixtureEvent('stop-logging')], policy: { response: [{ event: 'cloudtrail:StopLogging' }] }, expected: ['FAIL'] },
    { name: 'api-name-glob-matches', events: [fixtureEvent('stop-logging')], policy: { response: [{ event: 'cloudtrail:Stop*' }] }, expected: ['FAIL'] },
    { name: 'api-name-of-another-call-does-not', events: [fixtureEvent('stop-logging')], policy: { response: [{ event: 'DeleteTrail' }] }, expected: ['PASS'] },
    { name: 'misspelt-class-is-unknown-not-silently-passing', events: fiveFailures, policy: response({ event: 'console-login-faild' }), expected: ['UNKNOWN'] },
  ];
  it.each(cases)('$name', ({ events, policy, expected }) => {
    expect(run('evt-response-policy', events, policy).map((f) => f.status)).toEqual(expected);
  });

  it('finding-lists-the-events-that-tripped-it', () => {
    const [f] = run('evt-response-policy', fiveFailures, response({ name: 'password guessing', severity: 'critical' }));
    expect(f).toMatchObject({ severity: 'critical', resourceType: 'AWS::::Account', resourceId: '111122223333' });
    expect(f.evidence).toMatchObject({ count: 5, eventIds: fiveFailures.map((e) => e.eventId), policy: { name: 'password guessing', groupBy: 'account' } });
    expect(f.message).toBe('Response policy "password guessing": 5 × console-login-failed for 111122223333/us-east-1 between 2018-07-24T18:32:11.000Z and 2018-07-24T18:36:11.000Z (threshold 5 within 10 min; 1 principal: user/anaya)');
  });

  it('per-principal-grouping-names-the-principal', () => {
    const [f] = run('evt-response-policy', fiveFailures, response({ groupBy: 'principal' }));
    expect(f).toMatchObject({ resourceType: 'AWS::IAM::User', resourceId: 'anaya' });
  });

  it('misspelt-class-says-what-was-meant', () => {
    const [f] = run('evt-response-policy', fiveFailures, response({ event: 'console-login-faild' }));
    expect(f.message).toMatch(/did you mean "console-login-failed"\?/);
  });
});

describe('eventPolicyProblems (for the policy loader)', () => {
  it('names-the-bad-response-event-and-access-action', () => {
    const policy = PolicySchema.parse({ response: [{ event: 'console-login-failed' }, { event: 'login failed' }], access: [{ resource: { tag: 'A=b' }, actions: ['write', 'stop it'], principals: ['*'] }] });
    expect(eventPolicyProblems(policy)).toEqual([
      { path: ['response', 1, 'event'], message: expect.stringMatching(/^expected a named event class .* got "login failed"$/) },
      { path: ['access', 0, 'actions', 1], message: 'expected read, write or an EC2 action name such as ec2:TerminateInstances, got "stop it"' },
    ]);
  });
});

describe('evt-event-coverage', () => {
  const e = fixtureEvent('stop-instances');
  const cases: { name: string; o: Parameters<typeof eventSnapshot>[1]; expected: string; message: RegExp }[] = [
    { name: 'complete-window-passes', o: {}, expected: 'PASS', message: /^All 1 CloudTrail events of 123456789012\/us-east-2 between .* were read and parsed$/ },
    { name: 'unparsed-records-fail-with-the-reason', o: { unparsed: 2, unparsedErrors: ['x: CloudTrailEvent is not valid JSON'] }, expected: 'FAIL', message: /2 records could not be parsed \(first: x: CloudTrailEvent is not valid JSON\)/ },
    { name: 'capped-window-fails', o: { capped: true }, expected: 'FAIL', message: /the read cap stopped at 1 events/ },
    { name: 'no-window-is-unknown', o: { window: false }, expected: 'UNKNOWN', message: /No CloudTrail event window was read/ },
  ];
  it.each(cases)('$name', ({ o, expected, message }) => {
    const [f] = runRule(rule('evt-event-coverage'), eventSnapshot([e], o));
    expect(f.status).toBe(expected);
    expect(f.message).toMatch(message);
  });
});
