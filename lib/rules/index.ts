/**
 * The rule catalogue: an explicit list (no registration by import side effect). The order here is
 * the order rules run and are documented; `test/rules/catalogue.test.ts` pins it.
 */
import type { Rule } from '../engine/rule';
import ctCloudwatchLogs from './ct-cloudwatch-logs';
import ctLogFileValidation from './ct-log-file-validation';
import ctMultiRegionTrail from './ct-multi-region-trail';
import ctTrailEnabled from './ct-trail-enabled';
import ctTrailBucketAccessLogging from './ct-trail-bucket-access-logging';
import ctTrailBucketNotPublic from './ct-trail-bucket-not-public';
import ctTrailKmsEncryption from './ct-trail-kms-encryption';
import ec2AmiApproved from './ec2-ami-approved';
import ec2AmiNotPublic from './ec2-ami-not-public';
import ec2AmiSharedTrusted from './ec2-ami-shared-trusted';
import ec2EbsDefaultEncryption from './ec2-ebs-default-encryption';
import ec2ImageBlockPublicAccess from './ec2-image-block-public-access';
import ec2ImdsHopLimit from './ec2-imds-hop-limit';
import ec2Imdsv2Required from './ec2-imdsv2-required';
import ec2InstanceNoParavirtual from './ec2-instance-no-paravirtual';
import ec2InstanceNoPublicIp from './ec2-instance-no-public-ip';
import ec2InstanceProfileAttached from './ec2-instance-profile-attached';
import ec2InstanceSingleEni from './ec2-instance-single-eni';
import ec2InstanceStoppedTooLong from './ec2-instance-stopped-too-long';
import ec2LaunchTemplateHopLimit from './ec2-launch-template-hop-limit';
import ec2LaunchTemplateImdsv2 from './ec2-launch-template-imdsv2';
import ec2LaunchTemplateNoPublicIp from './ec2-launch-template-no-public-ip';
import ec2NaclNoPublicAdminPorts from './ec2-nacl-no-public-admin-ports';
import ec2NaclUnused from './ec2-nacl-unused';
import ec2SgAuthorizedPorts from './ec2-sg-authorized-ports';
import ec2SgDefaultRestrictsAll from './ec2-sg-default-restricts-all';
import ec2SgNoHighRiskPorts from './ec2-sg-no-high-risk-ports';
import ec2SgNoPublicRdp from './ec2-sg-no-public-rdp';
import ec2SgNoPublicSsh from './ec2-sg-no-public-ssh';
import ec2SnapshotBlockPublicAccess from './ec2-snapshot-block-public-access';
import ec2SnapshotEncrypted from './ec2-snapshot-encrypted';
import ec2SnapshotNotPublic from './ec2-snapshot-not-public';
import ec2SnapshotSharedTrusted from './ec2-snapshot-shared-trusted';
import ec2SubnetNoAutoPublicIp from './ec2-subnet-no-auto-public-ip';
import ec2TgwNoAutoAccept from './ec2-tgw-no-auto-accept';
import ec2VolumeAllEncrypted from './ec2-volume-all-encrypted';
import ec2VolumeEncrypted from './ec2-volume-encrypted';
import ec2VpcFlowLogsEnabled from './ec2-vpc-flow-logs-enabled';

export const CATALOGUE: readonly Rule[] = [
  // EBS
  ec2SnapshotNotPublic,
  ec2SnapshotBlockPublicAccess,
  ec2SnapshotSharedTrusted,
  ec2SnapshotEncrypted,
  ec2VolumeEncrypted,
  ec2VolumeAllEncrypted,
  ec2EbsDefaultEncryption,
  // Instances
  ec2InstanceStoppedTooLong,
  ec2Imdsv2Required,
  ec2ImdsHopLimit,
  ec2InstanceProfileAttached,
  ec2InstanceNoPublicIp,
  ec2InstanceSingleEni,
  ec2InstanceNoParavirtual,
  ec2AmiApproved,
  // Launch templates
  ec2LaunchTemplateImdsv2,
  ec2LaunchTemplateHopLimit,
  ec2LaunchTemplateNoPublicIp,
  // AMIs
  ec2AmiNotPublic,
  ec2ImageBlockPublicAccess,
  ec2AmiSharedTrusted,
  // Security groups
  ec2SgDefaultRestrictsAll,
  ec2SgAuthorizedPorts,
  ec2SgNoHighRiskPorts,
  ec2SgNoPublicSsh,
  ec2SgNoPublicRdp,
  // Network
  ec2NaclNoPublicAdminPorts,
  ec2NaclUnused,
  ec2SubnetNoAutoPublicIp,
  ec2VpcFlowLogsEnabled,
  ec2TgwNoAutoAccept,
  // CloudTrail
  ctMultiRegionTrail,
  ctTrailEnabled,
  ctTrailKmsEncryption,
  ctLogFileValidation,
  ctCloudwatchLogs,
  ctTrailBucketNotPublic,
  ctTrailBucketAccessLogging,
];

const byId = new Map(CATALOGUE.map((r) => [r.id, r]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}
