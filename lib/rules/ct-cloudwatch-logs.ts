import { trailConfigRule } from './support/trail-config-rule';

export default trailConfigRule({
  id: 'ct-cloudwatch-logs',
  title: 'CloudTrail trails deliver to CloudWatch Logs',
  severity: 'low',
  rationale:
    'Sending the trail to CloudWatch Logs makes events searchable within minutes and lets metric filters and alarms fire on them (root sign-in, policy changes, StopLogging); logs that only land in S3 are read when it is too late.',
  remediation:
    'aws cloudtrail update-trail --name TRAIL_NAME --cloud-watch-logs-log-group-arn LOG_GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN (the role lets cloudtrail.amazonaws.com call logs:CreateLogStream and logs:PutLogEvents on the group).',
  check: (t) =>
    t.cloudWatchLogsLogGroupArn
      ? { pass: true, message: `delivers to CloudWatch Logs (${t.cloudWatchLogsLogGroupArn})` }
      : { pass: false, message: 'is not integrated with CloudWatch Logs', evidence: { cloudWatchLogsLogGroupArn: null } },
});
