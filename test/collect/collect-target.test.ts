/** Paging, call counts and honesty (coverage gaps) of one target's collection. */
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetSnapshotBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient, DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { collectTarget } from '../../lib/collect/collect-target';
import { COLLECTORS } from '../../lib/collect/registry';
import type { Collector, StepEvent } from '../../lib/collect/types';
import { SnapshotSchema } from '../../lib/model/schema';
import { accessDenied, awsError, fakeClock, newClients, mockOtherServices, NOW, pager, reservations, TARGET } from './fake-aws';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);

beforeEach(() => {
  ec2.reset();
  ct.reset();
  ec2.onAnyCommand().resolves({});
  ct.onAnyCommand().resolves({});
  mockOtherServices();
});

const collect = (extra: Partial<Parameters<typeof collectTarget>[2]> = {}, collectors?: readonly Collector[]) =>
  collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), events: { enabled: false }, ...extra }, collectors);

describe('paging', () => {
  it.each([
    [0, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [2500, 3],
    [10_000, 10],
  ])('%i instances take %i DescribeInstances calls at MaxResults 1000', async (n, calls) => {
    const serve = pager(reservations(n), 'Reservations');
    // The SDK paginator reuses its input object, so what each call asked for is recorded as it is served.
    const asked: { MaxResults?: number; NextToken?: string }[] = [];
    ec2.on(DescribeInstancesCommand).callsFake((input) => {
      asked.push({ MaxResults: input.MaxResults, NextToken: input.NextToken });
      return serve(input);
    });
    const r = await collect();
    expect(r.slice.instances).toHaveLength(n);
    expect(new Set(r.slice.instances.map((i) => i.instanceId)).size).toBe(n);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(calls);
    expect(asked.every((i) => i.MaxResults === 1000)).toBe(true);
    expect(asked.map((i) => i.NextToken)).toEqual([undefined, ...Array.from({ length: calls - 1 }, (_, k) => `tok-${(k + 1) * 1000}`)]);
    expect(r.calls['ec2:DescribeInstances']).toBe(calls);
  });

  it('route-tables-page-at-their-own-maximum-of-100', async () => {
    const tables = Array.from({ length: 250 }, (_, i) => ({ RouteTableId: `rtb-${i}`, VpcId: 'vpc-1', Routes: [] }));
    ec2.on(DescribeRouteTablesCommand).callsFake(pager(tables, 'RouteTables'));
    const r = await collect();
    expect(r.slice.routeTables).toHaveLength(250);
    expect(ec2.commandCalls(DescribeRouteTablesCommand).map((c) => c.args[0].input.MaxResults)).toEqual([100, 100, 100]);
  });

  it('an-empty-account-costs-one-call-per-api-and-no-per-resource-calls', async () => {
    const r = await collect();
    expect(r.slice.coverageGaps).toEqual([]);
    // One call per list API (two DescribeSnapshots: owned and public); phase-2 lookups skipped when nothing references them.
    expect(r.calls).toEqual({
      'cloudtrail:DescribeTrails': 1,
      'ec2:DescribeFlowLogs': 1,
      'ec2:DescribeImages': 1,
      'ec2:DescribeInstances': 1,
      'ec2:DescribeLaunchTemplateVersions': 1,
      'ec2:DescribeNetworkAcls': 1,
      'ec2:DescribeNetworkInterfaces': 1,
      'ec2:DescribeRouteTables': 1,
      'ec2:DescribeSecurityGroups': 1,
      'ec2:DescribeSnapshots': 2,
      'ec2:DescribeSubnets': 1,
      'ec2:DescribeTransitGatewayAttachments': 1,
      'ec2:DescribeTransitGatewayPeeringAttachments': 1,
      'ec2:DescribeTransitGatewayRouteTables': 1,
      'ec2:DescribeTransitGateways': 1,
      'ec2:DescribeTransitGatewayVpcAttachments': 1,
      'ec2:DescribeVolumes': 1,
      'ec2:DescribeVpcPeeringConnections': 1,
      'ec2:DescribeVpcs': 1,
      'ec2:GetEbsDefaultKmsKeyId': 1,
      'ec2:GetEbsEncryptionByDefault': 1,
      'ec2:GetImageBlockPublicAccessState': 1,
      'ec2:GetSnapshotBlockPublicAccessState': 1,
    });
  });

  it('used-images-looked-up-in-batches-of-200-ids', async () => {
    // 450 distinct images used by instances, none owned: 3 filtered DescribeImages calls.
    const many = reservations(450).map((r, i) => ({ ...r, Instances: r.Instances.map((x) => ({ ...x, ImageId: `ami-${i.toString().padStart(17, '0')}` })) }));
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: many });
    const r = await collect();
    expect(r.calls['ec2:DescribeImages']).toBe(1 + 3);
    const batches = ec2.commandCalls(DescribeImagesCmd()).slice(1).map((c) => (c.args[0].input.Filters ?? [])[0].Values.length);
    expect(batches).toEqual([200, 200, 50]);
  });
});

function DescribeImagesCmd() {
  // Imported lazily to keep the table above readable.
  return require('@aws-sdk/client-ec2').DescribeImagesCommand;
}

describe('honesty: failures become coverage gaps', () => {
  it('access-denied-on-one-api-is-a-gap-and-the-rest-is-collected', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(accessDenied('DescribeSecurityGroups'));
    ec2.on(DescribeInstancesCommand).callsFake(pager(reservations(3), 'Reservations'));
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1' }] });
    const r = await collect();
    expect(r.slice.coverageGaps).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        service: 'ec2',
        api: 'DescribeSecurityGroups',
        errorCode: 'UnauthorizedOperation',
        message: expect.stringContaining('not authorized to perform: ec2:DescribeSecurityGroups'),
      },
    ]);
    expect(r.slice.instances).toHaveLength(3);
    expect(r.slice.vpcs).toHaveLength(1);
  });

  it('the-slice-records-the-inventory-calls-read-and-leaves-out-the-failed-one', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(accessDenied('DescribeSecurityGroups'));
    const r = await collect();
    const [read] = r.slice.inventoryReads;
    expect(read).toMatchObject({ accountId: '111111111111', region: 'us-east-1' });
    expect(read.apis).toEqual(expect.arrayContaining(['ec2:DescribeInstances', 'ec2:DescribeVpcs', 'ec2:DescribeImages', 'cloudtrail:DescribeTrails']));
    expect(read.apis).not.toContain('ec2:DescribeSecurityGroups');
    expect(read.apis).not.toContain('cloudtrail:LookupEvents');
  });

  it('pages-read-before-a-failure-are-kept-with-a-gap', async () => {
    const all = pager(reservations(2500), 'Reservations');
    ec2
      .on(DescribeInstancesCommand)
      .callsFakeOnce(all)
      .callsFakeOnce(all)
      .rejectsOnce(awsError('RequestLimitExceeded', 'Request limit exceeded.', { status: 503, throttling: true }));
    const r = await collect();
    expect(r.slice.instances).toHaveLength(2000);
    expect(r.slice.coverageGaps.map((g) => [g.api, g.errorCode])).toEqual([['DescribeInstances', 'RequestLimitExceeded']]);
  });

  it.each([
    ['timeout', Object.assign(new Error('Connection timed out after 60000 ms'), { name: 'TimeoutError' }), 'TimeoutError'],
    ['network', Object.assign(new Error('getaddrinfo ENOTFOUND ec2.xx-east-1.amazonaws.com'), { code: 'ENOTFOUND' }), 'ENOTFOUND'],
    ['opt-in', awsError('OptInRequired', 'You are not subscribed to this service.', { status: 401 }), 'OptInRequired'],
    ['auth-failure', awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', { status: 401 }), 'AuthFailure'],
  ])('%s-error-recorded-with-its-code', async (_name, err, code) => {
    ec2.on(GetEbsEncryptionByDefaultCommand).rejects(err);
    const r = await collect();
    expect(r.slice.coverageGaps.map((g) => [g.service, g.api, g.errorCode])).toEqual([['ec2', 'GetEbsEncryptionByDefault', code]]);
    expect(r.slice.ebsEncryptionByDefault).toEqual([]);
  });

  it('public-snapshot-listing-denied-leaves-snapshots-and-a-gap', async () => {
    ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'] }).resolves({ Snapshots: [{ SnapshotId: 'snap-1', Encrypted: true }] });
    ec2.on(DescribeSnapshotsCommand, { RestorableByUserIds: ['all'] }).rejects(accessDenied('DescribeSnapshots'));
    const r = await collect();
    expect(r.slice.snapshots.map((s) => [s.snapshotId, s.public])).toEqual([['snap-1', false]]);
    expect(r.slice.coverageGaps.map((g) => g.api)).toEqual(['DescribeSnapshots']);
  });

  it('default-kms-key-denied-keeps-the-encryption-flag', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(accessDenied('GetEbsDefaultKmsKeyId'));
    const r = await collect();
    expect(r.slice.ebsEncryptionByDefault).toEqual([{ accountId: '111111111111', region: 'us-east-1', enabled: true, kmsKeyId: undefined }]);
    expect(r.slice.coverageGaps.map((g) => g.api)).toEqual(['GetEbsDefaultKmsKeyId']);
  });

  it('snapshot-block-public-access-denied-is-a-gap-and-the-ami-setting-is-kept', async () => {
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).rejects(accessDenied('GetSnapshotBlockPublicAccessState'));
    ec2.on(GetImageBlockPublicAccessStateCommand).resolves({ ImageBlockPublicAccessState: 'block-new-sharing' });
    const r = await collect();
    expect(r.slice.regionSettings).toEqual([{ accountId: '111111111111', region: 'us-east-1', imageBlockPublicAccess: 'block-new-sharing' }]);
    expect(r.slice.coverageGaps.map((g) => g.api)).toEqual(['GetSnapshotBlockPublicAccessState']);
  });

  it('sharing-denied-is-one-gap-after-one-call-and-leaves-sharing-unread', async () => {
    ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'] }).resolves({ Snapshots: ['snap-1', 'snap-2', 'snap-3'].map((SnapshotId) => ({ SnapshotId, Encrypted: true })) });
    ec2.on(DescribeSnapshotAttributeCommand).rejects(accessDenied('DescribeSnapshotAttribute'));
    const r = await collect({ concurrency: 1 });
    expect(r.slice.snapshots.map((s) => s.sharedWith)).toEqual([undefined, undefined, undefined]);
    expect(r.slice.coverageGaps.map((g) => g.api)).toEqual(['DescribeSnapshotAttribute']);
    expect(r.calls['ec2:DescribeSnapshotAttribute']).toBeLessThanOrEqual(3);
  });

  it('trail-bucket-denied-is-a-gap-per-call-and-leaves-the-settings-unread', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 't', TrailARN: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t', HomeRegion: 'us-east-1', S3BucketName: 'logs' }] });
    const other = mockOtherServices();
    other.s3.onAnyCommand().rejects(awsError('AccessDenied', 'Access Denied', { status: 403 }));
    const r = await collect();
    expect(r.slice.trailBuckets).toEqual([{ accountId: '111111111111', region: 'us-east-1', bucketName: 'logs' }]);
    expect(r.slice.coverageGaps.map((g) => `${g.service}:${g.api} ${g.errorCode}`).sort()).toEqual(['s3:GetBucketAcl AccessDenied', 's3:GetBucketLogging AccessDenied', 's3:GetBucketPolicyStatus AccessDenied', 's3:GetPublicAccessBlock AccessDenied']);
  });

  it('an-organization-trail-of-another-account-is-not-followed-to-its-bucket', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org', HomeRegion: 'us-east-1', S3BucketName: 'org-logs', IsOrganizationTrail: true }] });
    const other = mockOtherServices();
    const r = await collect();
    expect(r.slice.trailBuckets).toEqual([]);
    expect(other.s3.calls()).toHaveLength(0);
  });

  it('cloudtrail-denied-does-not-touch-ec2-data', async () => {
    ct.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: cloudtrail:DescribeTrails', { status: 400 }));
    ec2.on(DescribeInstancesCommand).callsFake(pager(reservations(2), 'Reservations'));
    const r = await collect();
    expect(r.slice.instances).toHaveLength(2);
    expect(r.slice.coverageGaps.map((g) => [g.service, g.api, g.errorCode])).toEqual([['cloudtrail', 'DescribeTrails', 'AccessDeniedException']]);
  });

  it('a-collector-that-throws-is-a-gap-not-a-crash', async () => {
    const broken: Collector = { name: 'broken', service: 'ec2', phase: 1, permissions: [], collect: async () => Promise.reject(new TypeError('x is undefined')) };
    const r = await collect({}, [...COLLECTORS, broken]);
    expect(r.slice.coverageGaps).toEqual([expect.objectContaining({ service: 'ec2', api: '*', errorCode: 'CollectorError', message: 'collector broken failed: x is undefined' })]);
  });

  it('the-same-failure-repeated-is-one-gap', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: ['pl-a', 'pl-b', 'pl-c'].map((pl, i) => ({ GroupId: `sg-${i}`, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, PrefixListIds: [{ PrefixListId: pl }] }] })),
    });
    ec2.on(require('@aws-sdk/client-ec2').DescribeManagedPrefixListsCommand).resolves({ PrefixLists: ['pl-a', 'pl-b', 'pl-c'].map((id) => ({ PrefixListId: id })) });
    ec2.on(require('@aws-sdk/client-ec2').GetManagedPrefixListEntriesCommand).rejects(accessDenied('GetManagedPrefixListEntries'));
    const r = await collect();
    expect(r.calls['ec2:GetManagedPrefixListEntries']).toBe(3);
    expect(r.slice.coverageGaps.map((g) => g.api)).toEqual(['GetManagedPrefixListEntries']);
    expect(r.slice.prefixLists.map((p) => [p.prefixListId, p.cidrs])).toEqual([
      ['pl-a', []],
      ['pl-b', []],
      ['pl-c', []],
    ]);
  });

  it('a-slice-with-gaps-is-still-a-valid-snapshot', async () => {
    ec2.onAnyCommand().rejects(accessDenied('Describe'));
    ct.onAnyCommand().rejects(awsError('AccessDeniedException'));
    const r = await collect({ events: { enabled: true } });
    expect(() => SnapshotSchema.parse(r.slice)).not.toThrow();
    expect(r.slice.coverageGaps.length).toBeGreaterThan(10);
    expect(r.slice.eventWindows).toEqual([]);
  });
});

describe('progress', () => {
  it('each-collector-reports-start-and-done-with-its-count', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(pager(reservations(5), 'Reservations'));
    ec2.on(DescribeVpcsCommand).rejects(accessDenied('DescribeVpcs'));
    ct.on(LookupEventsCommand).resolves({ Events: [] });
    const steps: StepEvent[] = [];
    await collect({ onStep: (e) => steps.push(e) });
    const byCollector = (name: string) => steps.filter((s) => s.collector === name).map((s) => s.status);
    for (const c of COLLECTORS) expect(byCollector(c.name)[0]).toBe('start');
    expect(steps.find((s) => s.collector === 'instances' && s.status === 'done')?.count).toBe(5);
    expect(byCollector('network')).toEqual(['start', 'gap', 'done']);
    expect(steps.find((s) => s.status === 'gap')).toMatchObject({ api: 'DescribeVpcs', errorCode: 'UnauthorizedOperation' });
  });
});
