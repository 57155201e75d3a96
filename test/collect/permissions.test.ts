/**
 * Permissions as data (STYLE §5, Cloud Custodian's meta-test): the list the stack grants and
 * `vmaudit permissions` prints is exactly what the collectors call — nothing missing, nothing extra.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { collectTarget } from '../../lib/collect/collect-target';
import { COLLECTORS, collectorPermissions, IAM_ACTION_OF_API, REGION_DISCOVERY_PERMISSIONS, scannerPermissions } from '../../lib/collect/registry';
import { permissionsPolicy } from '../../lib/cli/permissions';
import { UsageError } from '../../lib/errors';
import { fakeClock, fixture, newClients, NOW, TARGET } from './fake-aws';
import { mockRecordedAccount } from './recorded-account';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);

const EXPECTED = [
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetEventSelectors',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:LookupEvents',
  'ec2:DescribeFlowLogs',
  'ec2:DescribeImageAttribute',
  'ec2:DescribeImages',
  'ec2:DescribeInstances',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:DescribeManagedPrefixLists',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSnapshotAttribute',
  'ec2:DescribeSnapshots',
  'ec2:DescribeSubnets',
  'ec2:DescribeTransitGatewayAttachments',
  'ec2:DescribeTransitGatewayPeeringAttachments',
  'ec2:DescribeTransitGatewayRouteTables',
  'ec2:DescribeTransitGatewayVpcAttachments',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVolumes',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeVpcs',
  'ec2:GetEbsDefaultKmsKeyId',
  'ec2:GetEbsEncryptionByDefault',
  'ec2:GetImageBlockPublicAccessState',
  'ec2:GetManagedPrefixListEntries',
  'ec2:GetSnapshotBlockPublicAccessState',
  'ec2:GetTransitGatewayRouteTablePropagations',
  'ec2:SearchTransitGatewayRoutes',
  's3:GetBucketAcl',
  's3:GetBucketLogging',
  's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock',
];

const commandName = (c: { args: unknown[] }) => (c.args[0] as object).constructor.name.replace(/Command$/, '');

describe('collectorPermissions', () => {
  it('is-the-exact-sorted-read-only-list', () => {
    expect(collectorPermissions()).toEqual(EXPECTED);
    for (const a of collectorPermissions()) expect(a).toMatch(/^(ec2|cloudtrail|s3|logs|cloudwatch|ssm|autoscaling):(Describe|Get|List|Lookup|Search)[A-Za-z]+$/);
  });

  it('every-collector-declares-what-it-calls-and-calls-what-it-declares', async () => {
    const other = mockRecordedAccount(ec2, ct);
    ct.on(LookupEventsCommand).resolves(fixture('cloudtrail/lookup-events-write'));
    await collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), scannedRegions: ['us-east-1'] });
    const stubs: [string, { calls(): { args: unknown[] }[] }][] = [['ec2', ec2], ['cloudtrail', ct], ...Object.entries(other)];
    const called = new Set(stubs.flatMap(([service, stub]) => stub.calls().map((c) => `${service}:${commandName(c)}`)));
    const declared = new Set(COLLECTORS.flatMap((c) => c.permissions));
    expect([...called].sort()).toEqual([...declared].sort());
    expect([...new Set([...declared, ...REGION_DISCOVERY_PERMISSIONS].map((a) => IAM_ACTION_OF_API[a] ?? a))].sort()).toEqual(EXPECTED);
  });

  it('each-collector-names-at-least-one-action-and-a-service-it-uses', () => {
    for (const c of COLLECTORS) {
      expect(c.permissions.length).toBeGreaterThan(0);
      expect(c.permissions.every((p) => p.startsWith(`${c.service}:`))).toBe(true);
    }
  });
});

describe('vmaudit permissions policy', () => {
  it('read-policy-alone-by-default', () => {
    expect(permissionsPolicy()).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'VmauditReadInventory', Effect: 'Allow', Action: EXPECTED, Resource: '*' }] });
  });

  it('org-scanner-adds-list-accounts-and-assume-role-on-the-named-role', () => {
    const p = permissionsPolicy({ org: true, roleName: 'VmauditRead' });
    expect(p.Statement.slice(1)).toEqual([
      { Sid: 'VmauditListAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
      { Sid: 'VmauditAssumeReadRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::*:role/VmauditRead' },
    ]);
    expect(scannerPermissions({ org: true })).toEqual(['organizations:ListAccounts', 'sts:AssumeRole']);
  });

  it('org-without-a-role-name-is-a-usage-error', () => {
    expect(() => permissionsPolicy({ org: true })).toThrow(UsageError);
  });
});
