/**
 * Small builders for model objects with sensible defaults, used by tests, the demo estate and the
 * benchmark generator: `instance({ metadataOptions: { httpTokens: 'optional' } })`.
 * Each runs through its schema, so a builder can never produce what a snapshot file could not hold.
 */
import type * as z from 'zod';
import * as s from './schema';
import type * as t from './types';

export const DEFAULT_ACCOUNT = '111111111111';
export const DEFAULT_REGION = 'us-east-1';

type Partial<T> = { [K in keyof T]?: T[K] };
const loc = { accountId: DEFAULT_ACCOUNT, region: DEFAULT_REGION };

function build<S extends z.ZodType>(schema: S, defaults: object, over: object): z.output<S> {
  return schema.parse({ ...loc, ...defaults, ...over });
}

export const instance = (o: Partial<z.input<typeof s.InstanceSchema>> = {}): t.Instance =>
  build(s.InstanceSchema, { instanceId: 'i-0000000000000001', state: 'running', metadataOptions: { httpTokens: 'required' }, virtualizationType: 'hvm', vpcId: 'vpc-1', subnetId: 'subnet-1' }, o);
export const networkInterface = (o: Partial<z.input<typeof s.NetworkInterfaceSchema>> = {}): t.NetworkInterface =>
  build(s.NetworkInterfaceSchema, { networkInterfaceId: 'eni-1', subnetId: 'subnet-1', vpcId: 'vpc-1' }, o);
export const securityGroup = (o: Partial<z.input<typeof s.SecurityGroupSchema>> = {}): t.SecurityGroup =>
  build(s.SecurityGroupSchema, { groupId: 'sg-1', groupName: 'app', vpcId: 'vpc-1' }, o);
export const sgRule = (o: Partial<z.input<typeof s.SgRuleSchema>> = {}): t.SgRule =>
  s.SgRuleSchema.parse({ protocol: 'tcp', fromPort: 443, toPort: 443, peer: { kind: 'cidr4', cidr: '10.0.0.0/8' }, ...o });
export const prefixList = (o: Partial<z.input<typeof s.PrefixListSchema>> = {}): t.PrefixList => build(s.PrefixListSchema, { prefixListId: 'pl-1' }, o);
export const naclEntry = (o: Partial<z.input<typeof s.NaclEntrySchema>> = {}): t.NaclEntry =>
  s.NaclEntrySchema.parse({ ruleNumber: 100, egress: false, protocol: '-1', ruleAction: 'allow', cidr: '0.0.0.0/0', ...o });
export const networkAcl = (o: Partial<z.input<typeof s.NetworkAclSchema>> = {}): t.NetworkAcl =>
  build(s.NetworkAclSchema, { networkAclId: 'acl-1', vpcId: 'vpc-1', associatedSubnetIds: ['subnet-1'] }, o);
export const subnet = (o: Partial<z.input<typeof s.SubnetSchema>> = {}): t.Subnet =>
  build(s.SubnetSchema, { subnetId: 'subnet-1', vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24', availabilityZone: 'us-east-1a' }, o);
export const routeTable = (o: Partial<z.input<typeof s.RouteTableSchema>> = {}): t.RouteTable =>
  build(s.RouteTableSchema, { routeTableId: 'rtb-1', vpcId: 'vpc-1', main: true, routes: [{ destination: '10.0.0.0/16', target: { kind: 'local', id: 'local' } }] }, o);
export const vpc = (o: Partial<z.input<typeof s.VpcSchema>> = {}): t.Vpc => build(s.VpcSchema, { vpcId: 'vpc-1', cidrBlocks: ['10.0.0.0/16'] }, o);
export const peeringConnection = (o: Partial<z.input<typeof s.PeeringConnectionSchema>> = {}): t.PeeringConnection =>
  build(
    s.PeeringConnectionSchema,
    {
      peeringConnectionId: 'pcx-1',
      status: 'active',
      requester: { ...loc, vpcId: 'vpc-1', cidrBlocks: ['10.0.0.0/16'] },
      accepter: { ...loc, vpcId: 'vpc-2', cidrBlocks: ['10.1.0.0/16'] },
    },
    o,
  );
export const transitGateway = (o: Partial<z.input<typeof s.TransitGatewaySchema>> = {}): t.TransitGateway =>
  build(s.TransitGatewaySchema, { transitGatewayId: 'tgw-0000000000000001', ownerId: DEFAULT_ACCOUNT, autoAcceptSharedAttachments: false }, o);
export const flowLog = (o: Partial<z.input<typeof s.FlowLogSchema>> = {}): t.FlowLog => build(s.FlowLogSchema, { flowLogId: 'fl-1', resourceId: 'vpc-1', trafficType: 'ALL' }, o);
export const volume = (o: Partial<z.input<typeof s.VolumeSchema>> = {}): t.Volume =>
  build(s.VolumeSchema, { volumeId: 'vol-1', encrypted: true, attachments: [{ instanceId: 'i-0000000000000001', device: '/dev/xvda', state: 'attached' }] }, o);
export const ebsSnapshot = (o: Partial<z.input<typeof s.EbsSnapshotSchema>> = {}): t.EbsSnapshot => build(s.EbsSnapshotSchema, { snapshotId: 'snap-1', encrypted: true }, o);
export const image = (o: Partial<z.input<typeof s.ImageSchema>> = {}): t.Image =>
  build(s.ImageSchema, { imageId: 'ami-1', ownerId: DEFAULT_ACCOUNT, name: 'base', creationDate: '2026-10-01T00:00:00.000Z', virtualizationType: 'hvm' }, o);
export const ebsEncryptionDefault = (o: Partial<z.input<typeof s.EbsEncryptionDefaultSchema>> = {}): t.EbsEncryptionDefault =>
  build(s.EbsEncryptionDefaultSchema, { enabled: true }, o);
export const launchTemplateVersion = (o: Partial<z.input<typeof s.LaunchTemplateVersionSchema>> = {}): t.LaunchTemplateVersion =>
  build(s.LaunchTemplateVersionSchema, { launchTemplateId: 'lt-0000000000000001', launchTemplateName: 'web', versionNumber: 1, isDefault: true, isLatest: true, metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } }, o);
export const regionSettings = (o: Partial<z.input<typeof s.RegionSettingsSchema>> = {}): t.RegionSettings =>
  build(s.RegionSettingsSchema, {}, o);
/** A trail bucket that is private and access-logged. */
export const trailBucket = (o: Partial<z.input<typeof s.TrailBucketSchema>> = {}): t.TrailBucket =>
  build(
    s.TrailBucketSchema,
    {
      bucketName: 'trail-bucket',
      policyIsPublic: false,
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      aclPublicGrants: [],
      accessLogging: { enabled: true, targetBucket: 'org-access-logs' },
    },
    o,
  );
export const trail = (o: Partial<z.input<typeof s.TrailSchema>> = {}): t.Trail =>
  build(
    s.TrailSchema,
    {
      name: 'org-trail',
      arn: `arn:aws:cloudtrail:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:trail/org-trail`,
      homeRegion: DEFAULT_REGION,
      isMultiRegion: true,
      logFileValidationEnabled: true,
      kmsKeyId: `arn:aws:kms:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:key/1111`,
      cloudWatchLogsLogGroupArn: `arn:aws:logs:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:log-group:cloudtrail:*`,
      s3BucketName: 'trail-bucket',
      status: { isLogging: true },
      selectors: { basic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [] }] },
    },
    o,
  );
export const auditEvent = (o: Partial<z.input<typeof s.AuditEventSchema>> = {}): t.AuditEvent =>
  s.AuditEventSchema.parse({
    eventId: 'ev-1',
    time: '2026-11-26T10:00:00.000Z',
    ...loc,
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    principal: { type: 'IAMUser', arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/alice`, accountId: DEFAULT_ACCOUNT, userName: 'alice' },
    ...o,
  });
export const coverageGap = (o: Partial<t.CoverageGap> = {}): t.CoverageGap =>
  s.CoverageGapSchema.parse({ ...loc, service: 'ec2', api: 'DescribeInstances', errorCode: 'AccessDenied', message: 'not authorised', ...o });

/** A snapshot; targets default to every (account, region) that appears in its resources, or the default target. */
export function snapshot(o: Partial<t.SnapshotInput> = {}): t.Snapshot {
  const parsed = s.SnapshotSchema.parse({ schemaVersion: s.SNAPSHOT_SCHEMA_VERSION, generatedAt: '2026-11-26T12:00:00.000Z', targets: [], ...o });
  if (!o.targets) {
    const seen = new Map<string, t.Target>();
    const lists: { accountId: string; region: string }[][] = [
      parsed.instances, parsed.securityGroups, parsed.networkAcls, parsed.subnets, parsed.vpcs, parsed.volumes, parsed.snapshots,
      parsed.images, parsed.ebsEncryptionByDefault, parsed.launchTemplateVersions, parsed.regionSettings, parsed.trails, parsed.trailBuckets, parsed.coverageGaps.filter((g) => g.region !== '*'),
    ];
    for (const list of lists) for (const r of list) seen.set(`${r.accountId}|${r.region}`, { accountId: r.accountId, region: r.region });
    parsed.targets = seen.size ? [...seen.values()] : [{ ...loc }];
  }
  return parsed;
}
