import { normaliseCloudTrailRecord, normaliseEventBridgeEvent, normaliseRecords } from '../../lib/events/normalise';
import { AuditEventSchema } from '../../lib/model/schema';
import { raw } from './fixtures';

function ok(r: ReturnType<typeof normaliseCloudTrailRecord>) {
  if (!('ok' in r)) throw new Error(r.error);
  return r.ok;
}

describe('normaliseCloudTrailRecord on recorded records', () => {
  const cases: { name: string; file: string; expect: Record<string, unknown>; principal?: Record<string, unknown>; resources?: { type?: string; id: string }[] }[] = [
    {
      name: 'iam-user-console-login-without-mfa-reads-mfa-no-and-success',
      file: 'console-login-iam-user-no-mfa',
      expect: { name: 'ConsoleLogin', source: 'signin.amazonaws.com', consoleLogin: 'Success', accountId: '111122223333', region: 'us-east-2', sourceIp: '192.0.2.0', eventType: 'AwsConsoleSignin' },
      principal: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/anaya', userName: 'anaya', mfaUsed: false },
    },
    { name: 'console-login-with-mfa-reads-mfa-yes', file: 'console-login-iam-user-mfa', expect: { consoleLogin: 'Success' }, principal: { mfaUsed: true } },
    {
      name: 'failed-sign-in-has-no-arn-but-keeps-user-name-and-failure',
      file: 'console-login-iam-user-failure',
      expect: { consoleLogin: 'Failure', errorMessage: 'Failed authentication' },
      principal: { type: 'IAMUser', userName: 'anaya', arn: undefined },
    },
    { name: 'root-sign-in-keeps-root-arn', file: 'console-login-root-failure', expect: { consoleLogin: 'Failure' }, principal: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' } },
    {
      name: 'unauthorized-operation-keeps-error-and-session-issuer',
      file: 'run-instances-unauthorized-operation',
      expect: { errorCode: 'Client.UnauthorizedOperation', readOnly: false, region: 'ca-south-3r', accountId: '900138736586' },
      principal: { type: 'AssumedRole', sessionIssuerArn: 'arn:aws:iam::900138736586:role/stratus-red-team-ec2lui-role-idtzskbvtd', mfaUsed: false },
      resources: [{ type: 'AWS::EC2::Subnet', id: 'subnet-0e540f0c7ffb48ae9' }],
    },
    {
      name: 'security-group-ingress-names-the-group',
      file: 'authorize-sg-ingress-ssh-open',
      expect: { name: 'AuthorizeSecurityGroupIngress' },
      resources: [{ type: 'AWS::EC2::SecurityGroup', id: 'sg-003dc7f1f1c686164' }],
    },
    {
      name: 'kms-key-from-resources-arn-is-not-repeated-from-key-id',
      file: 'disable-key',
      expect: { name: 'DisableKey' },
      resources: [{ type: 'AWS::KMS::Key', id: 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
    },
    {
      name: 'stop-logging-names-the-trail',
      file: 'stop-logging',
      expect: { name: 'StopLogging' },
      resources: [{ type: 'AWS::CloudTrail::Trail', id: 'arn:aws:cloudtrail:us-west-2:123456789012:trail/example-trail' }],
      principal: { mfaUsed: true },
    },
    { name: 'create-vpc-takes-the-new-vpc-id-from-the-response', file: 'create-vpc', expect: {}, resources: [{ type: 'AWS::EC2::VPC', id: 'vpc-1' }] },
    {
      name: 'attach-internet-gateway-names-gateway-and-vpc',
      file: 'attach-internet-gateway',
      expect: {},
      resources: [
        { type: 'AWS::EC2::VPC', id: 'vpc-1' },
        { type: 'AWS::EC2::InternetGateway', id: 'igw-1' },
      ],
    },
    { name: 'create-route-names-the-route-table', file: 'create-route', expect: {}, resources: [{ type: 'AWS::EC2::RouteTable', id: 'rtb-1' }] },
    { name: 'nacl-entry-names-the-acl', file: 'create-network-acl-entry', expect: {}, resources: [{ type: 'AWS::EC2::NetworkAcl', id: 'acl-1' }] },
    { name: 'stop-instances-names-the-instance', file: 'stop-instances', expect: { accountId: '123456789012' }, resources: [{ type: 'AWS::EC2::Instance', id: 'i-ebeaf9e2' }] },
    {
      name: 'attach-user-policy-names-policy-and-target-user',
      file: 'attach-user-policy',
      expect: {},
      resources: [
        { type: 'AWS::IAM::ManagedPolicy', id: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        { type: 'AWS::IAM::User', id: 'malicious-iam-user' },
      ],
    },
    {
      name: 'service-event-without-identity-type-becomes-aws-service',
      file: 'service-event-bid-evicted',
      expect: { eventType: 'AwsServiceEvent', name: 'BidEvictedEvent' },
      principal: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
    },
    { name: 'config-recorder-is-named', file: 'stop-configuration-recorder', expect: {}, resources: [{ type: 'AWS::Config::ConfigurationRecorder', id: 'default' }] },
  ];
  it.each(cases)('$name', ({ file, expect: fields, principal, resources }) => {
    const e = ok(normaliseCloudTrailRecord(raw(file)));
    expect(e).toMatchObject(fields);
    if (principal) for (const [k, v] of Object.entries(principal)) expect((e.principal as Record<string, unknown>)[k]).toEqual(v);
    if (resources) expect(e.resources).toEqual(resources);
    // Whatever the record, the result is a valid model event.
    expect(AuditEventSchema.safeParse(e).success).toBe(true);
  });

  it('a-json-string-and-the-parsed-record-give-the-same-event', () => {
    const rec = raw('stop-logging');
    expect(ok(normaliseCloudTrailRecord(JSON.stringify(rec)))).toEqual(ok(normaliseCloudTrailRecord(rec)));
  });

  it('time-is-normalised-to-iso-with-milliseconds', () => {
    expect(ok(normaliseCloudTrailRecord(raw('stop-logging'))).time).toBe('2019-01-01T00:00:00.000Z');
  });
});

describe('normaliseEventBridgeEvent', () => {
  it('api-call-envelope-keeps-invoked-by-and-marks-origin', () => {
    const e = ok(normaliseEventBridgeEvent(raw('eventbridge-authorize-sg-ingress-cloudformation')));
    expect(e).toMatchObject({ origin: 'eventbridge', eventId: '1091b24b-5b58-4010-a065-4fd069c06872', sourceIp: 'AWS Internal', accountId: '770203350335' });
    expect(e.principal).toMatchObject({ type: 'AssumedRole', invokedBy: 'cloudformation.amazonaws.com', sessionIssuerArn: 'arn:aws:iam::770203350335:role/Shibboleth-InfraMgt' });
    expect(e.resources).toEqual([{ type: 'AWS::EC2::SecurityGroup', id: 'sg-01f414f5313452cd1' }]);
  });

  it('record-without-recipient-account-takes-the-envelope-account', () => {
    const e = ok(normaliseEventBridgeEvent(raw('eventbridge-put-bucket-policy')));
    expect(e.accountId).toBe('012345678901');
    expect(e.resources).toEqual([{ type: 'AWS::S3::Bucket', id: 'jcazure2-dummy-bucket5' }]);
  });

  it('sign-in-envelope-with-odd-account-ids-is-read-as-given', () => {
    const e = ok(normaliseEventBridgeEvent(raw('eventbridge-console-sign-in-failure')));
    expect(e).toMatchObject({ accountId: '11111111111', consoleLogin: 'Failure', origin: 'eventbridge' });
    expect(e.principal).toMatchObject({ accountId: '0000000000', userName: 'usernamehere', mfaUsed: false });
  });

  const bad: { name: string; input: unknown; error: RegExp }[] = [
    { name: 'not-an-object-is-an-error', input: 'hello', error: /expected an EventBridge event/ },
    { name: 'other-detail-type-is-an-error', input: { 'detail-type': 'EC2 Instance State-change Notification', detail: {} }, error: /not a CloudTrail event/ },
    { name: 'missing-detail-is-an-error', input: { 'detail-type': 'AWS API Call via CloudTrail', id: 'x' }, error: /has no detail/ },
  ];
  it.each(bad)('$name', ({ input, error }) => {
    const r = normaliseEventBridgeEvent(input);
    expect('error' in r && r.error).toMatch(error);
  });
});

describe('records that cannot be read are errors, never exceptions', () => {
  const base = raw('stop-logging') as Record<string, unknown>;
  const cases: { name: string; input: unknown; error: RegExp }[] = [
    { name: 'truncated-json-string', input: JSON.stringify(base).slice(0, 200), error: /not valid JSON \(200 characters, truncated\?\)/ },
    { name: 'json-array', input: '[1,2]', error: /got an array/ },
    { name: 'null', input: null, error: /got null/ },
    { name: 'time-not-a-date', input: { ...base, eventTime: 'redacted' }, error: /eventTime "redacted" is not a date/ },
    // fuzz.test.ts seed 29 (path 7:2:79:79:79:79:79): String() of this value throws, the message must not.
    { name: 'time-an-object-whose-toString-is-not-a-function', input: { ...base, eventTime: { toString: '' } }, error: /eventTime is object, not a date/ },
    { name: 'time-a-number', input: { ...base, eventTime: 12 }, error: /eventTime is number, not a date/ },
    { name: 'no-event-source', input: { ...base, eventSource: 42 }, error: /eventSource is missing/ },
    { name: 'no-account-anywhere', input: { ...base, recipientAccountId: undefined, userIdentity: {} }, error: /no account/ },
    { name: 'no-region', input: { ...base, awsRegion: '' }, error: /awsRegion is missing/ },
    { name: 'lookup-event-without-cloudtrail-event', input: { EventId: 'x', CloudTrailEvent: null }, error: /has no CloudTrailEvent/ },
  ];
  it.each(cases)('$name', ({ input, error }) => {
    const r = normaliseCloudTrailRecord(input);
    expect('error' in r ? r.error : 'no error').toMatch(error);
  });

  it('a-record-without-event-id-gets-an-id-derived-from-its-content-and-says-so', () => {
    const r = normaliseCloudTrailRecord({ ...base, eventID: undefined });
    const again = normaliseCloudTrailRecord({ ...base, eventID: undefined });
    const other = normaliseCloudTrailRecord({ ...base, eventID: undefined, eventTime: '2019-01-02T00:00:00Z' });
    expect(r).toMatchObject({ derivedId: true, ok: { eventId: expect.stringMatching(/^sha256:[0-9a-f]{32}$/), name: 'StopLogging' } });
    expect(ok(again).eventId).toBe(ok(r).eventId);
    expect(ok(other).eventId).not.toBe(ok(r).eventId);
    expect(normaliseCloudTrailRecord(base)).not.toHaveProperty('derivedId');
  });

  it('unexpected-field-types-are-ignored-not-fatal', () => {
    const e = ok(normaliseCloudTrailRecord({ ...base, userIdentity: { type: 7, arn: ['x'], sessionContext: 'nope' }, requestParameters: 'text', resources: 'none', readOnly: 'maybe' }));
    expect(e.principal).toEqual({ type: 'Unknown' });
    expect(e.resources).toEqual([]);
    expect(e.readOnly).toBeUndefined();
  });

  it('long-hostile-strings-are-bounded', () => {
    const e = ok(normaliseCloudTrailRecord({ ...base, userAgent: 'A'.repeat(100_000), errorMessage: 'B'.repeat(10_000) }));
    expect(e.userAgent!.length).toBeLessThanOrEqual(2049);
    expect(e.errorMessage!.length).toBeLessThanOrEqual(2049);
  });

  it('oversized-request-parameters-are-dropped-resources-kept', () => {
    const e = ok(normaliseCloudTrailRecord({ ...base, eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', requestParameters: { bucketName: 'b', bucketPolicy: 'x'.repeat(20_000) } }));
    expect(e.requestParameters).toBeUndefined();
    expect(e.resources).toEqual([{ type: 'AWS::S3::Bucket', id: 'b' }]);
  });
});

describe('LookupEvents pages', () => {
  const page = raw('lookup-events-page') as { Events: unknown[] };

  it('a-page-normalises-with-the-truncated-record-kept-from-its-summary-and-counted', () => {
    const batch = normaliseRecords(page.Events, { accountId: '111122223333', region: 'us-east-1' });
    expect(batch.events.map((e) => e.name)).toEqual(['StopLogging', 'DisableKey', 'AuthorizeSecurityGroupIngress', 'ScheduleKeyDeletion']);
    expect(batch.unparsed).toBe(1);
    expect(batch.errors[0]).toMatch(/^3c4226b0-1e81-48a8-a333-7fa5f3cbd118: CloudTrailEvent is not valid JSON .*kept from the LookupEvents summary fields$/);
    const partial = batch.events[3];
    expect(partial).toMatchObject({ eventId: '3c4226b0-1e81-48a8-a333-7fa5f3cbd118', time: '2021-03-23T18:58:30.000Z', source: 'kms.amazonaws.com', principal: { type: 'Unknown', userName: 'Alice' } });
  });

  it('lookup-summary-resources-fill-what-the-record-leaves-out', () => {
    const first = ok(normaliseCloudTrailRecord(page.Events[0]));
    expect(first.resources).toEqual([{ type: 'AWS::CloudTrail::Trail', id: 'arn:aws:cloudtrail:us-west-2:123456789012:trail/example-trail' }]);
    const sg = ok(normaliseCloudTrailRecord(page.Events[2]));
    expect(sg.resources).toEqual([{ type: 'AWS::EC2::SecurityGroup', id: 'sg-003dc7f1f1c686164' }]);
  });

  it('without-a-known-account-a-truncated-record-is-unparsed-and-dropped-with-reason', () => {
    const batch = normaliseRecords([page.Events[3]]);
    expect(batch.events).toEqual([]);
    expect(batch.unparsed).toBe(1);
    expect(batch.errors[0]).toMatch(/not valid JSON/);
  });
});
