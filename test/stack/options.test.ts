/** One synth with the optional settings turned the other way: object lock, weekly and monthly reports in a time zone, named accounts, no real-time path, a daily audit. */
import { Match } from 'aws-cdk-lib/assertions';
import { nagViolations, resourcesOfType, roleStatements, actionsOf, synth, type Synthesised } from './support';

let s: Synthesised;
beforeAll(() => {
  s = synth({
    objectLockDays: 30,
    retentionDays: 730,
    reportSchedules: [{ period: 'weekly' }, { period: 'monthly', expression: 'cron(0 7 1 * ? *)' }],
    scheduleTimeZone: 'Europe/Paris',
    scheduleExpression: 'cron(0 2 * * ? *)',
    accounts: ['111111111111', '222222222222'],
    regions: ['eu-west-1', 'eu-central-1'],
    realtime: false,
    logRetentionDays: 30,
  });
});

it('object-lock-governs-every-object-for-the-configured-days', () => {
  s.template.hasResourceProperties('AWS::S3::Bucket', {
    ObjectLockEnabled: true,
    ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
    LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'runs', ExpirationInDays: 730 })]) },
  });
});

it('weekly-and-monthly-reports-run-in-the-time-zone-with-their-period', () => {
  s.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 6 ? * MON *)', ScheduleExpressionTimezone: 'Europe/Paris', Target: Match.objectLike({ Input: '{"period":"weekly"}' }) });
  s.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 7 1 * ? *)', ScheduleExpressionTimezone: 'Europe/Paris', Target: Match.objectLike({ Input: '{"period":"monthly"}' }) });
  expect(resourcesOfType(s.json, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties!.ScheduleExpression)).not.toContain('cron(0 6 * * ? *)');
});

it('daily-audit-gets-a-two-day-dead-man-window', () => {
  s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsSucceeded', Period: 2 * 86400, TreatMissingData: 'breaching' });
});

it('named-accounts-let-the-collector-assume-the-member-role-and-reach-the-targets-lambda', () => {
  expect(roleStatements(s.json, 'AuditorCollectLambdaRole').some((st) => actionsOf(st).includes('sts:AssumeRole'))).toBe(true);
  expect(roleStatements(s.json, 'AuditorTargetsLambdaRole').some((st) => actionsOf(st).includes('organizations:ListAccounts'))).toBe(false);
  s.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ VMAUDIT_ACCOUNTS: '111111111111,222222222222', VMAUDIT_REGIONS: 'eu-west-1,eu-central-1' }) } });
});

it('without-the-real-time-path-there-is-no-rule-no-event-lambda-and-eight-alarms', () => {
  expect(resourcesOfType(s.json, 'AWS::Events::Rule')).toEqual([]);
  expect(resourcesOfType(s.json, 'AWS::Lambda::Function')).toHaveLength(4);
  expect(resourcesOfType(s.json, 'AWS::CloudWatch::Alarm')).toHaveLength(8);
  expect(resourcesOfType(s.json, 'AWS::SNS::Subscription')).toEqual([]);
  for (const [, lg] of resourcesOfType(s.json, 'AWS::Logs::LogGroup')) expect(lg.Properties!.RetentionInDays).toBe(30);
});

it('aws-solutions-checks-still-pass', () => {
  expect(nagViolations(s.app)).toEqual([]);
});
