/**
 * Intent of the deployed stack, asserted on the synthesised template (stub Lambda code; bundling has
 * its own test): least-privilege IAM, encryption, bucket policy and lifecycle, schedules, the state
 * machine's Map/Retry/Catch, alarms wired to the topic, Lambda environments, cdk-nag clean, and one
 * normalised snapshot.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { collectorPermissions } from '../../lib/collect/registry';
import { realtimeEventPattern } from '../../lib/events/eventbridge-pattern';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { actionsOf, nagViolations, normalised, resourcesOf, resourcesOfType, roleStatements, stateMachineDefinition, synth, type Synthesised } from './support';

let s: Synthesised;
beforeAll(() => {
  s = synth({ alertEmails: ['secops@example.com', 'oncall@example.com'], alertFilterSeverities: ['critical', 'high'] });
});

const logicalId = (prefix: string, type: string) => {
  const found = resourcesOfType(s.json, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${found.map(([id]) => id).join(', ')}`);
  return found[0][0];
};

describe('IAM: least privilege', () => {
  it('collector-role-reads-exactly-the-collectors-declared-actions', () => {
    const read = roleStatements(s.json, 'AuditorCollectLambdaRole').filter((st) => st.Sid === 'ReadInventory');
    expect(read).toHaveLength(1);
    expect(actionsOf(read[0])).toEqual(collectorPermissions());
    expect(read[0].Resource).toBe('*');
  });

  it('collector-role-has-the-fixed-name-member-roles-trust', () => {
    s.template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'vmaudit-collector' });
  });

  it('single-account-collector-cannot-assume-any-role', () => {
    const all = resourcesOfType(s.json, 'AWS::IAM::Policy').flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement);
    expect(all.flatMap(actionsOf as never)).not.toContain('sts:AssumeRole');
  });

  it('no-write-action-has-a-star-resource', () => {
    // AWS offers no resource-level permission for these; CDK adds them for state machine logging and tracing.
    const starOnly = new Set(['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets']);
    const readOnly = new Set(collectorPermissions());
    for (const [id, p] of resourcesOfType(s.json, 'AWS::IAM::Policy')) {
      for (const st of (p.Properties!.PolicyDocument as { Statement: Parameters<typeof actionsOf>[0][] }).Statement) {
        if (!resourcesOf(st).includes('*')) continue;
        for (const a of actionsOf(st)) expect({ policy: id, action: a, allowed: readOnly.has(a) || starOnly.has(a) }).toEqual({ policy: id, action: a, allowed: true });
      }
    }
  });

  it('bucket-writes-are-limited-to-each-lambdas-own-prefixes', () => {
    const writes = (prefix: string) =>
      roleStatements(s.json, prefix)
        .filter((st) => actionsOf(st).includes('s3:PutObject'))
        .flatMap(resourcesOf)
        .map((r) => JSON.stringify(r).match(/"\/([a-z/.-]+\*?)"/)?.[1])
        .sort();
    expect(writes('AuditorTargetsLambdaRole')).toEqual(['inventory/*']);
    expect(writes('AuditorCollectLambdaRole')).toEqual(['inventory/*', 'state/inventory/*']);
    expect(writes('AuditorPublishLambdaRole')).toEqual(['latest/*', 'runs/*', 'state/*']);
    expect(writes('AuditorReportLambdaRole')).toEqual(['reports/*', 'state/digests/*']);
    expect(writes('AuditorEventsLambdaRole')).toEqual(['state/realtime/*']);
  });

  it('list-bucket-is-limited-by-prefix-condition', () => {
    const list = roleStatements(s.json, 'AuditorPublishLambdaRole').find((st) => actionsOf(st).includes('s3:ListBucket'));
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['inventory/*', 'runs/*'] } });
  });

  it('lambdas-have-no-managed-policy', () => {
    for (const [, role] of resourcesOfType(s.json, 'AWS::IAM::Role')) expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
  });
});

describe('encryption and the report bucket', () => {
  it('kms-key-rotates-and-is-retained', () => {
    s.template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  it('key-policy-lets-cloudwatch-and-eventbridge-use-the-key-in-this-account-only', () => {
    const key = resourcesOfType(s.json, 'AWS::KMS::Key')[0][1];
    const statements = (key.Properties!.KeyPolicy as { Statement: { Principal?: { Service?: string }; Condition?: unknown; Action: string[] }[] }).Statement;
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      expect(statements.find((st) => st.Principal?.Service === service)).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } });
    }
  });

  it('report-bucket-is-kms-encrypted-versioned-private-logged-and-retained', () => {
    s.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'report-bucket/' },
      }),
    });
  });

  it('bucket-policy-denies-every-request-without-tls', () => {
    const id = logicalId('AuditorReportsBucket', 'AWS::S3::Bucket');
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lifecycle-moves-runs-to-infrequent-access-and-expires-them-after-the-retention', () => {
    const id = logicalId('AuditorReportsBucket', 'AWS::S3::Bucket');
    const rules = (s.json.Resources[id].Properties!.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules.find((r) => r.Id === 'runs')).toMatchObject({ Prefix: 'runs/', ExpirationInDays: 365, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }], NoncurrentVersionExpiration: { NoncurrentDays: 30 } });
    expect(rules.find((r) => r.Id === 'reports')).toMatchObject({ Prefix: 'reports/', ExpirationInDays: 365 });
    expect(rules.find((r) => r.Id === 'inventory')).toMatchObject({ Prefix: 'inventory/', ExpirationInDays: 30 });
    expect(rules.filter((r) => (r.Prefix === 'latest/' || r.Prefix === 'state/') && r.ExpirationInDays !== undefined)).toEqual([]);
    expect(rules.find((r) => r.Id === 'latest-old-versions')).toMatchObject({ Prefix: 'latest/', NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
  });

  it('topic-and-dead-letter-queue-use-the-key-and-refuse-plain-http', () => {
    s.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue(), MessageRetentionPeriod: 1209600 });
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('alarms-may-publish-to-the-topic-whose-policy-replaces-the-default', () => {
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarms', Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]) },
    });
  });

  it('each-email-is-subscribed-with-the-severity-filter-that-still-lets-health-alarms-through', () => {
    const subs = resourcesOfType(s.json, 'AWS::SNS::Subscription').map(([, r]) => r.Properties!);
    expect(subs.map((p) => p.Endpoint)).toEqual(['secops@example.com', 'oncall@example.com']);
    for (const p of subs) {
      expect(p.Protocol).toBe('email');
      expect(p.FilterPolicy).toEqual({ $or: [{ severity: ['critical', 'high'] }, { severity: [{ exists: false }] }] });
    }
  });
});

describe('schedules and the state machine', () => {
  it('audit-schedule-starts-the-state-machine-hourly-and-report-schedule-runs-daily', () => {
    const sm = logicalId('AuditorRunStateMachine', 'AWS::StepFunctions::StateMachine');
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: Match.objectLike({ Arn: { Ref: sm }, RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: Match.anyValue() } }),
    });
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      Target: Match.objectLike({ Input: '{"period":"daily"}' }),
    });
  });

  it('run-plans-targets-then-maps-collect-with-bounded-concurrency-then-publishes', () => {
    const def = stateMachineDefinition(s.json);
    expect(def.StartAt).toBe('BuildTargets');
    expect(def.States.BuildTargets.Next).toBe('CollectEachTarget');
    const map = def.States.CollectEachTarget;
    expect(map).toMatchObject({ Type: 'Map', MaxConcurrency: 10, ItemsPath: '$.targets', ItemSelector: { 'run.$': '$.run', 'target.$': '$$.Map.Item.Value' }, ResultPath: null, Next: 'Publish' });
    expect(def.States.Publish.End).toBe(true);
    expect(def.TimeoutSeconds).toBe(6 * 3600);
  });

  it('a-failed-target-is-retried-with-backoff-then-recorded-as-a-gap-never-failing-the-run', () => {
    const states = stateMachineDefinition(s.json).States.CollectEachTarget.ItemProcessor!.States;
    const collect = states.CollectTarget;
    expect(collect.Retry).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException']), BackoffRate: 2 }),
        { ErrorEquals: ['States.TaskFailed', 'States.Timeout'], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2, JitterStrategy: 'FULL' },
      ]),
    );
    expect(collect.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordCoverageGap' }]);
    expect(states.RecordCoverageGap).toMatchObject({
      Resource: expect.stringContaining(':states:::aws-sdk:s3:putObject'),
      Parameters: { 'Key.$': "States.Format('inventory/{}/{}/{}.gap.json', $.run.runId, $.target.accountId, $.target.region)", 'Body.$': 'States.JsonToString($)' },
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'GapNotRecorded' }],
    });
    expect(states.GapNotRecorded.Type).toBe('Pass');
  });

  it('only-keys-and-run-references-travel-between-states', () => {
    const def = stateMachineDefinition(s.json);
    expect(def.States.BuildTargets.Parameters).toEqual({ 'executionName.$': '$$.Execution.Name', 'startedAt.$': '$$.Execution.StartTime' });
    expect(def.States.Publish.Parameters).toEqual({ 'run.$': '$.run', 'targetsKey.$': '$.targetsKey' });
  });

  it('state-machine-logs-everything-and-traces', () => {
    s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', { TracingConfiguration: { Enabled: true }, LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }) });
  });
});

describe('lambdas', () => {
  it('every-lambda-is-node22-arm64-with-json-logs-and-retention', () => {
    const fns = resourcesOfType(s.json, 'AWS::Lambda::Function');
    expect(fns).toHaveLength(5);
    for (const [, fn] of fns) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/LambdaLogs/) } } });
    for (const [, lg] of resourcesOfType(s.json, 'AWS::Logs::LogGroup')) expect(lg.Properties!.RetentionInDays).toBe(90);
  });

  it('collect-lambda-gets-the-environment-its-deps-read', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('collect one account'),
      Timeout: 900,
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'vmaudit',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          VMAUDIT_BUCKET: { Ref: logicalId('AuditorReportsBucket', 'AWS::S3::Bucket') },
          VMAUDIT_AUDITOR_ACCOUNT: { Ref: 'AWS::AccountId' },
          VMAUDIT_PARTITION: { Ref: 'AWS::Partition' },
          VMAUDIT_MEMBER_ROLE_NAME: 'vmaudit-member-read',
          VMAUDIT_POLICY_FILE: 'policy.json',
          VMAUDIT_POLICY_SOURCE: 'built-in default policy',
        },
      },
    });
  });

  it('targets-lambda-knows-regions-accounts-and-the-map-mode', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('plan a run'),
      Environment: { Variables: Match.objectLike({ VMAUDIT_REGIONS: '', VMAUDIT_ACCOUNTS: '', VMAUDIT_ORGANIZATION: 'false', VMAUDIT_MAP_MODE: 'inline' }) },
    });
  });

  it('event-lambda-gets-the-bundled-policy-the-report-bucket-and-a-dead-letter-queue', () => {
    const [, fn] = resourcesOfType(s.json, 'AWS::Lambda::Function').find(([, f]) => String(f.Properties!.Description).includes('real-time'))!;
    const vars = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    // The same policy.json as the pipeline Lambdas, in the bundle: no 4 KB environment limit on the access/audit/response sections.
    expect(vars).toMatchObject({ VMAUDIT_POLICY_FILE: 'policy.json', VMAUDIT_BUCKET: expect.anything(), VMAUDIT_TOPIC_ARN: expect.anything(), VMAUDIT_REPORT_URL: expect.anything() });
    expect(Object.keys(vars).filter((k) => /POLICY_JSON|STATE_BUCKET|STATE_PREFIX|INVENTORY_KEY/.test(k))).toEqual([]);
    expect(fn.Properties!.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [logicalId('AuditorDeadLettersQueue', 'AWS::SQS::Queue'), 'Arn'] } });
  });
});

describe('real-time rule', () => {
  it('rule-matches-the-event-rules-own-pattern-and-has-retry-and-a-dead-letter-queue', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: realtimeEventPattern(defaultPolicy(FULL_CATALOGUE).policy),
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 }, DeadLetterConfig: { Arn: Match.anyValue() } })],
    });
  });
});

describe('own health', () => {
  it('nine-alarms-each-notifying-the-topic-on-alarm-and-recovery', () => {
    const topic = logicalId('AuditorAlertsTopic', 'AWS::SNS::Topic');
    const alarms = resourcesOfType(s.json, 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([, a]) => a.Properties!.MetricName).sort()).toEqual(['ApproximateNumberOfMessagesVisible', 'Errors', 'Errors', 'Errors', 'Errors', 'Errors', 'ExecutionsFailed', 'ExecutionsSucceeded', 'ExecutionsTimedOut']);
    for (const [, a] of alarms) {
      expect(a.Properties!.AlarmActions).toEqual([{ Ref: topic }]);
      expect(a.Properties!.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it('dead-man-alarm-fires-when-no-run-succeeded-in-two-schedule-periods', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsSucceeded',
      Namespace: 'AWS/States',
      Statistic: 'Sum',
      Period: 7200,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});

describe('cdk-nag and snapshot', () => {
  it('aws-solutions-checks-report-no-unacknowledged-error-or-warning', () => {
    expect(nagViolations(s.app).map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('template-matches-the-normalised-snapshot', () => {
    expect(normalised(s.json, collectorPermissions())).toMatchSnapshot();
  });
});
