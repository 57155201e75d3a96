/** Why vmaudit cannot evidence a CIS recommendation: shared by the 3.0 and 5.0 lists. */
export const CIS_REASONS = {
  IAM: 'IAM users, credentials, policies and account contacts are outside vmaudit\'s inventory',
  S3: 'S3 bucket settings are outside vmaudit\'s inventory',
  RDS: 'RDS is outside vmaudit\'s inventory',
  EFS: 'EFS is outside vmaudit\'s inventory',
  CONFIG: 'AWS Config recorders are outside vmaudit\'s inventory (evt-config-change detects changes to them)',
  KMS: 'KMS key rotation is outside vmaudit\'s inventory',
  DATA_EVENTS: 'vmaudit reads event selectors but does not judge S3 data events',
  ORG_EVENTS: 'AWS Organizations changes are not an event class vmaudit detects yet',
  SECURITY_HUB: 'Security Hub enablement is outside vmaudit\'s inventory',
  PEERING: 'vmaudit does not judge peering routes against the zones yet',
} as const;
