import { EVENT_RULES } from '../../lib/events/rules';
import { coverageGap } from '../../lib/model/builders';
import type { Rule } from '../../lib/engine/rule';
import type { AuditEvent } from '../../lib/model/types';
import { runRule } from '../support/run-rule';
import { fixtureEvent } from './fixtures';
import { again, eventSnapshot } from './support';

const rule = (id: string): Rule => {
  const r = EVENT_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

function fails(id: string, events: AuditEvent[], params: Record<string, unknown> = {}) {
  return runRule(rule(id), eventSnapshot(events), params).filter((f) => f.status === 'FAIL');
}

describe('CIS 4.4–4.14 change detections on recorded events', () => {
  // CIS AWS Foundations 3.0 §4 recommendation of each event rule, pinned here independently of the registry.
  const CIS_OF: Record<string, string> = {
    'evt-iam-policy-change': '4.4', 'evt-cloudtrail-change': '4.5', 'evt-kms-key-disable-or-delete': '4.7', 'evt-s3-bucket-policy-change': '4.8',
    'evt-config-change': '4.9', 'evt-security-group-change': '4.10', 'evt-nacl-change': '4.11', 'evt-network-gateway-change': '4.12',
    'evt-route-table-change': '4.13', 'evt-vpc-change': '4.14',
  };
  const cases: { name: string; rule: string; fixture: string; type: string; id: string; severity: string; message?: RegExp }[] = [
    { name: 'attach-administrator-access-is-a-high-iam-policy-change', rule: 'evt-iam-policy-change', fixture: 'attach-user-policy', type: 'AWS::IAM::ManagedPolicy', id: 'AdministratorAccess', severity: 'high', message: /^user\/christophe called iam:AttachUserPolicy on AdministratorAccess \(arn:aws:iam::aws:policy\/AdministratorAccess\)/ },
    { name: 'stop-logging-is-a-critical-cloudtrail-change', rule: 'evt-cloudtrail-change', fixture: 'stop-logging', type: 'AWS::CloudTrail::Trail', id: 'example-trail', severity: 'critical', message: /^role\/tester called cloudtrail:StopLogging on example-trail at 2019-01-01T00:00:00.000Z from 111.111.111.111$/ },
    { name: 'disable-key-is-reported-on-the-key', rule: 'evt-kms-key-disable-or-delete', fixture: 'disable-key', type: 'AWS::KMS::Key', id: '1234abcd-12ab-34cd-56ef-1234567890ab', severity: 'high' },
    { name: 'schedule-key-deletion-says-the-waiting-period', rule: 'evt-kms-key-disable-or-delete', fixture: 'schedule-key-deletion', type: 'AWS::KMS::Key', id: '1234abcd-12ab-34cd-56ef-1234567890ab', severity: 'high', message: /deletion in 20 days/ },
    { name: 'put-bucket-policy-via-eventbridge-names-the-bucket', rule: 'evt-s3-bucket-policy-change', fixture: 'eventbridge-put-bucket-policy', type: 'AWS::S3::Bucket', id: 'jcazure2-dummy-bucket5', severity: 'medium' },
    { name: 'put-bucket-acl-is-a-bucket-policy-change', rule: 'evt-s3-bucket-policy-change', fixture: 'put-bucket-acl', type: 'AWS::S3::Bucket', id: 'bucket', severity: 'medium' },
    { name: 'stop-configuration-recorder-is-high', rule: 'evt-config-change', fixture: 'stop-configuration-recorder', type: 'AWS::Config::ConfigurationRecorder', id: 'default', severity: 'high' },
    { name: 'delete-delivery-channel-is-high', rule: 'evt-config-change', fixture: 'delete-delivery-channel', type: 'AWS::Config::ConfigurationRecorder', id: 'default', severity: 'high' },
    { name: 'ssh-opened-to-a-slash-zero-is-a-high-sg-change', rule: 'evt-security-group-change', fixture: 'authorize-sg-ingress-ssh-open', type: 'AWS::EC2::SecurityGroup', id: 'sg-003dc7f1f1c686164', severity: 'high', message: /\(tcp\/22 from 208\.236\.235\.254\/0\)/ },
    { name: 'sg-rule-from-another-group-by-cloudformation-is-medium', rule: 'evt-security-group-change', fixture: 'eventbridge-authorize-sg-ingress-cloudformation', type: 'AWS::EC2::SecurityGroup', id: 'sg-01f414f5313452cd1', severity: 'medium', message: /via cloudformation\.amazonaws\.com called ec2:AuthorizeSecurityGroupIngress on sg-01f414f5313452cd1 \(tcp\/1521 from sg-0e4d6b8a99395a608\)/ },
    { name: 'nacl-entry-says-rule-number-and-cidr', rule: 'evt-nacl-change', fixture: 'create-network-acl-entry', type: 'AWS::EC2::NetworkAcl', id: 'acl-1', severity: 'medium', message: /\(rule 500 allow egress all traffic 0\.0\.0\.0\/0\)/ },
    { name: 'attach-internet-gateway-names-the-gateway', rule: 'evt-network-gateway-change', fixture: 'attach-internet-gateway', type: 'AWS::EC2::InternetGateway', id: 'igw-1', severity: 'medium' },
    { name: 'create-route-says-destination-and-target', rule: 'evt-route-table-change', fixture: 'create-route', type: 'AWS::EC2::RouteTable', id: 'rtb-1', severity: 'medium', message: /\(0\.0\.0\.0\/0 → igw-1\)/ },
    { name: 'create-vpc-names-the-new-vpc', rule: 'evt-vpc-change', fixture: 'create-vpc', type: 'AWS::EC2::VPC', id: 'vpc-1', severity: 'medium' },
  ];
  it.each(cases)('$name', ({ rule: id, fixture, type, id: resourceId, severity, message }) => {
    const e = fixtureEvent(fixture);
    const found = fails(id, [e]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ resourceType: type, resourceId, severity, detailKey: e.eventId, frameworks: { 'cis-3.0': [CIS_OF[id]] } });
    expect(found[0].evidence).toMatchObject({ eventId: e.eventId, time: e.time, outcome: 'succeeded', cisFilter: true });
    if (message) expect(found[0].message).toMatch(message);
  });

  it.each(cases.map((c) => c.rule).filter((v, i, a) => a.indexOf(v) === i))('%s-passes-a-window-without-its-events', (id) => {
    const findings = runRule(rule(id), eventSnapshot([fixtureEvent('stop-instances')]));
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
    expect(findings[0].message).toMatch(/^No .* in 123456789012\/us-east-2 between 2010-01-01T00:00:00.000Z and 2026-11-26T12:00:00.000Z \(1 events read\)$/);
  });

  it('failed-change-is-not-a-change-and-the-pass-says-it-was-left-out', () => {
    const findings = runRule(rule('evt-route-table-change'), eventSnapshot([fixtureEvent('create-route-failed')]));
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
    expect(findings[0].message).toMatch(/1 failed attempt was not counted/);
    expect(findings[0].evidence).toMatchObject({ failedAttempts: 1 });
  });

  it('failed-change-is-reported-as-low-when-asked', () => {
    const found = fails('evt-route-table-change', [fixtureEvent('create-route-failed')], { includeFailedAttempts: true });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'low', evidence: { outcome: 'failed', errorCode: 'Blocked' } });
    expect(found[0].message).toMatch(/the call failed \(Blocked\), so nothing changed$/);
  });

  it('event-selectors-change-is-beyond-cis-and-can-be-left-out', () => {
    const e = fixtureEvent('stop-logging', { name: 'PutEventSelectors', eventId: 'sel-1' });
    expect(fails('evt-cloudtrail-change', [e])[0].evidence).toMatchObject({ cisFilter: false });
    expect(fails('evt-cloudtrail-change', [e], { includeBeyondCis: false })).toEqual([]);
  });

  it('names-from-another-service-do-not-count', () => {
    // API Gateway v2 has its own CreateRoute; Organizations its own CreatePolicy.
    const apigw = fixtureEvent('create-route', { source: 'apigateway.amazonaws.com', eventId: 'apigw-1' });
    const orgs = fixtureEvent('attach-user-policy', { source: 'organizations.amazonaws.com', name: 'CreatePolicy', eventId: 'org-1' });
    expect(fails('evt-route-table-change', [apigw])).toEqual([]);
    expect(fails('evt-iam-policy-change', [orgs])).toEqual([]);
  });

  it('carried-event-was-reported-by-the-previous-run-and-is-not-reported-again', () => {
    const findings = runRule(rule('evt-vpc-change'), eventSnapshot([fixtureEvent('create-vpc', { carried: true })]));
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('no-window-read-is-unknown-not-pass', () => {
    const findings = runRule(rule('evt-vpc-change'), eventSnapshot([fixtureEvent('stop-instances')], { window: false }));
    expect(findings.map((f) => [f.status, f.message])).toEqual([['UNKNOWN', 'No CloudTrail event window was read for 123456789012/us-east-2, so VPC changes cannot be ruled out']]);
  });

  it('capped-window-is-unknown-and-keeps-what-was-found', () => {
    const findings = runRule(rule('evt-vpc-change'), eventSnapshot([fixtureEvent('create-vpc')], { capped: true }));
    expect(findings.map((f) => f.status).sort()).toEqual(['FAIL', 'UNKNOWN']);
    expect(findings.find((f) => f.status === 'UNKNOWN')!.message).toMatch(/the read of write events in the CloudTrail window .* stopped at its cap \(1 events read\), so the rest was not seen/);
  });

  it('lookup-events-gap-turns-pass-into-unknown', () => {
    const snap = eventSnapshot([fixtureEvent('stop-instances')], { coverageGaps: [coverageGap({ accountId: '123456789012', region: 'us-east-2', service: 'cloudtrail', api: 'LookupEvents' })] });
    const findings = runRule(rule('evt-vpc-change'), snap);
    expect(findings.map((f) => f.status)).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(findings.some((f) => f.message.includes('cloudtrail:LookupEvents failed (AccessDenied)'))).toBe(true);
  });

  it('unparsed-records-are-mentioned-in-the-pass', () => {
    const findings = runRule(rule('evt-vpc-change'), eventSnapshot([fixtureEvent('stop-instances')], { unparsed: 2 }));
    expect(findings[0].message).toMatch(/2 records could not be parsed \(see evt-event-coverage\)/);
  });

  it('same-event-read-twice-is-reported-once', () => {
    const e = fixtureEvent('create-vpc');
    expect(fails('evt-vpc-change', [e, { ...e }])).toHaveLength(1);
  });
});

describe('evt-root-account-usage (CIS 4.3)', () => {
  const cases: { name: string; fixture: string; expected: string | undefined; severity?: string }[] = [
    { name: 'root-console-sign-in-without-mfa-is-critical', fixture: 'console-login-root-no-mfa', expected: 'FAIL', severity: 'critical' },
    { name: 'root-failed-sign-in-is-medium', fixture: 'console-login-root-failure', expected: 'FAIL', severity: 'medium' },
    { name: 'root-console-action-invoked-by-signin-is-root-usage', fixture: 'eventbridge-root-create-bucket-console', expected: 'FAIL', severity: 'high' },
    { name: 'cloudformation-acting-for-root-is-not-root-usage', fixture: 'eventbridge-root-delete-bucket-cloudformation-failed', expected: undefined },
    { name: 'service-event-is-not-root-usage', fixture: 'service-event-bid-evicted', expected: undefined },
    { name: 'iam-user-is-not-root', fixture: 'console-login-iam-user-no-mfa', expected: undefined },
  ];
  it.each(cases)('$name', ({ fixture, expected, severity }) => {
    const found = fails('evt-root-account-usage', [fixtureEvent(fixture)]);
    expect(found[0]?.status).toBe(expected);
    if (severity) expect(found[0]).toMatchObject({ severity, resourceType: 'AWS::::Account' });
  });

  it('root-finding-names-the-account-and-the-action', () => {
    const [f] = fails('evt-root-account-usage', [fixtureEvent('eventbridge-root-create-bucket-console')]);
    expect(f).toMatchObject({ resourceId: '012345678901', resourceArn: 'arn:aws:iam::012345678901:root' });
    expect(f.message).toBe('root of 012345678901 via signin.amazonaws.com called s3:CreateBucket on jcazure2-dummy-bucket8 at 2018-04-25T22:06:44.000Z from 50.200.137.152');
  });
});

describe('evt-console-login-no-mfa (CIS 4.2)', () => {
  const federated = fixtureEvent('console-login-iam-user-no-mfa', {
    eventId: 'fed-1',
    principal: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/SSOAdmin/bob@example.com', accountId: '111122223333', mfaUsed: false },
  });
  const cases: { name: string; event: AuditEvent; expected: string | undefined; severity?: string; params?: Record<string, unknown> }[] = [
    { name: 'iam-user-without-mfa-fails', event: fixtureEvent('console-login-iam-user-no-mfa'), expected: 'FAIL', severity: 'high' },
    { name: 'iam-user-with-mfa-passes', event: fixtureEvent('console-login-iam-user-mfa'), expected: undefined },
    { name: 'root-without-mfa-is-critical', event: fixtureEvent('console-login-root-no-mfa'), expected: 'FAIL', severity: 'critical' },
    { name: 'anonymised-real-sign-in-without-mfa-fails', event: fixtureEvent('console-login-no-mfa-stratus'), expected: 'FAIL' },
    { name: 'failed-sign-in-is-not-a-sign-in-without-mfa', event: fixtureEvent('console-login-root-failure'), expected: undefined },
    { name: 'federated-sign-in-is-left-to-the-identity-provider-by-default', event: federated, expected: undefined },
    { name: 'federated-sign-in-is-checked-when-its-type-is-listed', event: federated, expected: 'FAIL', params: { principalTypes: ['AssumedRole'] } },
  ];
  it.each(cases)('$name', ({ event, expected, severity, params }) => {
    const found = fails('evt-console-login-no-mfa', [event], params);
    expect(found[0]?.status).toBe(expected);
    if (severity) expect(found[0].severity).toBe(severity);
  });

  it('finding-names-the-user-time-and-address', () => {
    const [f] = fails('evt-console-login-no-mfa', [fixtureEvent('console-login-iam-user-no-mfa')]);
    expect(f).toMatchObject({ resourceType: 'AWS::IAM::User', resourceId: 'anaya', resourceArn: 'arn:aws:iam::111122223333:user/anaya' });
    expect(f.message).toBe('user/anaya signed in to the console without MFA at 2018-08-29T16:24:34.000Z from 192.0.2.0');
    expect(f.evidence).toMatchObject({ eventId: '3fcfb182-98f8-4744-bd45-10a395ab61cb', sourceIp: '192.0.2.0', userAgent: expect.stringMatching(/Firefox/) });
  });
});

describe('burst detections (CIS 4.1, 4.6)', () => {
  const denied = fixtureEvent('run-instances-unauthorized-operation');
  const burst = (n: number, everyMinutes: number, over: Partial<AuditEvent> = {}) => Array.from({ length: n }, (_, i) => again(denied, i, i * everyMinutes, over));

  const cases: { name: string; events: AuditEvent[]; expected: number }[] = [
    { name: 'five-denied-calls-in-four-minutes-is-a-burst', events: burst(5, 1), expected: 1 },
    { name: 'four-denied-calls-are-below-the-threshold', events: burst(4, 1), expected: 0 },
    { name: 'five-denied-calls-spread-over-ten-minutes-are-not-a-burst', events: burst(5, 2.5), expected: 0 },
    { name: 'a-sustained-run-is-one-burst-not-several', events: burst(30, 1), expected: 1 },
    { name: 'two-runs-an-hour-apart-are-two-bursts', events: [...burst(5, 1), ...burst(5, 1).map((e, i) => again(e, 100 + i, 60))], expected: 2 },
    { name: 'log-delivery-denials-are-not-counted', events: burst(5, 1, { sourceIp: 'delivery.logs.amazonaws.com' }), expected: 0 },
    { name: 'head-bucket-denials-are-not-counted', events: burst(5, 1, { name: 'HeadBucket', source: 's3.amazonaws.com' }), expected: 0 },
    { name: 'access-denied-star-codes-count', events: burst(5, 1, { errorCode: 'AccessDeniedException' }), expected: 1 },
    { name: 'other-errors-are-not-unauthorized', events: burst(5, 1, { errorCode: 'ThrottlingException' }), expected: 0 },
    {
      name: 'three-and-three-from-two-principals-are-not-a-burst',
      events: [
        ...burst(3, 1),
        ...burst(3, 1).map((e, i) => again(e, 50 + i, 0, { principal: { type: 'IAMUser', arn: 'arn:aws:iam::900138736586:user/other', userName: 'other' } })),
      ],
      expected: 0,
    },
    { name: 'four-carried-and-one-fresh-complete-a-burst', events: burst(5, 1).map((e, i) => (i < 4 ? { ...e, carried: true } : e)), expected: 1 },
    { name: 'a-burst-made-only-of-carried-events-was-already-reported', events: burst(5, 1, { carried: true }), expected: 0 },
  ];
  it.each(cases)('$name', ({ events, expected }) => {
    expect(fails('evt-unauthorized-api-calls', events)).toHaveLength(expected);
  });

  it('burst-finding-names-the-role-the-calls-and-the-addresses', () => {
    const [f] = fails('evt-unauthorized-api-calls', burst(5, 1));
    expect(f).toMatchObject({ resourceType: 'AWS::IAM::Role', resourceId: 'stratus-red-team-ec2lui-role-idtzskbvtd', severity: 'medium' });
    expect(f.message).toBe(
      'role/stratus-red-team-ec2lui-role-idtzskbvtd (session aws-go-sdk-1722511821294449000): 5 unauthorized API calls between 2024-08-01T11:30:23.000Z and 2024-08-01T11:34:23.000Z (threshold 5 within 5 min): ec2:RunInstances ×5; from 06.237.252.245',
    );
    expect(f.evidence).toMatchObject({ count: 5, eventIds: burst(5, 1).map((e) => e.eventId), errorCodes: { 'Client.UnauthorizedOperation': 5 } });
    expect(f.detailKey).toBe('arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd@2024-08-01T11:30:23.000Z');
  });

  it('a-burst-continued-in-the-next-run-keeps-its-finding-id', () => {
    const all = burst(8, 1);
    const first = fails('evt-unauthorized-api-calls', all.slice(0, 5));
    const second = fails('evt-unauthorized-api-calls', [...all.slice(0, 5).map((e) => ({ ...e, carried: true })), ...all.slice(5)]);
    expect(second).toHaveLength(1);
    expect(second[0].id).toBe(first[0].id);
    expect(second[0].evidence).toMatchObject({ count: 8, carriedFromPreviousWindow: 5 });
  });

  it('thresholds-are-parameters', () => {
    expect(fails('evt-unauthorized-api-calls', burst(3, 1), { count: 3, withinMinutes: 2 })).toHaveLength(1);
  });

  it('failed-console-sign-ins-burst-per-user', () => {
    const failure = fixtureEvent('console-login-iam-user-failure');
    const events = Array.from({ length: 5 }, (_, i) => again(failure, i, i * 2));
    const [f] = fails('evt-console-auth-failure', events);
    expect(f).toMatchObject({ resourceType: 'AWS::IAM::User', resourceId: 'anaya', frameworks: { 'cis-3.0': ['4.6'] } });
    expect(f.message).toMatch(/^user\/anaya: 5 failed console sign-ins between/);
  });

  it('unrecorded-user-names-burst-per-source-address', () => {
    const failure = fixtureEvent('console-login-iam-user-failure', { principal: { type: 'IAMUser', accountId: '111122223333', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' } });
    const sameIp = Array.from({ length: 5 }, (_, i) => again(failure, i, i));
    const fiveIps = sameIp.map((e, i) => ({ ...e, sourceIp: `198.51.100.${i}` }));
    expect(fails('evt-console-auth-failure', sameIp)).toHaveLength(1);
    expect(fails('evt-console-auth-failure', fiveIps)).toHaveLength(0);
    expect(fails('evt-console-auth-failure', sameIp)[0].message).toMatch(/^an unrecorded user name: 5 failed console sign-ins/);
  });
});
