import { emptyControlIds } from '../../lib/frameworks/index';
import { applyExceptions, exceptionReport, isExpired } from '../../lib/findings/exceptions';
import type { Finding, FindingStatus } from '../../lib/findings/finding';
import { loadPolicy } from '../../lib/catalogue/load-policy';
import { ExceptionSchema, type PolicyException } from '../../lib/policy/schema';
import { FAKE_CATALOGUE } from '../policy/fake-catalogue';

const ACCOUNT = '123456789012';

function finding(o: Partial<Finding> = {}): Finding {
  const resourceId = o.resourceId ?? 'sg-0abc1234';
  const region = o.region ?? 'eu-west-1';
  const accountId = o.accountId ?? ACCOUNT;
  return {
    id: `f-${resourceId}`,
    ruleId: 'ec2-sg-no-public-ssh',
    status: 'FAIL',
    severity: 'high',
    accountId,
    region,
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId,
    resourceArn: `arn:aws:ec2:${region}:${accountId}:security-group/${resourceId}`,
    title: 'SSH is not open to the internet',
    message: `${resourceId} allows 0.0.0.0/0 on tcp/22`,
    frameworks: { ...emptyControlIds(), 'cis-3.0': ['5.2'] },
    remediation: 'remove the rule',
    evidence: {},
    lifecycle: 'NEW',
    ...o,
  };
}

/** Exceptions go through the schema, as they do when loaded: a bare date means the end of that day (UTC). */
function exception(o: Partial<Record<keyof PolicyException, unknown>> = {}): PolicyException {
  return ExceptionSchema.parse({ rule: 'ec2-sg-no-public-ssh', reason: 'bastion, ticket SEC-12', owner: 'secops', expires: '2027-03-31', ...o });
}

const BEFORE_EXPIRY = new Date('2027-01-15T12:00:00Z');

function statusOf(f: Finding, exceptions: PolicyException[], now = BEFORE_EXPIRY): FindingStatus {
  return applyExceptions([f], exceptions, now)[0].status;
}

describe('applyExceptions', () => {
  test('matching-exception-turns-fail-into-suppressed-with-reason-owner-expiry', () => {
    const [f] = applyExceptions([finding()], [exception({ resource: 'sg-0abc*' })], BEFORE_EXPIRY);
    expect(f.status).toBe('SUPPRESSED');
    expect(f.suppression).toEqual({ reason: 'bastion, ticket SEC-12', owner: 'secops', expires: '2027-03-31T23:59:59.999Z', exception: 0 });
    expect(f.expiredException).toBeUndefined();
  });

  test('suppression-names-the-index-of-the-exception-that-matched', () => {
    const [f] = applyExceptions([finding()], [exception({ rule: 'ec2-other' }), exception({ owner: 'net-team' })], BEFORE_EXPIRY);
    expect(f.suppression).toMatchObject({ owner: 'net-team', exception: 1 });
  });

  test.each([
    { name: 'last-second-of-the-expiry-day-still-suppresses', now: '2027-03-31T23:59:59Z', want: 'SUPPRESSED' },
    { name: 'first-second-after-the-expiry-day-fails-again', now: '2027-04-01T00:00:00Z', want: 'FAIL' },
  ])('$name', ({ now, want }) => {
    expect(statusOf(finding(), [exception({ expires: '2027-03-31' })], new Date(now))).toBe(want);
  });

  test('expiry-with-a-time-ends-at-that-instant', () => {
    const e = exception({ expires: '2027-03-31T12:00:00Z' });
    expect(statusOf(finding(), [e], new Date('2027-03-31T11:59:59Z'))).toBe('SUPPRESSED');
    expect(statusOf(finding(), [e], new Date('2027-03-31T12:00:00Z'))).toBe('FAIL');
  });

  test('expired-exception-stops-suppressing-and-the-finding-says-so', () => {
    const [f] = applyExceptions([finding()], [exception({ expires: '2026-12-31', owner: 'alice' })], BEFORE_EXPIRY);
    expect(f.status).toBe('FAIL');
    expect(f.suppression).toBeUndefined();
    expect(f.expiredException).toEqual({ reason: 'bastion, ticket SEC-12', owner: 'alice', expired: '2026-12-31T23:59:59.999Z' });
  });

  test('renewed-exception-after-an-expired-one-suppresses-without-expiry-note', () => {
    const [f] = applyExceptions([finding()], [exception({ expires: '2026-12-31' }), exception({ expires: '2027-06-30' })], BEFORE_EXPIRY);
    expect(f.status).toBe('SUPPRESSED');
    expect(f.suppression?.exception).toBe(1);
    expect(f.expiredException).toBeUndefined();
  });

  test.each(['PASS', 'UNKNOWN', 'ERROR', 'NOT_APPLICABLE'] as const)('%s-is-never-suppressed', (status) => {
    const [f] = applyExceptions([finding({ status })], [exception()], BEFORE_EXPIRY);
    expect(f.status).toBe(status);
    expect(f.suppression).toBeUndefined();
  });

  test.each([
    { name: 'exact-rule-id-matches', rule: 'ec2-sg-no-public-ssh', want: 'SUPPRESSED' },
    { name: 'rule-glob-matches', rule: 'ec2-sg-*', want: 'SUPPRESSED' },
    { name: 'other-rule-id-does-not-match', rule: 'ec2-sg-no-public-rdp', want: 'FAIL' },
    { name: 'rule-glob-of-another-family-does-not-match', rule: 'ct-*', want: 'FAIL' },
  ])('rule: $name', ({ rule, want }) => {
    expect(statusOf(finding(), [exception({ rule })])).toBe(want);
  });

  test.each([
    { name: 'id-glob-matches-the-id', resource: 'sg-0abc*', id: 'sg-0abc1234', want: 'SUPPRESSED' },
    { name: 'id-glob-rejects-another-id', resource: 'sg-0abc*', id: 'sg-0abd1234', want: 'FAIL' },
    { name: 'exact-id-matches', resource: 'sg-0abc1234', id: 'sg-0abc1234', want: 'SUPPRESSED' },
    { name: 'exact-id-does-not-match-as-prefix', resource: 'sg-0abc', id: 'sg-0abc1234', want: 'FAIL' },
    { name: 'question-mark-matches-one-character', resource: 'sg-0abc123?', id: 'sg-0abc1234', want: 'SUPPRESSED' },
    { name: 'arn-glob-star-crosses-slash', resource: `arn:aws:ec2:*:${ACCOUNT}:*`, id: 'sg-0abc1234', want: 'SUPPRESSED' },
    { name: 'arn-glob-on-resource-type-path', resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/*`, id: 'sg-9', want: 'SUPPRESSED' },
    { name: 'arn-glob-of-another-account-does-not-match', resource: 'arn:aws:ec2:*:999999999999:*', id: 'sg-0abc1234', want: 'FAIL' },
  ])('resource: $name', ({ resource, id, want }) => {
    expect(statusOf(finding({ resourceId: id }), [exception({ resource })])).toBe(want);
  });

  test.each<{ name: string; tags: unknown; has: Record<string, string> | undefined; want: FindingStatus }>([
    { name: 'plain-map-matches-when-every-tag-matches', tags: { Environment: 'dev', Team: 'web' }, has: { Environment: 'dev', Team: 'web', Owner: 'x' }, want: 'SUPPRESSED' },
    { name: 'plain-map-is-all-of-one-missing-tag-fails', tags: { Environment: 'dev', Team: 'web' }, has: { Environment: 'dev' }, want: 'FAIL' },
    { name: 'plain-map-value-mismatch-fails', tags: { Environment: 'dev' }, has: { Environment: 'prod' }, want: 'FAIL' },
    { name: 'tag-value-glob-matches', tags: { Environment: 'dev*' }, has: { Environment: 'dev-eu' }, want: 'SUPPRESSED' },
    { name: 'tag-key-is-case-sensitive', tags: { environment: 'dev' }, has: { Environment: 'dev' }, want: 'FAIL' },
    { name: 'untagged-resource-does-not-match-a-tag-exception', tags: { Environment: 'dev' }, has: undefined, want: 'FAIL' },
    { name: 'allOf-needs-every-tag', tags: { allOf: { Environment: 'dev', Team: 'web' } }, has: { Environment: 'dev', Team: 'db' }, want: 'FAIL' },
    { name: 'anyOf-needs-one-tag', tags: { anyOf: { Environment: 'dev', Stage: 'test' } }, has: { Stage: 'test' }, want: 'SUPPRESSED' },
    { name: 'anyOf-with-no-tag-matching-fails', tags: { anyOf: { Environment: 'dev', Stage: 'test' } }, has: { Environment: 'prod' }, want: 'FAIL' },
    { name: 'allOf-and-anyOf-both-hold', tags: { allOf: { Team: 'web' }, anyOf: { Environment: 'dev', Stage: 'test' } }, has: { Team: 'web', Environment: 'dev' }, want: 'SUPPRESSED' },
    { name: 'allOf-holds-but-anyOf-does-not', tags: { allOf: { Team: 'web' }, anyOf: { Environment: 'dev' } }, has: { Team: 'web', Environment: 'prod' }, want: 'FAIL' },
  ])('tags: $name', ({ tags, has, want }) => {
    expect(statusOf(finding({ tags: has }), [exception({ tags })])).toBe(want);
  });

  test.each([
    { name: 'account-matches', filter: { account: ACCOUNT }, want: 'SUPPRESSED' },
    { name: 'other-account-does-not-match', filter: { account: '210987654321' }, want: 'FAIL' },
    { name: 'region-glob-matches', filter: { region: 'eu-*' }, want: 'SUPPRESSED' },
    { name: 'other-region-does-not-match', filter: { region: 'us-east-1' }, want: 'FAIL' },
    { name: 'account-and-region-both-must-match', filter: { account: ACCOUNT, region: 'us-*' }, want: 'FAIL' },
  ])('account/region: $name', ({ filter, want }) => {
    expect(statusOf(finding({ region: 'eu-west-1' }), [exception(filter)])).toBe(want);
  });

  test('input-findings-are-not-changed', () => {
    const input = [finding()];
    const before = JSON.stringify(input);
    applyExceptions(input, [exception()], BEFORE_EXPIRY);
    expect(JSON.stringify(input)).toBe(before);
  });

  test('exceptions-from-a-policy-file-suppress-the-findings-they-name', () => {
    const { policy } = loadPolicy(
      'exceptions:\n  - { rule: "ec2-sg-*", resource: "sg-0abc*", tags: { Environment: dev }, reason: lab, owner: secops, expires: 2027-03-31 }\n',
      'p.yaml',
      FAKE_CATALOGUE,
    );
    const out = applyExceptions(
      [finding({ tags: { Environment: 'dev' } }), finding({ resourceId: 'sg-0abc9', tags: { Environment: 'prod' } }), finding({ resourceId: 'sg-1', tags: { Environment: 'dev' } })],
      policy.exceptions,
      new Date('2027-03-31T23:59:59Z'),
    );
    expect(out.map((f) => f.status)).toEqual(['SUPPRESSED', 'FAIL', 'FAIL']);
  });
});

describe('isExpired', () => {
  test.each([
    { now: '2027-03-31T23:59:59.998Z', want: false },
    { now: '2027-03-31T23:59:59.999Z', want: true },
  ])('at $now expired=$want', ({ now, want }) => expect(isExpired(exception(), new Date(now))).toBe(want));
});

describe('exceptionReport', () => {
  test('states-active-expired-and-stale-with-match-counts', () => {
    const exceptions = [
      exception({ resource: 'sg-0abc*' }), // active: suppresses two findings
      exception({ resource: 'sg-old*', expires: '2026-06-30' }), // expired: its finding fails again
      exception({ resource: 'sg-gone*' }), // stale: matches nothing
      exception({ resource: 'sg-pass*' }), // stale: matches only a PASS
    ];
    const findings = applyExceptions(
      [finding({ resourceId: 'sg-0abc1' }), finding({ resourceId: 'sg-0abc2' }), finding({ resourceId: 'sg-old1' }), finding({ resourceId: 'sg-pass1', status: 'PASS' })],
      exceptions,
      BEFORE_EXPIRY,
    );
    const report = exceptionReport(findings, exceptions, BEFORE_EXPIRY);
    expect(report.map(({ index, state, matched }) => ({ index, state, matched }))).toEqual([
      { index: 0, state: 'active', matched: 2 },
      { index: 1, state: 'expired', matched: 1 },
      { index: 2, state: 'stale', matched: 0 },
      { index: 3, state: 'stale', matched: 0 },
    ]);
    expect(report[0].exception).toBe(exceptions[0]);
  });

  test('expired-wins-over-stale-when-an-expired-exception-matches-nothing', () => {
    const [r] = exceptionReport([], [exception({ expires: '2026-01-31' })], BEFORE_EXPIRY);
    expect(r).toMatchObject({ state: 'expired', matched: 0 });
  });
});
