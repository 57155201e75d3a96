import { applyExceptions } from '../../lib/findings/exceptions';
import { EXCEPTION_EXPIRED_RULE, EXCEPTION_STALE_RULE, exceptionFindings, withExceptionFindings } from '../../lib/findings/exception-findings';
import { ExceptionSchema, type PolicyException } from '../../lib/policy/schema';
import { finding } from '../support/findings';

const ACCOUNT = '111111111111';
const exception = (o: Partial<Record<string, unknown>> = {}): PolicyException =>
  ExceptionSchema.parse({ rule: 'ec2-sg-no-public-ssh', resource: 'sg-0abc*', reason: 'bastion, ticket SEC-12', owner: 'secops', expires: '2027-03-31', ...o });
const sshFail = finding({ ruleId: 'ec2-sg-no-public-ssh', resourceId: 'sg-0abc1', resourceType: 'AWS::EC2::SecurityGroup', severity: 'high' });

/** The end of 2027-03-31 in UTC: a bare date expires at its last millisecond. */
const EXPIRY = Date.parse('2027-03-31T23:59:59.999Z');

function run(now: number, exceptions = [exception()]) {
  const after = applyExceptions([sshFail], exceptions, new Date(now));
  return { findings: after, added: exceptionFindings(after, exceptions, new Date(now), { accounts: [ACCOUNT] }) };
}

describe('exception expiry at the boundary', () => {
  it.each([
    ['one-ms-before-expiry-still-suppresses', EXPIRY - 1, 'SUPPRESSED', 0],
    ['at-the-expiry-instant-it-has-expired', EXPIRY, 'FAIL', 1],
    ['a-day-after-it-has-expired', EXPIRY + 86_400_000, 'FAIL', 1],
  ] as const)('%s', (_name, now, status, raised) => {
    const r = run(now);
    expect(r.findings[0].status).toBe(status);
    expect(r.added.filter((f) => f.ruleId === EXCEPTION_EXPIRED_RULE)).toHaveLength(raised);
  });

  it('expired-exception-raises-a-medium-finding-naming-reason-owner-and-expiry', () => {
    const [f] = run(EXPIRY).added;
    expect(f).toMatchObject({ ruleId: EXCEPTION_EXPIRED_RULE, status: 'FAIL', severity: 'medium', accountId: ACCOUNT, region: 'us-east-1', resourceType: 'vmaudit::Policy::Exception' });
    expect(f.message).toContain('secops');
    expect(f.message).toContain('bastion, ticket SEC-12');
    expect(f.message).toContain('2027-03-31T23:59:59.999Z');
    expect(f.evidence).toMatchObject({ matched: 1, exception: { owner: 'secops', reason: 'bastion, ticket SEC-12' } });
    expect(run(EXPIRY).findings[0].expiredException).toEqual({ reason: 'bastion, ticket SEC-12', owner: 'secops', expired: '2027-03-31T23:59:59.999Z' });
  });

  it('exception-matching-nothing-is-reported-stale', () => {
    const stale = exception({ resource: 'sg-nothing*' });
    const r = run(EXPIRY - 1, [stale]);
    expect(r.added).toHaveLength(1);
    expect(r.added[0]).toMatchObject({ ruleId: EXCEPTION_STALE_RULE, severity: 'info', status: 'FAIL' });
    expect(r.added[0].message).toMatch(/matches no failing or suppressed finding/);
  });

  it.each([
    ['its-account-was-not-audited', { account: '999999999999' }, { accounts: [ACCOUNT] }],
    ['its-region-was-not-audited', { region: 'eu-west-1' }, { accounts: [ACCOUNT], regions: ['us-east-1'] }],
    ['a-coverage-gap-hid-its-data', {}, { accounts: [ACCOUNT], coverageGaps: [{ accountId: ACCOUNT, region: 'us-east-1', service: 'ec2', api: 'DescribeSecurityGroups', errorCode: 'AccessDenied', message: 'denied' }] }],
  ])('exception-matching-nothing-is-not-stale-when-%s', (_n, o, scope) => {
    const e = exception({ resource: 'sg-nothing*', ...o });
    expect(exceptionFindings([sshFail], [e], new Date(EXPIRY - 1), scope)).toEqual([]);
  });

  it('active-exception-raises-nothing', () => {
    expect(run(EXPIRY - 1).added).toEqual([]);
  });

  it('ids-do-not-depend-on-the-position-in-the-policy', () => {
    const other = exception({ rule: 'ec2-imdsv2-required', resource: 'i-none' });
    const a = run(EXPIRY, [exception(), other]).added.map((f) => f.id).sort();
    const b = run(EXPIRY, [other, exception()]).added.map((f) => f.id).sort();
    expect(a).toEqual(b);
  });

  it('adding-exception-findings-twice-adds-them-once', () => {
    const once = withExceptionFindings(run(EXPIRY).findings, [exception()], new Date(EXPIRY), { accounts: [ACCOUNT] });
    const twice = withExceptionFindings(once, [exception()], new Date(EXPIRY), { accounts: [ACCOUNT] });
    expect(twice.map((f) => f.id)).toEqual(once.map((f) => f.id));
    expect(once).toHaveLength(2);
  });
});
