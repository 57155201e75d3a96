/**
 * PCI DSS v4.0 (4.0.1 wording): the requirements of 1 (network security controls), 2 (secure
 * configurations), 8 (identification and authentication) and 10 (logging and monitoring) that
 * concern VMs, their networks and their audit logs. Requirement 1's segmentation questions are
 * what vmaudit's isolation analysis answers: which zone can reach which, and what reaches the
 * internet. Policy, process and diagram requirements (1.1.x, 1.2.2–1.2.4, …) need an assessor.
 */
import { evidenced, notEvidenced, type Framework } from './types';

const PROCESS = 'a documented process or review an assessor checks; no inventory can evidence it';
const OS = 'inside the operating system; vmaudit reads the AWS control plane only';
const IAM = 'IAM users and credentials are outside vmaudit\'s inventory';

const CHANGES = ['evt-security-group-change', 'evt-nacl-change', 'evt-network-gateway-change', 'evt-route-table-change', 'evt-vpc-change'];

export const PCI_DSS_4_0: Framework = Object.freeze({
  id: 'pci-dss-4.0',
  label: 'PCI DSS v4.0',
  short: 'PCI DSS 4.0',
  source: 'https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf',
  scope: 'Requirements 1, 2, 8 and 10 where VMs, their networks and audit logs are concerned',
  requirement: (c: string) => `PCI DSS v4.0/${c}`,
  controls: [
    notEvidenced('1.2.1', 'Configuration standards for NSC rulesets are defined, implemented and maintained', PROCESS),
    evidenced('1.2.5', 'All services, protocols and ports allowed are identified, approved, and have a defined business need', 'Ingress open to the internet is limited to the ports the policy authorises.', ['ec2-sg-authorized-ports']),
    notEvidenced('1.2.7', 'Configurations of NSCs are reviewed at least once every six months to confirm they are relevant and effective', PROCESS),
    evidenced('1.2.8', 'Configuration files for NSCs are secured from unauthorized access and kept consistent with active network configurations', 'Unused network ACLs, which drift from the active configuration, are reported.', ['ec2-nacl-unused']),
    evidenced('1.3.1', 'Inbound traffic to the CDE is restricted to only traffic that is necessary; all other traffic is specifically denied', 'The isolation analysis finds every path into a zone that the policy does not allow, and checks the flow intents.', ['net-zone-isolation', 'net-flow-intent']),
    evidenced('1.3.2', 'Outbound traffic from the CDE is restricted to only traffic that is necessary; all other traffic is specifically denied', 'The isolation analysis finds every path out of a zone that the policy does not allow, and checks the flow intents.', ['net-zone-isolation', 'net-flow-intent']),
    evidenced('1.4.1', 'NSCs are implemented between trusted and untrusted networks', 'Every internet-exposed instance port is reported with the security group rule, NACL entry and route that let it through.', ['net-internet-exposure', 'ec2-sg-default-restricts-all']),
    evidenced('1.4.2', 'Inbound traffic from untrusted networks to trusted networks is restricted to authorized publicly accessible services and stateful responses; all other traffic is denied', 'Internet exposure beyond the policy\'s allowances, and administration or high-risk ports open to the world, are reported.', ['net-internet-exposure', 'ec2-sg-no-high-risk-ports', 'ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp', 'ec2-nacl-no-public-admin-ports']),
    notEvidenced('1.4.3', 'Anti-spoofing measures are implemented to detect and block forged source IP addresses from entering the trusted network', 'vmaudit does not collect the source/destination check flag of network interfaces'),
    evidenced('1.4.4', 'System components that store cardholder data are not directly accessible from untrusted networks', 'No instance has a public IPv4 address, and no subnet or launch template assigns one on launch.', ['ec2-instance-no-public-ip', 'ec2-subnet-no-auto-public-ip', 'ec2-launch-template-no-public-ip']),
    notEvidenced('1.4.5', 'The disclosure of internal IP addresses and routing information is limited to only authorized parties', PROCESS),
    evidenced('2.2.1', 'Configuration standards are developed, implemented and maintained for all system components', 'Instances run approved, current, non-deprecated images.', ['ec2-ami-approved']),
    notEvidenced('2.2.4', 'Only necessary services, protocols, daemons and functions are enabled, and all unnecessary functionality is removed or disabled', OS),
    notEvidenced('2.2.5', 'If any insecure services, protocols or daemons are present, business justification is documented and additional security features are implemented', PROCESS),
    evidenced('2.2.6', 'System security parameters are configured to prevent misuse', 'Instances, and the launch templates they come from, require IMDSv2 and keep metadata tokens on the instance, so an SSRF flaw or a neighbour cannot read the instance credentials.', ['ec2-imdsv2-required', 'ec2-imds-hop-limit', 'ec2-launch-template-imdsv2', 'ec2-launch-template-hop-limit']),
    notEvidenced('2.2.7', 'All non-console administrative access is encrypted using strong cryptography', OS),
    notEvidenced('8.2.1', 'All users are assigned a unique ID before access to system components or cardholder data is allowed', IAM),
    evidenced('8.2.2', 'Group, shared or generic accounts, or other shared authentication credentials are only used when necessary on an exception basis', 'Every use of the root user (a shared, generic account) is reported.', ['evt-root-account-usage']),
    notEvidenced('8.3.1', 'All user access to system components for users and administrators is authenticated via at least one authentication factor', IAM),
    evidenced('8.4.2', 'MFA is implemented for all access into the CDE', 'Every console sign-in without MFA is reported.', ['evt-console-login-no-mfa']),
    notEvidenced('8.6.2', 'Passwords/passphrases for any application and system accounts that can be used for interactive login are not hard coded in scripts, configuration/property files, or bespoke and custom source code', 'vmaudit does not scan user data for secrets yet'),
    evidenced('10.2.1', 'Audit logs are enabled and active for all system components and cardholder data', 'At least one trail is logging, a multi-Region trail records read and write management events, and the trail bucket logs who reads it.', ['ct-trail-enabled', 'ct-multi-region-trail', 'ct-trail-bucket-access-logging']),
    evidenced('10.2.1.2', 'Audit logs capture all actions taken by any individual with root or administrative access', 'Root activity is detected in the recorded events.', ['evt-root-account-usage']),
    evidenced('10.2.1.4', 'Audit logs capture all invalid logical access attempts', 'Failed console sign-ins and bursts of refused API calls are detected in the recorded events.', ['evt-console-auth-failure', 'evt-unauthorized-api-calls']),
    evidenced('10.2.1.5', 'Audit logs capture all changes to identification and authentication credentials', 'IAM policy changes are detected in the recorded events.', ['evt-iam-policy-change']),
    evidenced('10.2.1.6', 'Audit logs capture all initialization of new audit logs, and all starting, stopping or pausing of the existing audit logs', 'Trail creation, deletion, stop and selector changes are detected in the recorded events.', ['evt-cloudtrail-change']),
    evidenced('10.2.1.7', 'Audit logs capture all creation and deletion of system-level objects', 'Security group, NACL, gateway, route table and VPC changes are detected in the recorded events.', CHANGES),
    notEvidenced('10.2.2', 'Audit logs record user identification, type of event, date and time, success or failure, origination, and identity of affected data, component or resource', 'CloudTrail records these fields itself; vmaudit does not judge the record format'),
    evidenced('10.3.1', 'Read access to audit logs files is limited to those with a job-related need', 'No trail bucket is readable by everyone through its policy or ACL.', ['ct-trail-bucket-not-public']),
    evidenced('10.3.2', 'Audit log files are protected to prevent modifications by individuals', 'Trails encrypt their logs with SSE-KMS, and no trail bucket is open to everyone.', ['ct-trail-kms-encryption', 'ct-trail-bucket-not-public']),
    evidenced('10.3.3', 'Audit log files, including those for external-facing technologies, are promptly backed up to a secure, central, internal log server(s) or other media that is difficult to modify', 'Trails deliver to CloudWatch Logs as well as S3.', ['ct-cloudwatch-logs']),
    evidenced('10.3.4', 'File integrity monitoring or change-detection mechanisms is used on audit logs to ensure that existing log data cannot be changed without generating alerts', 'Trails write digest files (log file validation).', ['ct-log-file-validation']),
    notEvidenced('10.4.1', 'Security events and the logs of critical system components are reviewed at least once daily', PROCESS),
    notEvidenced('10.5.1', 'Audit log history is retained for at least 12 months, with at least the most recent three months immediately available for analysis', 'vmaudit does not read the trail bucket\'s lifecycle rules yet'),
    notEvidenced('10.6.1', 'System clocks and time are synchronized using time-synchronization technology', OS),
    evidenced('10.7.2', 'Failures of critical security control systems are detected, alerted and addressed promptly', 'Trails stopped or changed and AWS Config stopped are detected in the recorded events.', ['evt-cloudtrail-change', 'evt-config-change']),
  ],
});
