/**
 * A whole scan over a fake estate of accounts and regions: account selection (caller, list, org),
 * AssumeRole with external id, region selection and opt-in regions, and the failures that must
 * become coverage gaps (never lose other accounts or regions) or one clear error line.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeInstancesCommand, DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Client } from '@smithy/types';
import { scan, defaultScanDeps, type ScanOptions } from '../../lib/collect/scan';
import { CredentialsError } from '../../lib/collect/errors';
import { UsageError } from '../../lib/errors';
import { SnapshotSchema } from '../../lib/model/schema';
import { evaluate } from '../../lib/engine/evaluate';
import imdsv2Required from '../../lib/rules/ec2-imdsv2-required';
import { accessDenied, awsError, fakeClock, NOW, pager, reservations, staticCredentials, mockOtherServices } from './fake-aws';

const CALLER = '111111111111';
const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);
const org = mockClient(OrganizationsClient);

type AnyClient = Client<never, never, { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> }>;
/** Which account and region a mocked call was made for: the fake credentials carry the account id. */
async function who(getClient: () => unknown) {
  const c = getClient() as AnyClient;
  return { region: await c.config.region(), accountId: (await c.config.credentials()).accessKeyId.slice(4) };
}

interface World {
  regions?: { RegionName: string; OptInStatus: string }[];
  /** account|region → API names that are denied there */
  denied?: Record<string, string[]>;
  /** account|region → error thrown by every EC2 call there */
  broken?: Record<string, Error>;
  assumeFails?: string[];
}

const REGIONS = [
  { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
  { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
  { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
];

function world(w: World = {}) {
  for (const m of [ec2, ct, sts, org]) m.reset();
  ec2.onAnyCommand().resolves({});
  mockOtherServices();
  ct.onAnyCommand().resolves({});
  sts.on(GetCallerIdentityCommand).resolves({ Account: CALLER, Arn: `arn:aws:iam::${CALLER}:user/auditor`, UserId: 'AIDA' });
  sts.on(AssumeRoleCommand).callsFake((input) => {
    const account = /iam::(\d{12}):role/.exec(input.RoleArn)![1];
    if (w.assumeFails?.includes(account)) throw awsError('AccessDenied', `User: arn:aws:iam::${CALLER}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, { status: 403 });
    return { Credentials: { AccessKeyId: `AKID${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
  });
  ec2.on(DescribeRegionsCommand).resolves({ Regions: w.regions ?? REGIONS });
  const guard = async (api: string, getClient: () => unknown) => {
    const { accountId, region } = await who(getClient);
    const broken = w.broken?.[`${accountId}|${region}`];
    if (broken) throw broken;
    if (w.denied?.[`${accountId}|${region}`]?.includes(api)) throw accessDenied(api);
    return { accountId, region };
  };
  ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
    const { accountId, region } = await guard('DescribeInstances', getClient);
    return pager(reservations(3, 1, `i-${accountId.slice(0, 1)}${region.slice(0, 2)}`), 'Reservations')(input);
  });
  ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => {
    const { accountId, region } = await guard('DescribeSecurityGroups', getClient);
    return { SecurityGroups: [{ GroupId: `sg-${accountId}-${region}`, GroupName: 'default' }] };
  });
}

const base: ScanOptions = { homeRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'], now: NOW, clock: fakeClock(), events: { enabled: false } };
const deps = { ...defaultScanDeps, credentials: () => async () => staticCredentials(CALLER) };
const run = (o: Partial<ScanOptions> = {}) => scan({ ...base, ...o }, deps);

describe('accounts', () => {
  it('default-scans-the-caller-account-with-its-own-credentials', async () => {
    world();
    const r = await run();
    expect(r.accounts).toEqual([CALLER]);
    expect(r.snapshot.targets).toEqual(expect.arrayContaining([{ accountId: CALLER, region: 'us-east-1' }, { accountId: CALLER, region: 'eu-west-1' }]));
    expect(r.snapshot.targets).toHaveLength(2);
    expect(r.snapshot.instances).toHaveLength(6);
    expect(r.snapshot.coverageGaps).toEqual([]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(() => SnapshotSchema.parse(r.snapshot)).not.toThrow();
    expect(r.snapshot.source).toEqual({ kind: 'aws', description: 'vmaudit scan of 1 account × 2 regions' });
    expect(r.calls['sts:GetCallerIdentity']).toBe(1);
    expect(r.calls['ec2:DescribeRegions']).toBe(1);
    expect(r.calls['ec2:DescribeInstances']).toBe(2);
  });

  it('assume-role-failure-for-one-account-is-a-gap-and-the-others-are-read', async () => {
    world({ assumeFails: ['333333333333'] });
    const r = await run({ accounts: [CALLER, '222222222222', '333333333333'], roleName: 'VmauditRead', externalId: 'ext-42' });
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed.map((i) => i.RoleArn).sort()).toEqual(['arn:aws:iam::222222222222:role/VmauditRead', 'arn:aws:iam::333333333333:role/VmauditRead']);
    expect(assumed.every((i) => i.ExternalId === 'ext-42' && i.RoleSessionName === 'vmaudit')).toBe(true);
    expect(new Set(r.snapshot.instances.map((i) => i.accountId))).toEqual(new Set([CALLER, '222222222222']));
    expect(r.snapshot.coverageGaps).toEqual([
      {
        accountId: '333333333333',
        region: '*',
        service: 'sts',
        api: 'AssumeRole',
        errorCode: 'AccessDenied',
        message: expect.stringMatching(/not authorized to perform: sts:AssumeRole .* — check that arn:aws:iam::333333333333:role\/VmauditRead exists, trusts arn:aws:iam::111111111111:user\/auditor with this external id/),
      },
    ]);
    // The unread account's targets are listed, so every rule reports UNKNOWN there.
    expect(r.snapshot.targets.filter((t) => t.accountId === '333333333333').map((t) => t.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    const findings = evaluate(r.snapshot, { frameworks: ['fsbp'], rules: {}, exceptions: [] } as never, { rules: [imdsv2Required], now: NOW }).findings;
    expect(findings.filter((f) => f.accountId === '333333333333').map((f) => [f.region, f.status]).sort()).toEqual([
      ['eu-west-1', 'UNKNOWN'],
      ['us-east-1', 'UNKNOWN'],
    ]);
  });

  it('org-mode-reads-active-accounts-only', async () => {
    world();
    org.on(ListAccountsCommand).callsFake(
      pager(
        [
          { Id: CALLER, Status: 'ACTIVE' },
          { Id: '222222222222', Status: 'ACTIVE', State: 'ACTIVE' },
          { Id: '444444444444', Status: 'SUSPENDED' },
          { Id: '555555555555', Status: 'ACTIVE', State: 'PENDING_CLOSURE' },
        ],
        'Accounts',
        20,
      ),
    );
    const r = await run({ org: true, roleName: 'OrganizationAccountAccessRole', regions: ['us-east-1'] });
    expect(r.accounts).toEqual([CALLER, '222222222222']);
    expect(org.commandCalls(ListAccountsCommand)[0].args[0].input.MaxResults).toBe(20);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual(['arn:aws:iam::222222222222:role/OrganizationAccountAccessRole']);
    expect(r.snapshot.targets).toHaveLength(2);
  });

  it.each([
    ['accounts-other-than-the-caller-need-a-role-name', { accounts: ['222222222222'] }, /--role-name/],
    ['org-and-accounts-exclude-each-other', { org: true, accounts: ['222222222222'], roleName: 'r' }, /--org and --accounts/],
  ])('%s', async (_n, o, message) => {
    world();
    await expect(run(o)).rejects.toThrow(UsageError);
    await expect(run(o)).rejects.toThrow(message);
  });

  it('org-mode-outside-an-organization-is-one-clear-error', async () => {
    world();
    org.on(ListAccountsCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    await expect(run({ org: true, roleName: 'r' })).rejects.toThrow(/--org: account 111111111111 is not in an AWS Organization\. Or list the accounts with --accounts\./);
  });
});

describe('credentials', () => {
  it.each([
    ['expired-token-names-sso-login', awsError('ExpiredToken', 'The security token included in the request is expired', { status: 403 }), /have expired \(ExpiredToken\).*aws sso login --profile dev/],
    ['expired-sso-session', Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' }), /have expired.*aws sso login --profile dev/],
    ['no-credentials-at-all', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), /no usable AWS credentials.*--profile <name>/],
    ['invalid-key', awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', { status: 403 }), /rejected the credentials/],
  ])('%s', async (_n, err, message) => {
    world();
    sts.on(GetCallerIdentityCommand).rejects(err);
    const p = run({ profile: 'dev' });
    await expect(p).rejects.toBeInstanceOf(CredentialsError);
    await expect(run({ profile: 'dev' })).rejects.toThrow(message);
  });
});

describe('regions', () => {
  it('access-denied-in-one-region-only-leaves-the-other-region-whole', async () => {
    world({ denied: { [`${CALLER}|eu-west-1`]: ['DescribeSecurityGroups'] } });
    const r = await run();
    expect(r.snapshot.coverageGaps.map((g) => [g.region, g.api, g.errorCode])).toEqual([['eu-west-1', 'DescribeSecurityGroups', 'UnauthorizedOperation']]);
    expect(r.snapshot.securityGroups.map((g) => g.region)).toEqual(['us-east-1']);
    expect(r.snapshot.instances.filter((i) => i.region === 'eu-west-1')).toHaveLength(3);
  });

  it('all-means-every-enabled-region-of-the-account', async () => {
    world();
    const r = await run({ regions: 'all' });
    expect(r.snapshot.targets.map((t) => t.region).sort()).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1']);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0].args[0].input).toEqual({ AllRegions: true });
  });

  it('a-named-region-the-account-has-not-opted-in-to-is-a-gap-without-calls', async () => {
    world();
    const seen: string[] = [];
    ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      seen.push((await who(getClient)).region);
      return pager([], 'Reservations')(input);
    });
    const r = await run({ regions: ['us-east-1', 'af-south-1'] });
    expect(seen).toEqual(['us-east-1']);
    expect(r.snapshot.targets).toContainEqual({ accountId: CALLER, region: 'af-south-1' });
    expect(r.snapshot.coverageGaps).toEqual([
      expect.objectContaining({ region: 'af-south-1', service: '*', api: '*', errorCode: 'OptInRequired', message: expect.stringContaining('not enabled in account 111111111111') }),
    ]);
  });

  it.each([
    ['OptInRequired', awsError('OptInRequired', 'You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.', { status: 401 })],
    ['AuthFailure', awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', { status: 401 })],
  ])('a-region-answering-%s-is-gaps-there-and-data-elsewhere', async (code, err) => {
    world({ broken: { [`${CALLER}|eu-west-1`]: err } });
    const r = await run();
    const gaps = r.snapshot.coverageGaps;
    expect(new Set(gaps.map((g) => `${g.region}:${g.errorCode}`))).toEqual(new Set([`eu-west-1:${code}`]));
    expect(gaps.map((g) => g.api).sort()).toEqual(['DescribeInstances', 'DescribeSecurityGroups']);
    expect(r.snapshot.instances.every((i) => i.region === 'us-east-1')).toBe(true);
    expect(r.snapshot.instances).toHaveLength(3);
  });

  it('an-unknown-region-name-is-one-clear-error-before-any-collection', async () => {
    world();
    await expect(run({ regions: ['us-east-1', 'us-east-9'] })).rejects.toThrow(/unknown region us-east-9\. Valid names here: af-south-1, ap-east-1, eu-west-1, us-east-1\. Use --regions all/);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
  });

  it('describe-regions-denied-in-a-member-account-with-all-is-an-account-gap', async () => {
    world();
    ec2.on(DescribeRegionsCommand).callsFake(async (_i, getClient) => {
      if ((await who(getClient)).accountId === '222222222222') throw accessDenied('DescribeRegions');
      return { Regions: REGIONS };
    });
    const r = await run({ accounts: [CALLER, '222222222222'], roleName: 'r', regions: 'all' });
    expect(r.snapshot.coverageGaps).toEqual([
      expect.objectContaining({ accountId: '222222222222', region: '*', service: '*', api: '*', errorCode: 'UnauthorizedOperation', message: expect.stringContaining('ec2:DescribeRegions failed') }),
    ]);
    expect(r.snapshot.targets.filter((t) => t.accountId === '222222222222')).toHaveLength(3);
    expect(r.snapshot.instances.every((i) => i.accountId === CALLER)).toBe(true);
  });
});

describe('nothing readable', () => {
  it('an-account-whose-regions-and-role-both-fail-still-has-a-target-in-the-home-region', async () => {
    world({ assumeFails: ['222222222222'] });
    ec2.on(DescribeRegionsCommand).rejects(accessDenied('DescribeRegions'));
    const r = await run({ accounts: [CALLER, '222222222222'], roleName: 'r', regions: 'all' });
    expect(r.snapshot.targets).toEqual(expect.arrayContaining([{ accountId: '222222222222', region: 'us-east-1' }, { accountId: CALLER, region: 'us-east-1' }]));
    expect(r.snapshot.coverageGaps.map((g) => [g.accountId, g.region, g.service, g.api]).sort()).toEqual([
      [CALLER, '*', '*', '*'],
      ['222222222222', '*', 'sts', 'AssumeRole'],
    ]);
  });
});

describe('the caller\'s region list', () => {
  it.each([
    ['all', 'all' as const, [[CALLER, '*', '*', '*', 'UnauthorizedOperation']]],
    ['named-regions', ['us-east-1'], []],
  ])('a-failed-describe-regions-is-asked-once-with-%s', async (_name, regions, gaps) => {
    world();
    ec2.on(DescribeRegionsCommand).rejects(accessDenied('DescribeRegions'));
    const r = await run({ regions });
    // Asking again with the same credentials would only repeat the failure (or wait out a second deadline).
    expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(1);
    expect(r.calls['ec2:DescribeRegions']).toBe(1);
    expect(r.snapshot.coverageGaps.map((g) => [g.accountId, g.region, g.service, g.api, g.errorCode])).toEqual(gaps);
  });
});

describe('concurrency', () => {
  it('at-most-four-targets-are-collected-at-once', async () => {
    let inFlight = 0;
    let peak = 0;
    const regions = Array.from({ length: 10 }, (_, i) => ({ RegionName: `xx-test-${i}`, OptInStatus: 'opt-in-not-required' }));
    world({ regions });
    ec2.on(DescribeInstancesCommand).callsFake(async (input) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return pager([], 'Reservations')(input);
    });
    const r = await run({ regions: 'all' });
    expect(r.snapshot.targets).toHaveLength(10);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
  });
});
