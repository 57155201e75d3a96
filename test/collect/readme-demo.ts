/**
 * Prints the example `vmaudit scan` output shown in docs/scan.md: three accounts, two regions,
 * against mocked AWS (the recorded fixtures), with one role refused and DescribeSecurityGroups denied
 * in eu-west-1. Regenerate with:
 *   npx ts-node --transpile-only test/collect/readme-demo.ts > /tmp/summary.txt 2> /tmp/progress.jsonl
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runScan } from '../../lib/cli/scan';
import { defaultScanDeps } from '../../lib/collect/scan';
import { awsError, fixture, staticCredentials } from './fake-aws';
import { mockRecordedAccount } from './recorded-account';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);
mockRecordedAccount(ec2, ct);
ec2.on(DescribeRegionsCommand).resolves({ Regions: ['us-east-1', 'eu-west-1'].map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })) });
ct.on(LookupEventsCommand).resolves(fixture('cloudtrail/lookup-events-console-login'));
sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/auditor' });
sts.on(AssumeRoleCommand).callsFake((i) => {
  if (i.RoleArn.includes('333333333333')) throw awsError('AccessDenied', `User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${i.RoleArn}`, { status: 403 });
  return { Credentials: { AccessKeyId: 'AKID222222222222', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
});
ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_i, getClient) => {
  if ((await getClient().config.region()) === 'eu-west-1')
    throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/VmauditRead/vmaudit is not authorized to perform: ec2:DescribeSecurityGroups', { status: 403 });
  return fixture('ec2/describe-security-groups');
});

runScan(
  { out: 'audit', events: true, regions: 'us-east-1,eu-west-1', accounts: '111111111111,222222222222,333333333333', roleName: 'VmauditRead' },
  { stdout: (s) => process.stdout.write(s), stderr: process.stderr, isTTY: false, env: {}, now: () => new Date(), deps: { ...defaultScanDeps, credentials: () => async () => staticCredentials() } },
).catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
