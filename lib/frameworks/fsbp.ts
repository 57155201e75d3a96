/**
 * AWS Foundational Security Best Practices v1.0.0: the EC2, CloudTrail, Systems Manager and Auto
 * Scaling controls of the standard, ids and titles as Security Hub's user guide lists them ("Controls
 * that apply to the FSBP standard", fsbp-standard.html, and the per-service control pages).
 * Security Hub control ids that belong to other standards only (EC2.13, EC2.14, EC2.53, EC2.54,
 * CloudTrail.3, CloudTrail.6, CloudTrail.7) are not FSBP controls and are not listed here.
 */
import { evidenced, notEvidenced, type Framework } from './types';

const NOT_COLLECTED = 'vmaudit does not collect this resource type';
const NO_SSM = 'vmaudit does not read Systems Manager yet';
const NO_ASG = 'vmaudit does not read Auto Scaling groups or launch configurations yet';
const NO_LT_EBS = 'vmaudit reads launch template metadata and network settings, not their block device mappings, yet';

export const FSBP: Framework = Object.freeze({
  id: 'fsbp',
  label: 'AWS Foundational Security Best Practices v1.0.0',
  short: 'FSBP',
  source: 'https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html',
  scope: 'EC2, CloudTrail, Systems Manager and Auto Scaling controls',
  requirement: (c: string) => `FSBP ${c}`,
  controls: [
    notEvidenced('AutoScaling.1', 'Auto Scaling groups associated with a load balancer should use ELB health checks', NO_ASG),
    notEvidenced('AutoScaling.2', 'Amazon EC2 Auto Scaling group should cover multiple Availability Zones', NO_ASG),
    notEvidenced('AutoScaling.3', 'Amazon EC2 Auto Scaling group launch configurations should configure EC2 instances to require Instance Metadata Service Version 2 (IMDSv2)', NO_ASG),
    notEvidenced('AutoScaling.5', 'Amazon EC2 instances launched using Amazon EC2 Auto Scaling group launch configurations should not have Public IP addresses', NO_ASG),
    notEvidenced('AutoScaling.6', 'Amazon EC2 Auto Scaling groups should use multiple instance types in multiple Availability Zones', NO_ASG),
    notEvidenced('AutoScaling.9', 'Amazon EC2 Auto Scaling groups should use Amazon EC2 launch templates', NO_ASG),
    evidenced('CloudTrail.1', 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events', 'A trail is logging, and a multi-Region one records read and write management events with no excluded event source.', ['ct-multi-region-trail', 'ct-trail-enabled']),
    evidenced('CloudTrail.2', 'CloudTrail should have encryption at-rest enabled', 'Each trail encrypts its log files with SSE-KMS.', ['ct-trail-kms-encryption']),
    evidenced('CloudTrail.4', 'CloudTrail log file validation should be enabled', 'Each trail writes digest files so tampering with logs can be detected.', ['ct-log-file-validation']),
    evidenced('CloudTrail.5', 'CloudTrail trails should be integrated with Amazon CloudWatch Logs', 'Each trail delivers to a CloudWatch Logs group.', ['ct-cloudwatch-logs']),
    evidenced('EC2.1', 'Amazon EBS snapshots should not be publicly restorable', 'No snapshot owned by the account grants createVolumePermission to all.', ['ec2-snapshot-not-public']),
    evidenced('EC2.2', 'VPC default security groups should not allow inbound or outbound traffic', 'The default security group of every VPC has no rules.', ['ec2-sg-default-restricts-all']),
    evidenced('EC2.3', 'Attached Amazon EBS volumes should be encrypted at-rest', 'Every attached EBS volume is encrypted.', ['ec2-volume-encrypted']),
    evidenced('EC2.4', 'Stopped EC2 instances should be removed after a specified time period', 'No instance has been stopped longer than the policy allows.', ['ec2-instance-stopped-too-long']),
    evidenced('EC2.6', 'VPC flow logging should be enabled in all VPCs', 'Every VPC has an active flow log.', ['ec2-vpc-flow-logs-enabled']),
    evidenced('EC2.7', 'EBS default encryption should be enabled', 'EBS encryption by default is on in every audited region.', ['ec2-ebs-default-encryption']),
    evidenced('EC2.8', 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)', 'Every live instance requires IMDSv2 tokens or has the metadata service disabled.', ['ec2-imdsv2-required']),
    evidenced('EC2.9', 'Amazon EC2 instances should not have a public IPv4 address', 'No live instance has a public IPv4 address.', ['ec2-instance-no-public-ip']),
    notEvidenced('EC2.10', 'Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service', `VPC endpoints: ${NOT_COLLECTED}`),
    evidenced('EC2.15', 'Amazon EC2 subnets should not automatically assign public IP addresses', 'No subnet maps a public IPv4 address on launch.', ['ec2-subnet-no-auto-public-ip']),
    evidenced('EC2.16', 'Unused Network Access Control Lists should be removed', 'Every network ACL is associated with a subnet.', ['ec2-nacl-unused']),
    evidenced('EC2.17', 'Amazon EC2 instances should not use multiple ENIs', 'Every live instance has one network interface.', ['ec2-instance-single-eni']),
    evidenced('EC2.18', 'Security groups should only allow unrestricted incoming traffic for authorized ports', 'Ingress from 0.0.0.0/0 or ::/0 is open only on the ports the policy authorises.', ['ec2-sg-authorized-ports']),
    evidenced('EC2.19', 'Security groups should not allow unrestricted access to ports with high risk', 'No security group opens a high-risk port to 0.0.0.0/0 or ::/0.', ['ec2-sg-no-high-risk-ports']),
    notEvidenced('EC2.20', 'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up', `Site-to-Site VPN: ${NOT_COLLECTED}`),
    evidenced('EC2.21', 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389', 'No network ACL, read in rule-number order, admits 0.0.0.0/0 or ::/0 to port 22 or 3389.', ['ec2-nacl-no-public-admin-ports']),
    evidenced('EC2.23', 'Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests', 'No Transit Gateway owned by the account has AutoAcceptSharedAttachments on.', ['ec2-tgw-no-auto-accept']),
    evidenced('EC2.24', 'Amazon EC2 paravirtual instance types should not be used', 'No live instance uses paravirtual virtualization.', ['ec2-instance-no-paravirtual']),
    evidenced('EC2.25', 'Amazon EC2 launch templates should not assign public IPs to network interfaces', 'No default or latest launch template version sets AssociatePublicIpAddress on a network interface.', ['ec2-launch-template-no-public-ip']),
    notEvidenced('EC2.51', 'EC2 Client VPN endpoints should have client connection logging enabled', `Client VPN: ${NOT_COLLECTED}`),
    notEvidenced('EC2.55', 'VPCs should be configured with an interface endpoint for ECR API', `VPC endpoints: ${NOT_COLLECTED}`),
    notEvidenced('EC2.56', 'VPCs should be configured with an interface endpoint for Docker Registry', `VPC endpoints: ${NOT_COLLECTED}`),
    notEvidenced('EC2.57', 'VPCs should be configured with an interface endpoint for Systems Manager', `VPC endpoints: ${NOT_COLLECTED}`),
    notEvidenced('EC2.58', 'VPCs should be configured with an interface endpoint for Systems Manager Incident Manager Contacts', `VPC endpoints: ${NOT_COLLECTED}`),
    notEvidenced('EC2.60', 'VPCs should be configured with an interface endpoint for Systems Manager Incident Manager', `VPC endpoints: ${NOT_COLLECTED}`),
    evidenced('EC2.170', 'EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)', 'The default and latest version of every launch template set HttpTokens=required (or turn the metadata service off).', ['ec2-launch-template-imdsv2']),
    notEvidenced('EC2.171', 'EC2 VPN connections should have logging enabled', `Site-to-Site VPN: ${NOT_COLLECTED}`),
    notEvidenced('EC2.172', 'EC2 VPC Block Public Access settings should block internet gateway traffic', `VPC Block Public Access: ${NOT_COLLECTED}`),
    notEvidenced('EC2.173', 'EC2 Spot Fleet requests with launch parameters should enable encryption for attached EBS volumes', `Spot Fleet requests: ${NOT_COLLECTED}`),
    notEvidenced('EC2.180', 'EC2 network interfaces should have source/destination checking enabled', 'vmaudit does not collect the source/destination check flag of network interfaces'),
    notEvidenced('EC2.181', 'EC2 launch templates should enable encryption for attached EBS volumes', NO_LT_EBS),
    notEvidenced('SSM.1', 'Amazon EC2 instances should be managed by AWS Systems Manager', NO_SSM),
    notEvidenced('SSM.2', 'Amazon EC2 instances managed by Systems Manager should have a patch compliance status of COMPLIANT after a patch installation', NO_SSM),
    notEvidenced('SSM.3', 'Amazon EC2 instances managed by Systems Manager should have an association compliance status of COMPLIANT', NO_SSM),
    notEvidenced('SSM.4', 'SSM documents should not be public', NO_SSM),
    notEvidenced('SSM.6', 'SSM Automation should have CloudWatch logging enabled', NO_SSM),
    notEvidenced('SSM.7', 'SSM documents should have the block public sharing setting enabled', NO_SSM),
  ],
});
