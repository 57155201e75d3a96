/** One account answering every collector API with the recorded fixtures of test/fixtures/aws. */
import {
  DescribeFlowLogsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  SearchTransitGatewayRoutesCommand,
  DescribeVolumesCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeImageAttributeCommand,
  DescribeSnapshotAttributeCommand,
  GetImageBlockPublicAccessStateCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  GetManagedPrefixListEntriesCommand,
  type EC2ClientResolvedConfig,
  type ServiceInputTypes as Ec2In,
  type ServiceOutputTypes as Ec2Out,
} from '@aws-sdk/client-ec2';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand, type CloudTrailClientResolvedConfig, type ServiceInputTypes as CtIn, type ServiceOutputTypes as CtOut } from '@aws-sdk/client-cloudtrail';
import type { AwsStub } from 'aws-sdk-client-mock';
import { GetBucketAclCommand, GetBucketLoggingCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { awsError, fixture, mockOtherServices, type OtherStubs } from './fake-aws';

type Ec2Stub = AwsStub<Ec2In, Ec2Out, EC2ClientResolvedConfig>;
type CtStub = AwsStub<CtIn, CtOut, CloudTrailClientResolvedConfig>;

/**
 * The recorded account. Services beside EC2 and CloudTrail are mocked here too (`over` keeps a stub
 * the test made itself, such as memory-s3's) and returned, so a test can change one answer.
 */
export function mockRecordedAccount(ec2: Ec2Stub, ct: CtStub, over: Partial<OtherStubs> = {}): OtherStubs {

  ec2.reset();
  ct.reset();
  ec2.onAnyCommand().resolves({});
  ct.onAnyCommand().resolves({});
  ec2.on(DescribeInstancesCommand).resolves(fixture('ec2/describe-instances'));
  ec2.on(DescribeNetworkInterfacesCommand).resolves(fixture('ec2/describe-network-interfaces'));
  ec2.on(DescribeSecurityGroupsCommand).resolves(fixture('ec2/describe-security-groups'));
  ec2.on(DescribeManagedPrefixListsCommand).resolves(fixture('ec2/describe-managed-prefix-lists'));
  ec2.on(GetManagedPrefixListEntriesCommand).resolves(fixture('ec2/get-managed-prefix-list-entries'));
  ec2.on(DescribeNetworkAclsCommand).resolves(fixture('ec2/describe-network-acls'));
  ec2.on(DescribeSubnetsCommand).resolves(fixture('ec2/describe-subnets'));
  ec2.on(DescribeRouteTablesCommand).resolves(fixture('ec2/describe-route-tables'));
  ec2.on(DescribeVpcsCommand).resolves(fixture('ec2/describe-vpcs'));
  ec2.on(DescribeVpcPeeringConnectionsCommand).resolves(fixture('ec2/describe-vpc-peering-connections'));
  ec2.on(DescribeTransitGatewaysCommand).resolves(fixture('ec2/describe-transit-gateways'));
  ec2.on(DescribeTransitGatewayAttachmentsCommand).resolves(fixture('ec2/describe-transit-gateway-attachments'));
  ec2.on(DescribeTransitGatewayVpcAttachmentsCommand).resolves(fixture('ec2/describe-transit-gateway-vpc-attachments'));
  ec2.on(DescribeTransitGatewayRouteTablesCommand).resolves(fixture('ec2/describe-transit-gateway-route-tables'));
  ec2.on(GetTransitGatewayRouteTablePropagationsCommand).resolves(fixture('ec2/get-transit-gateway-route-table-propagations'));
  ec2.on(SearchTransitGatewayRoutesCommand).resolves(fixture('ec2/search-transit-gateway-routes'));
  ec2.on(DescribeFlowLogsCommand).resolves(fixture('ec2/describe-flow-logs'));
  ec2.on(DescribeVolumesCommand).resolves(fixture('ec2/describe-volumes'));
  ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'] }).resolves(fixture('ec2/describe-snapshots'));
  ec2.on(DescribeSnapshotsCommand, { OwnerIds: ['self'], RestorableByUserIds: ['all'] }).resolves({ Snapshots: [{ SnapshotId: 'snap-0public', OwnerId: '111111111111' }] });
  ec2.on(DescribeImagesCommand, { Owners: ['self'] }).resolves(fixture('ec2/describe-images-owned'));
  ec2.on(DescribeImagesCommand, { Filters: [{ Name: 'image-id', Values: ['ami-0abcdef1234567890'] }] }).resolves(fixture('ec2/describe-images-used'));
  ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
  ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
  ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [] });
  ec2.on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-0public' }).resolves({ CreateVolumePermissions: [{ Group: 'all' }, { UserId: '999999999999' }] });
  ec2.on(DescribeImageAttributeCommand).resolves({ LaunchPermissions: [{ UserId: '222222222222' }, { OrganizationArn: 'arn:aws:organizations::111111111111:organization/o-abc123def4' }] });
  ec2.on(DescribeLaunchTemplateVersionsCommand).resolves(fixture('ec2/describe-launch-template-versions'));
  ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ State: 'block-new-sharing' });
  ec2.on(GetImageBlockPublicAccessStateCommand).resolves({ ImageBlockPublicAccessState: 'unblocked' });
  ct.on(DescribeTrailsCommand).resolves(fixture('cloudtrail/describe-trails'));
  ct.on(GetTrailStatusCommand).resolves(fixture('cloudtrail/get-trail-status'));
  ct.on(GetEventSelectorsCommand).resolves(fixture('cloudtrail/get-event-selectors-basic'));
  ct.on(LookupEventsCommand).resolves({ Events: [] });
  const other = mockOtherServices(over);
  // The org trail's bucket is private and logged; the EU trail's has a public-read ACL, no policy, no block, no logging.
  other.s3.on(GetBucketPolicyStatusCommand, { Bucket: 'org-trail-logs' }).resolves({ PolicyStatus: { IsPublic: false } });
  other.s3.on(GetBucketPolicyStatusCommand, { Bucket: 'eu-audit-logs' }).rejects(awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', { status: 404 }));
  other.s3.on(GetPublicAccessBlockCommand, { Bucket: 'org-trail-logs' }).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  other.s3.on(GetPublicAccessBlockCommand, { Bucket: 'eu-audit-logs' }).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', { status: 404 }));
  other.s3.on(GetBucketAclCommand, { Bucket: 'org-trail-logs' }).resolves(fixture('s3/get-bucket-acl-private'));
  other.s3.on(GetBucketAclCommand, { Bucket: 'eu-audit-logs' }).resolves(fixture('s3/get-bucket-acl-public-read'));
  other.s3.on(GetBucketLoggingCommand, { Bucket: 'org-trail-logs' }).resolves(fixture('s3/get-bucket-logging'));
  other.s3.on(GetBucketLoggingCommand, { Bucket: 'eu-audit-logs' }).resolves({});
  return other;
}

