import { trailConfigRule } from './support/trail-config-rule';

export default trailConfigRule({
  id: 'ct-log-file-validation',
  title: 'CloudTrail log file validation is enabled',
  severity: 'low',
  rationale:
    'Log file validation writes signed, hash-chained digest files, so an investigator can prove that no log file was altered or deleted after delivery: without it an intruder with bucket access can rewrite history unnoticed.',
  remediation: 'aws cloudtrail update-trail --name TRAIL_NAME --enable-log-file-validation (check with aws cloudtrail validate-logs --trail-arn TRAIL_ARN --start-time DATE).',
  check: (t) =>
    t.logFileValidationEnabled
      ? { pass: true, message: 'has log file validation enabled' }
      : { pass: false, message: 'does not validate its log files (no digest files)', evidence: { logFileValidationEnabled: false } },
});
