/**
 * Every collector over recorded response shapes: what lands in the model, including optional fields
 * that AWS leaves out and hostile tag values kept verbatim.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeImagesCommand, DescribeManagedPrefixListsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { collectTarget } from '../../lib/collect/collect-target';
import { SnapshotSchema } from '../../lib/model/schema';
import type { Snapshot } from '../../lib/model/types';
import { fakeClock, newClients, NOW, TARGET } from './fake-aws';
import { mockRecordedAccount } from './recorded-account';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);

let slice: Snapshot;
beforeAll(async () => {
  mockRecordedAccount(ec2, ct);
  slice = (await collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), scannedRegions: ['us-east-1', 'eu-west-1'] })).slice;
});

describe('collectTarget over recorded responses', () => {
  it('slice-is-a-valid-snapshot-with-no-gaps', () => {
    expect(() => SnapshotSchema.parse(slice)).not.toThrow();
    expect(slice.coverageGaps).toEqual([]);
    expect(slice.targets).toEqual([TARGET]);
    expect(slice.source.kind).toBe('aws');
  });

  it('instance-fields-translated-including-imds-enis-and-hostile-tags', () => {
    const web = slice.instances.find((i) => i.instanceId === 'i-1234567890abcdef0')!;
    expect(web).toMatchObject({
      accountId: '111111111111',
      region: 'us-east-1',
      state: 'running',
      instanceType: 't3.micro',
      launchTime: '2026-09-15T08:30:00.000Z',
      imageId: 'ami-0abcdef1234567890',
      metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      publicIpAddress: '54.12.34.56',
      ipv6Addresses: ['2600:1f18:aaaa:bbbb::12'],
      networkInterfaceIds: ['eni-0aaa1111bbbb2222c'],
      securityGroupIds: ['sg-0web000000000000a'],
      iamInstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/web',
      virtualizationType: 'hvm',
      platform: 'Linux/UNIX',
    });
    expect(web.tags.Owner).toBe('<script>alert(1)</script>');
  });

  it('instance-with-optional-fields-absent-keeps-defaults-and-stop-time', () => {
    const stopped = slice.instances.find((i) => i.instanceId === 'i-0fedcba9876543210')!;
    expect(stopped.state).toBe('stopped');
    expect(stopped.stateTransitionTime).toBe('2026-10-01T12:00:00.000Z');
    expect(stopped.metadataOptions).toBeUndefined();
    expect(stopped.publicIpAddress).toBeUndefined();
    expect(stopped.networkInterfaceIds).toEqual([]);
    expect(stopped.securityGroupIds).toEqual([]);
    expect(stopped.tags).toEqual({});
    expect(stopped.virtualizationType).toBe('paravirtual');
  });

  it('network-interfaces-include-non-instance-enis', () => {
    expect(slice.networkInterfaces.map((e) => [e.networkInterfaceId, e.instanceId, e.publicIp, e.interfaceType])).toEqual([
      ['eni-0aaa1111bbbb2222c', 'i-1234567890abcdef0', '54.12.34.56', 'interface'],
      ['eni-0nat0000000000001', undefined, undefined, 'nat_gateway'],
    ]);
    expect(slice.networkInterfaces[0].privateIpAddresses).toEqual(['10.0.1.12', '10.0.1.13']);
  });

  it('security-group-rules-split-one-peer-each-with-protocol-names', () => {
    const web = slice.securityGroups.find((g) => g.groupId === 'sg-0web000000000000a')!;
    expect(web.ingress).toEqual([
      { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' }, description: '=HYPERLINK("http://x")' },
      { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr6', cidr: '::/0' }, description: undefined },
      { protocol: 'tcp', fromPort: 443, toPort: 443, peer: { kind: 'prefixList', prefixListId: 'pl-0corp00000000001' }, description: 'corp' },
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'sg', groupId: 'sg-0lb00000000000001', userId: '222222222222', vpcId: 'vpc-0peer0000000001', peeringStatus: 'active' },
        description: undefined,
      },
    ]);
    expect(web.egress).toEqual([{ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' }, description: undefined }]);
    const def = slice.securityGroups.find((g) => g.groupName === 'default')!;
    expect(def.ingress[0].peer).toEqual({ kind: 'sg', groupId: 'sg-0def000000000000a', userId: '111111111111', vpcId: undefined, peeringStatus: undefined });
    expect(def.egress).toEqual([]);
    expect(def.tags).toEqual({});
  });

  it('referenced-prefix-lists-read-with-their-entries', () => {
    expect(slice.prefixLists).toEqual([
      { accountId: '111111111111', region: 'us-east-1', prefixListId: 'pl-0corp00000000001', name: 'corp-offices', addressFamily: 'IPv4', cidrs: ['198.51.100.0/24', '203.0.113.0/24'] },
    ]);
    const describe = ec2.commandCalls(DescribeManagedPrefixListsCommand);
    expect(describe).toHaveLength(1);
    // Ids from SG rules and from route tables (pl-63a5400a is the S3 gateway endpoint route).
    expect(describe[0].args[0].input.Filters).toEqual([{ Name: 'prefix-list-id', Values: ['pl-0corp00000000001', 'pl-63a5400a'] }]);
  });

  it('nacl-entries-in-rule-order-ingress-first-with-ipv6-and-icmp', () => {
    const acl = slice.networkAcls.find((a) => a.networkAclId === 'acl-0aaa1111bbbb2222c')!;
    expect(acl.entries.map((e) => [e.egress, e.ruleNumber, e.protocol, e.ruleAction, e.cidr])).toEqual([
      [false, 90, '-1', 'deny', '10.0.0.0/8'],
      [false, 110, 'icmpv6', 'allow', '::/0'],
      [false, 120, 'tcp', 'allow', '0.0.0.0/0'],
      [false, 32767, '-1', 'deny', '0.0.0.0/0'],
      [true, 100, '-1', 'allow', '0.0.0.0/0'],
      [true, 32767, '-1', 'deny', '0.0.0.0/0'],
    ]);
    expect(acl.entries[2]).toMatchObject({ fromPort: 22, toPort: 22 });
    expect(acl.entries[1]).toMatchObject({ icmpType: -1, icmpCode: -1 });
    expect(acl).toMatchObject({ isDefault: true, associatedSubnetIds: ['subnet-0aaa1111bbbb2222c'] });
    expect(slice.networkAcls[1]).toMatchObject({ networkAclId: 'acl-0unused000000001', entries: [], associatedSubnetIds: [], isDefault: false });
  });

  it('subnets-keep-only-associated-ipv6-blocks', () => {
    expect(slice.subnets[0]).toMatchObject({ mapPublicIpOnLaunch: true, ipv6CidrBlocks: ['2600:1f18:aaaa:bbbb::/64'], tags: { Name: 'public-a' } });
    expect(slice.subnets[1]).toMatchObject({ mapPublicIpOnLaunch: false, defaultForAz: false, ipv6CidrBlocks: [], availabilityZone: undefined });
  });

  it('route-targets-classified-and-main-table-flagged', () => {
    const [main, pub] = slice.routeTables;
    expect(main.main).toBe(true);
    expect(main.routes.map((r) => [r.target.kind, r.state])).toEqual([
      ['local', 'active'],
      ['peering', 'active'],
      ['nat', 'blackhole'],
    ]);
    expect(pub.main).toBe(false);
    expect(pub.associatedSubnetIds).toEqual(['subnet-0aaa1111bbbb2222c']);
    expect(pub.routes.map((r) => [r.destination ?? r.destinationPrefixListId, r.target.kind, r.target.id])).toEqual([
      ['10.0.0.0/16', 'local', 'local'],
      ['0.0.0.0/0', 'igw', 'igw-0abc'],
      ['::/0', 'eigw', 'eigw-0abc'],
      ['pl-63a5400a', 'other', 'vpce-0s3'],
      ['172.16.0.0/12', 'tgw', 'tgw-0abc'],
      ['192.168.0.0/16', 'instance', 'i-0fw'],
    ]);
  });

  it('vpcs-peering-and-flow-logs-translated', () => {
    expect(slice.vpcs[0]).toMatchObject({ cidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'], ipv6CidrBlocks: ['2600:1f18:aaaa::/56'], isDefault: false, tags: { Environment: 'prod' } });
    expect(slice.vpcs[1]).toMatchObject({ vpcId: 'vpc-0default00000001', cidrBlocks: ['172.31.0.0/16'], isDefault: true });
    expect(slice.peeringConnections[0]).toMatchObject({
      status: 'active',
      requester: { accountId: '111111111111', region: 'us-east-1', vpcId: 'vpc-0123456789abcdef0', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: ['2600:1f18:aaaa::/56'] },
      accepter: { accountId: '222222222222', region: 'eu-west-1', vpcId: 'vpc-0peer0000000001', cidrBlocks: ['10.1.0.0/16'] },
    });
    expect(slice.flowLogs.map((f) => [f.flowLogId, f.resourceId, f.trafficType, f.status])).toEqual([
      ['fl-0abc', 'vpc-0123456789abcdef0', 'ALL', 'ACTIVE'],
      ['fl-0tgw', 'tgw-0abc', 'ALL', 'ACTIVE'],
    ]);
  });

  it('ebs-volumes-snapshots-public-flag-and-default-encryption', () => {
    expect(slice.volumes.map((v) => [v.volumeId, v.encrypted, v.attachments.map((a) => a.instanceId)])).toEqual([
      ['vol-0aaa1111bbbb2222c', false, ['i-1234567890abcdef0']],
      ['vol-0enc', true, []],
    ]);
    expect(slice.snapshots.map((s) => [s.snapshotId, s.public, s.encrypted])).toEqual([
      ['snap-0public', true, false],
      ['snap-0private', false, true],
    ]);
    expect(slice.ebsEncryptionByDefault).toEqual([{ accountId: '111111111111', region: 'us-east-1', enabled: false, kmsKeyId: 'alias/aws/ebs' }]);
  });

  it('launch-templates-default-and-latest-versions-once-each-with-metadata-and-public-ip', () => {
    const lt = slice.launchTemplateVersions;
    expect(lt.map((v) => [v.launchTemplateId, v.versionNumber, v.isDefault, v.isLatest])).toEqual([
      ['lt-0aaa1111bbbb2222c', 3, true, false],
      ['lt-0aaa1111bbbb2222c', 4, false, true],
      ['lt-0ccc3333dddd4444e', 1, true, true],
    ]);
    expect(lt[0]).toMatchObject({ launchTemplateName: 'web <b>asg</b>', metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 }, networkInterfaces: [] });
    expect(lt[1]).toMatchObject({ metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 }, networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: true }] });
    expect(lt[2]!.metadataOptions).toEqual({});
  });

  it('region-settings-block-public-access-for-snapshots-and-amis', () => {
    expect(slice.regionSettings).toEqual([{ accountId: '111111111111', region: 'us-east-1', snapshotBlockPublicAccess: 'block-new-sharing', imageBlockPublicAccess: 'unblocked' }]);
  });

  it('owned-snapshots-and-amis-carry-who-they-are-shared-with', () => {
    expect(slice.snapshots.find((s) => s.snapshotId === 'snap-0public')?.sharedWith).toEqual(['999999999999']);
    for (const s of slice.snapshots.filter((x) => x.snapshotId !== 'snap-0public')) expect(s.sharedWith).toEqual([]);
    for (const i of slice.images.filter((x) => x.owned)) expect(i.sharedWith).toEqual(['222222222222', 'arn:aws:organizations::111111111111:organization/o-abc123def4']);
    expect(slice.images.filter((x) => !x.owned).every((i) => i.sharedWith === undefined)).toBe(true);
  });

  it('owned-amis-with-public-flag-and-dates-plus-used-amis-not-owned', () => {
    expect(slice.images).toEqual([
      expect.objectContaining({ imageId: 'ami-0owned00000000001', owned: true, public: true, creationDate: '2025-01-01T00:00:00.000Z', deprecationTime: '2026-01-01T00:00:00.000Z' }),
      expect.objectContaining({ imageId: 'ami-0abcdef1234567890', owned: false, ownerId: '137112412989', ownerAlias: 'amazon' }),
    ]);
    // The used-image lookup asks only for images the account does not own.
    const lookups = ec2.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input);
    expect(lookups).toEqual([
      { Owners: ['self'], IncludeDisabled: true, MaxResults: 1000 },
      { Filters: [{ Name: 'image-id', Values: ['ami-0abcdef1234567890'] }], IncludeDeprecated: true, MaxResults: 1000 },
    ]);
  });

  it('trails-homed-here-or-outside-the-scan-are-kept-with-status-and-selectors', () => {
    // eu-audit is homed in eu-west-1, which is scanned: it is collected there, not here.
    expect(slice.trails.map((t) => t.name)).toEqual(['org-trail']);
    expect(slice.trails[0]).toMatchObject({
      isMultiRegion: true,
      isOrganizationTrail: true,
      logFileValidationEnabled: true,
      status: { isLogging: true, latestDeliveryTime: '2026-11-26T11:55:00.000Z' },
      selectors: { basic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'] }] },
    });
    expect(ct.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input)).toEqual([{ Name: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail' }]);
  });
});

describe('trail buckets over recorded responses', () => {
  beforeAll(() => mockRecordedAccount(ec2, ct));

  it('each-trail-bucket-once-with-s3-none-answers-read-as-settings-not-gaps', async () => {
    // Only us-east-1 scanned: the EU trail is collected here too, and its bucket read with it.
    const here = (await collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), scannedRegions: ['us-east-1'], events: { enabled: false } })).slice;
    expect(slice.trailBuckets.map((b) => b.bucketName)).toEqual(['org-trail-logs']);
    expect(here.coverageGaps.filter((g) => g.service === 's3')).toEqual([]);
    expect(here.trailBuckets).toEqual([
      { accountId: '111111111111', region: 'us-east-1', bucketName: 'eu-audit-logs', policyIsPublic: false, publicAccessBlock: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false }, aclPublicGrants: ['AllUsers READ'], accessLogging: { enabled: false } },
      { accountId: '111111111111', region: 'us-east-1', bucketName: 'org-trail-logs', policyIsPublic: false, publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }, aclPublicGrants: [], accessLogging: { enabled: true, targetBucket: 'org-access-logs' } },
    ]);
    expect(slice.coverageGaps.filter((g) => g.service === 's3')).toEqual([]);
  });
});
