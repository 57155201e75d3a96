/**
 * NIST SP 800-53 Rev. 5: the controls of the AC, AU, CM and SI families and SC-7 (with SC-28) that
 * an audit of VMs, their networks and their logs can evidence. Ids and titles checked against NIST's
 * own OSCAL catalogue of SP 800-53 Rev. 5.1.1 (usnistgov/oscal-content,
 * nist.gov/SP800-53/rev5/json, HIGH baseline resolved catalogue; AC-4(21), in no baseline, against
 * the catalogue entry); an enhancement's title is "<control> | <enhancement>" as the catalogue prints it.
 * Enhancements are listed only where vmaudit evidences them more specifically than the base control.
 */
import { evidenced, notEvidenced, type Framework } from './types';

const IAM = 'IAM users, roles and policies are outside vmaudit\'s inventory';
const OS = 'inside the operating system; vmaudit reads the AWS control plane only';

const EVENT_DETECTIONS = [
  'evt-unauthorized-api-calls', 'evt-console-login-no-mfa', 'evt-root-account-usage', 'evt-iam-policy-change', 'evt-cloudtrail-change',
  'evt-console-auth-failure', 'evt-kms-key-disable-or-delete', 'evt-s3-bucket-policy-change', 'evt-config-change', 'evt-security-group-change',
  'evt-nacl-change', 'evt-network-gateway-change', 'evt-route-table-change', 'evt-vpc-change', 'evt-access-policy', 'evt-audit-policy', 'evt-response-policy',
];

export const NIST_800_53_R5: Framework = Object.freeze({
  id: 'nist-800-53-r5',
  label: 'NIST SP 800-53 Rev. 5',
  short: 'NIST 800-53',
  source: 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final',
  scope: 'AC, AU, CM, SC-7, SC-28 and SI controls that concern VMs, their networks and their audit logs',
  requirement: (c: string) => `NIST.800-53.r5 ${c}`,
  controls: [
    notEvidenced('AC-2', 'Account Management', IAM),
    evidenced('AC-2(12)', 'Account Management | Account Monitoring for Atypical Usage', 'Root usage, sign-in without MFA, bursts of refused calls and access outside the policy are detected in the recorded events.', ['evt-unauthorized-api-calls', 'evt-console-login-no-mfa', 'evt-root-account-usage', 'evt-access-policy']),
    evidenced('AC-3', 'Access Enforcement', 'Instances require IMDSv2; snapshots and AMIs cannot be made public (block public access); writes to resources are checked against the policy\'s access rules.', ['ec2-imdsv2-required', 'ec2-snapshot-block-public-access', 'ec2-image-block-public-access', 'evt-access-policy']),
    evidenced('AC-4', 'Information Flow Enforcement', 'The isolation analysis checks every zone-to-zone path and flow intent; instances without public addresses and closed default groups keep flows inside.', ['net-zone-isolation', 'net-flow-intent', 'ec2-instance-no-public-ip', 'ec2-sg-default-restricts-all']),
    evidenced('AC-4(21)', 'Information Flow Enforcement | Physical or Logical Separation of Information Flows', 'Zones the policy separates cannot reach each other except through its allowances, and no Transit Gateway joins new VPCs without approval.', ['net-zone-isolation', 'ec2-tgw-no-auto-accept']),
    notEvidenced('AC-6', 'Least Privilege', IAM),
    evidenced('AC-17', 'Remote Access', 'Remote administration ports (22, 3389) are not open to the internet in security groups or network ACLs.', ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp', 'ec2-nacl-no-public-admin-ports']),
    evidenced('AC-21', 'Information Sharing', 'Owned snapshots and AMIs are shared only with the accounts and organizations the policy trusts.', ['ec2-snapshot-shared-trusted', 'ec2-ami-shared-trusted']),
    evidenced('AU-2', 'Event Logging', 'A logging multi-Region trail records read and write management events.', ['ct-trail-enabled', 'ct-multi-region-trail']),
    evidenced('AU-3', 'Content of Audit Records', 'The trail records management events with no excluded event source.', ['ct-multi-region-trail']),
    evidenced('AU-6', 'Audit Record Review, Analysis, and Reporting', 'vmaudit reviews the recorded events against the CIS monitoring list and the policy\'s event rules, and states what it could not read.', [...EVENT_DETECTIONS, 'evt-event-coverage']),
    evidenced('AU-9', 'Protection of Audit Information', 'Trails encrypt their logs with SSE-KMS and write digest files, and their buckets are not public.', ['ct-trail-kms-encryption', 'ct-log-file-validation', 'ct-trail-bucket-not-public']),
    evidenced('AU-10', 'Non-repudiation', 'Trail digest files prove a log file was delivered by CloudTrail and not changed.', ['ct-log-file-validation']),
    notEvidenced('AU-11', 'Audit Record Retention', 'vmaudit does not read the trail bucket\'s lifecycle rules yet'),
    evidenced('AU-12', 'Audit Record Generation', 'Trails are logging, their buckets log who reads them, and every VPC has a flow log.', ['ct-trail-enabled', 'ct-multi-region-trail', 'ct-trail-bucket-access-logging', 'ec2-vpc-flow-logs-enabled']),
    evidenced('CM-2', 'Baseline Configuration', 'Instances are launched from approved, current images.', ['ec2-ami-approved']),
    evidenced('CM-6', 'Configuration Settings', 'Instance and launch template metadata, default EBS encryption, block public access and subnet public-IP settings follow the baseline.', ['ec2-imdsv2-required', 'ec2-imds-hop-limit', 'ec2-launch-template-imdsv2', 'ec2-launch-template-hop-limit', 'ec2-ebs-default-encryption', 'ec2-snapshot-block-public-access', 'ec2-image-block-public-access', 'ec2-subnet-no-auto-public-ip', 'ec2-instance-no-paravirtual']),
    evidenced('CM-7', 'Least Functionality', 'Only authorised ports are open to the internet; no high-risk port is; instances use one network interface.', ['ec2-sg-authorized-ports', 'ec2-sg-no-high-risk-ports', 'ec2-instance-single-eni']),
    evidenced('CM-8', 'System Component Inventory', 'Long-stopped instances and unused network ACLs are reported for removal.', ['ec2-instance-stopped-too-long', 'ec2-nacl-unused']),
    evidenced('SC-7', 'Boundary Protection', 'Every internet-exposed instance port is reported with the path that lets it through; public addresses and open ports are reported.', ['net-internet-exposure', 'ec2-instance-no-public-ip', 'ec2-sg-no-high-risk-ports', 'ec2-nacl-no-public-admin-ports', 'ec2-subnet-no-auto-public-ip', 'ec2-launch-template-no-public-ip']),
    evidenced('SC-7(5)', 'Boundary Protection | Deny by Default — Allow by Exception', 'Default security groups allow nothing; cross-zone traffic is a violation unless the policy allows it.', ['ec2-sg-default-restricts-all', 'net-zone-isolation']),
    evidenced('SC-7(21)', 'Boundary Protection | Isolation of System Components', 'Zones are isolated from each other as the policy declares.', ['net-zone-isolation']),
    evidenced('SC-28', 'Protection of Information at Rest', 'EBS volumes (attached or not), snapshots, EBS defaults and trail logs are encrypted.', ['ec2-volume-encrypted', 'ec2-volume-all-encrypted', 'ec2-snapshot-encrypted', 'ec2-ebs-default-encryption', 'ct-trail-kms-encryption']),
    notEvidenced('SI-2', 'Flaw Remediation', 'vmaudit does not read Systems Manager patch compliance yet'),
    notEvidenced('SI-3', 'Malicious Code Protection', OS),
    evidenced('SI-4', 'System Monitoring', 'Flow logs, CloudWatch Logs delivery of trails, and vmaudit\'s own event coverage are checked.', ['ec2-vpc-flow-logs-enabled', 'ct-cloudwatch-logs', 'evt-event-coverage']),
    evidenced('SI-4(4)', 'System Monitoring | Inbound and Outbound Communications Traffic', 'Every VPC records its traffic in a flow log.', ['ec2-vpc-flow-logs-enabled']),
    evidenced('SI-7', 'Software, Firmware, and Information Integrity', 'Trail log file validation detects changed audit logs.', ['ct-log-file-validation']),
  ],
});
