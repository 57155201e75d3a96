/**
 * The e2e estate, seeded through the AWS SDK v3 clients exactly as a user's account would be built:
 * two accounts (the caller's, and a member reached through sts:AssumeRole), two regions, peered VPCs
 * with routes, security groups that reference each other, a custom NACL, instances in two zones,
 * volumes, snapshots public / shared / private, AMIs private and public, a multi-region trail, and
 * CloudTrail events served through the emulator's events file.
 *
 * Every id the assertions need is returned; nothing is looked up by position afterwards.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateImageCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeImagesCommand,
  DescribeNetworkAclsCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  ModifySubnetAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  RunInstancesCommand,
  type IpPermission,
  type Tag,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CALLER_ACCOUNT, seedConfig, serveEvents } from './emulator';

export const MEMBER_ACCOUNT = '210987654321';
export const ROLE_NAME = 'VmauditRead';
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Tags as the EC2 API takes them. */
export const tags = (t: Record<string, string>): Tag[] => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const fromAnywhere = (port: number): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });

/** Credentials that act in `accountId`, as the scan itself obtains them. */
export async function assumeInto(accountId: string): Promise<Credentials> {
  const sts = new STSClient(seedConfig('us-east-1'));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, RoleSessionName: 'e2e-seed' }));
  sts.destroy();
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
}

/** An HVM x86_64 image of the emulator's catalogue to launch from. */
export async function anyCatalogueImage(ec2: EC2Client): Promise<string> {
  const out = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }));
  const id = out.Images?.find((i) => i.ImageId && i.VirtualizationType === 'hvm')?.ImageId;
  if (!id) throw new Error('e2e: the emulator has no catalogue AMI to launch from');
  return id;
}

/** One t3.micro with the given tags and IMDS setting; returns its id. */
export async function runInstance(ec2: EC2Client, o: { image: string; subnet: string; groups: string[]; zone: string; name: string; env: string; imds: 'required' | 'optional'; role?: string }): Promise<string> {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: o.image,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      SubnetId: o.subnet,
      SecurityGroupIds: o.groups,
      Placement: { AvailabilityZone: o.zone },
      MetadataOptions: { HttpTokens: o.imds, HttpEndpoint: 'enabled' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: tags({ Name: o.name, Environment: o.env, ...(o.role ? { Role: o.role } : {}) }) }],
    }),
  );
  return out.Instances![0].InstanceId!;
}

export interface CallerEstate {
  prodVpc: string;
  devVpc: string;
  peering: string;
  publicSubnet: string;
  privateSubnet: string;
  devSubnet: string;
  webSg: string;
  appSg: string;
  adminNacl: string;
  web: string;
  app: string;
  dev: string;
  plainVolume: string;
  encryptedVolume: string;
  publicSnapshot: string;
  sharedSnapshot: string;
  privateSnapshot: string;
  privateImage: string;
  publicImage: string;
  trailArn: string;
  euInstance: string;
}

/** The caller's account: a prod and a dev VPC in us-east-1, peered; a small VPC in eu-west-1. */
async function seedCaller(): Promise<CallerEstate> {
  const ec2 = new EC2Client(seedConfig('us-east-1'));
  const image = await anyCatalogueImage(ec2);

  const prodVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: tags({ Name: 'prod' }) }] }))).Vpc!.VpcId!;
  const devVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: tags({ Name: 'dev' }) }] }))).Vpc!.VpcId!;
  const subnet = async (VpcId: string, CidrBlock: string, AvailabilityZone: string) => (await ec2.send(new CreateSubnetCommand({ VpcId, CidrBlock, AvailabilityZone }))).Subnet!.SubnetId!;
  const publicSubnet = await subnet(prodVpc, '10.0.1.0/24', 'us-east-1a');
  const privateSubnet = await subnet(prodVpc, '10.0.2.0/24', 'us-east-1b');
  const devSubnet = await subnet(devVpc, '10.1.1.0/24', 'us-east-1a');
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }));

  // Internet route for the public subnet, and the peering routed both ways.
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: prodVpc }));
  const publicRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: prodVpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicRt, SubnetId: publicSubnet }));
  const peering = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: prodVpc, PeerVpcId: devVpc }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peering }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicRt, DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: peering }));
  const devRt = (await ec2.send(new CreateRouteTableCommand({ VpcId: devVpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: devRt, DestinationCidrBlock: '10.0.0.0/16', VpcPeeringConnectionId: peering }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: devRt, SubnetId: devSubnet }));

  // web: SSH and HTTPS from anywhere; app: PostgreSQL from web's group only (an SG reference).
  const sg = async (VpcId: string, GroupName: string) => (await ec2.send(new CreateSecurityGroupCommand({ VpcId, GroupName, Description: GroupName }))).GroupId!;
  const webSg = await sg(prodVpc, 'web');
  const appSg = await sg(prodVpc, 'app');
  const devSg = await sg(devVpc, 'dev');
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: webSg, IpPermissions: [fromAnywhere(22), fromAnywhere(443)] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: appSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: webSg }] }] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: devSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }));

  // A custom NACL on the public subnet that lets RDP in from anywhere (rule 100) ahead of a deny.
  const adminNacl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: prodVpc }))).NetworkAcl!.NetworkAclId!;
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: adminNacl, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 3389, To: 3389 } }));
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: adminNacl, RuleNumber: 200, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' }));
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: adminNacl, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }));
  const current = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [publicSubnet] }] }));
  const assoc = current.NetworkAcls![0].Associations!.find((a) => a.SubnetId === publicSubnet)!.NetworkAclAssociationId!;
  await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: adminNacl }));

  const web = await runInstance(ec2, { image, subnet: publicSubnet, groups: [webSg], zone: 'us-east-1a', name: 'web-1', env: 'prod', role: 'web', imds: 'optional' });
  const app = await runInstance(ec2, { image, subnet: privateSubnet, groups: [appSg], zone: 'us-east-1b', name: 'app-1', env: 'prod', imds: 'required' });
  const dev = await runInstance(ec2, { image, subnet: devSubnet, groups: [devSg], zone: 'us-east-1a', name: 'dev-1', env: 'dev', imds: 'required' });

  const plainVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8, TagSpecifications: [{ ResourceType: 'volume', Tags: tags({ Name: 'plain' }) }] }))).VolumeId!;
  const encryptedVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1b', Size: 8, Encrypted: true }))).VolumeId!;
  const snapshot = async (VolumeId: string, Description: string) => (await ec2.send(new CreateSnapshotCommand({ VolumeId, Description }))).SnapshotId!;
  const publicSnapshot = await snapshot(plainVolume, 'public');
  const sharedSnapshot = await snapshot(plainVolume, 'shared with the member account');
  const privateSnapshot = await snapshot(encryptedVolume, 'private');
  await ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: publicSnapshot, Attribute: 'createVolumePermission', OperationType: 'add', GroupNames: ['all'] }));
  await ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: sharedSnapshot, Attribute: 'createVolumePermission', OperationType: 'add', UserIds: [MEMBER_ACCOUNT] }));

  const privateImage = (await ec2.send(new CreateImageCommand({ InstanceId: app, Name: 'app-golden' }))).ImageId!;
  const publicImage = (await ec2.send(new CreateImageCommand({ InstanceId: web, Name: 'web-golden' }))).ImageId!;
  await ec2.send(new ModifyImageAttributeCommand({ ImageId: publicImage, LaunchPermission: { Add: [{ Group: 'all' }] } }));
  ec2.destroy();

  const s3 = new S3Client(seedConfig('us-east-1'));
  await s3.send(new CreateBucketCommand({ Bucket: 'e2e-trail-logs' }));
  s3.destroy();
  const ct = new CloudTrailClient(seedConfig('us-east-1'));
  const trailArn = (await ct.send(new CreateTrailCommand({ Name: 'org-audit', S3BucketName: 'e2e-trail-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true }))).TrailARN!;
  // Emulator difference: AWS gives a new trail the selector "all management events" (and
  // GetEventSelectors returns it); moto returns none. Set AWS's default explicitly.
  await ct.send(new PutEventSelectorsCommand({ TrailName: 'org-audit', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
  await ct.send(new StartLoggingCommand({ Name: 'org-audit' }));
  ct.destroy();

  const eu = new EC2Client(seedConfig('eu-west-1'));
  const euImage = await anyCatalogueImage(eu);
  const euVpc = (await eu.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }))).Vpc!.VpcId!;
  const euSubnet = (await eu.send(new CreateSubnetCommand({ VpcId: euVpc, CidrBlock: '10.2.1.0/24', AvailabilityZone: 'eu-west-1a' }))).Subnet!.SubnetId!;
  const euSg = (await eu.send(new CreateSecurityGroupCommand({ VpcId: euVpc, GroupName: 'batch', Description: 'batch' }))).GroupId!;
  const euInstance = await runInstance(eu, { image: euImage, subnet: euSubnet, groups: [euSg], zone: 'eu-west-1a', name: 'batch-1', env: 'prod', imds: 'required' });
  eu.destroy();

  return { prodVpc, devVpc, peering, publicSubnet, privateSubnet, devSubnet, webSg, appSg, adminNacl, web, app, dev, plainVolume, encryptedVolume, publicSnapshot, sharedSnapshot, privateSnapshot, privateImage, publicImage, trailArn, euInstance };
}

export interface MemberEstate {
  rdpSg: string;
  jump: string;
}

/** The member account, read by the scan through AssumeRole: one jump host with RDP open to the world. */
async function seedMember(): Promise<MemberEstate> {
  const ec2 = new EC2Client({ ...seedConfig('us-east-1', await assumeInto(MEMBER_ACCOUNT)) });
  const image = await anyCatalogueImage(ec2);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '172.16.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '172.16.1.0/24', AvailabilityZone: 'us-east-1c' }))).Subnet!.SubnetId!;
  const rdpSg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'jump', Description: 'jump' }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: rdpSg, IpPermissions: [fromAnywhere(3389)] }));
  const jump = await runInstance(ec2, { image, subnet, groups: [rdpSg], zone: 'us-east-1c', name: 'jump-1', env: 'shared', imds: 'required' });
  ec2.destroy();
  return { rdpSg, jump };
}

/** CloudTrail events of the caller's us-east-1: a root console sign-in and the trail being stopped. */
export function scenarioEvents(now: Date, trailArn: string): Record<string, unknown[]> {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const event = (id: string, name: string, source: string, minutesAgo: number, identity: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    EventId: id,
    EventName: name,
    EventTime: at(minutesAgo),
    EventSource: source,
    Username: identity.userName ?? 'root',
    ReadOnly: 'false',
    Resources: extra.resources ?? [],
    CloudTrailEvent: {
      eventVersion: '1.08',
      userIdentity: identity,
      eventTime: at(minutesAgo),
      eventSource: source,
      eventName: name,
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'e2e',
      eventID: id,
      eventType: name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
      recipientAccountId: CALLER_ACCOUNT,
      ...(extra.detail as object),
    },
  });
  const root = { type: 'Root', principalId: CALLER_ACCOUNT, arn: `arn:aws:iam::${CALLER_ACCOUNT}:root`, accountId: CALLER_ACCOUNT };
  const admin = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${CALLER_ACCOUNT}:user/mallory`, accountId: CALLER_ACCOUNT, userName: 'mallory', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' };
  return {
    'us-east-1': [
      event('11111111-1111-4111-8111-111111111111', 'StopLogging', 'cloudtrail.amazonaws.com', 30, admin, {
        resources: [{ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: trailArn }],
        detail: { requestParameters: { name: trailArn }, responseElements: null },
      }),
      event('22222222-2222-4222-8222-222222222222', 'ConsoleLogin', 'signin.amazonaws.com', 60, root, {
        detail: { responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } },
      }),
    ],
  };
}

export interface Scenario {
  caller: CallerEstate;
  member: MemberEstate;
}

export async function seedScenario(now: Date): Promise<Scenario> {
  const caller = await seedCaller();
  const member = await seedMember();
  serveEvents(scenarioEvents(now, caller.trailArn));
  return { caller, member };
}
