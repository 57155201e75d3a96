/**
 * VmAuditor: the whole deployable auditor as one construct, for `VmAuditStack` or any CDK app that
 * embeds it. Validates the configuration and the policy file first (a bad value fails synth with one
 * ConfigError / PolicyFileError), then composes the small constructs of lib/stack/.
 */
import { join } from 'node:path';
import { Annotations, Aws, Duration, Stack, Stage } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AlertTopic } from './alert-topic';
import { AuditKey } from './audit-key';
import { AuditStateMachine } from './audit-state-machine';
import { resolveConfig, type ResolvedConfig, type VmAuditorProps } from './config';
import { DeadLetterQueue } from './dead-letter-queue';
import { HealthAlarms } from './health-alarms';
import type { PipelineResources } from './lambda-env';
import type { PipelineFunctionProps, StackPolicyFiles } from './pipeline-function-props';
import { COLLECT_FUNCTION, EVENT_FUNCTION, PipelineFunction, PUBLISH_FUNCTION, REPORT_FUNCTION, TARGETS_FUNCTION } from './pipeline-functions';
import { realtimeEventPattern, type EventPattern } from '../events/eventbridge-pattern';
import { RealtimeEventRule } from './realtime-event-rule';
import { ReportBucket } from './report-bucket';
import { Schedules } from './schedules';
import { loadStackPolicy, writePolicyForBundling, type StackPolicy } from './stack-policy';
import { acknowledge } from './nag';

export class VmAuditor extends Construct {
  readonly config: ResolvedConfig;
  readonly policy: StackPolicy;
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly topic: sns.Topic;
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Readonly<Record<'targets' | 'collect' | 'publish' | 'report', lambda.Function>> & { event?: lambda.Function };
  readonly realtimePattern?: EventPattern;
  readonly alarms: HealthAlarms;

  constructor(scope: Construct, id: string, props: VmAuditorProps = {}, configSource = 'VmAuditor props') {
    super(scope, id);
    this.config = resolveConfig(props, configSource);
    const config = this.config;
    this.policy = loadStackPolicy(config);
    for (const w of this.policy.warnings) Annotations.of(this).addWarningV2('vmaudit:policy', `${this.policy.source}${w.line ? `:${w.line}` : ''} ${w.path}: ${w.message}`);
    if (!config.alertEmails.length) Annotations.of(this).addInfo('vmaudit: no alertEmails configured; subscribe to the alert topic to receive alerts.');

    const stage = Stage.of(this);
    const policyFiles: StackPolicyFiles = {
      source: this.policy.source,
      ...(config.lambdaCode === 'bundle' ? { jsonFile: writePolicyForBundling(join(stage?.assetOutdir ?? stage?.outdir ?? '.', 'vmaudit-policy'), this.policy.json) } : {}),
    };

    this.key = new AuditKey(this, 'Key').key;
    const reportBucket = new ReportBucket(this, 'Reports', {
      encryptionKey: this.key,
      retentionDays: config.retentionDays,
      inventoryRetentionDays: config.inventoryRetentionDays,
      objectLockDays: config.objectLockDays,
    });
    this.bucket = reportBucket.bucket;
    this.topic = new AlertTopic(this, 'Alerts', { masterKey: this.key, emails: config.alertEmails, filterSeverities: config.alertFilterSeverities }).topic;
    const dlq = new DeadLetterQueue(this, 'DeadLetters', { encryptionKey: this.key }).queue;

    const stack = Stack.of(this);
    const resources: PipelineResources = {
      bucketName: this.bucket.bucketName,
      topicArn: this.topic.topicArn,
      auditorAccount: Aws.ACCOUNT_ID,
      partition: Aws.PARTITION,
      region: Aws.REGION,
      stackName: stack.stackName,
      mapMode: config.distributedMap ? 'distributed' : 'inline',
    };
    const fnProps: PipelineFunctionProps = { config, policy: policyFiles, resources, bucket: this.bucket, key: this.key, topic: this.topic };
    const targets = new PipelineFunction(this, 'Targets', TARGETS_FUNCTION, fnProps).audit.function;
    const collect = new PipelineFunction(this, 'Collect', COLLECT_FUNCTION, fnProps).audit.function;
    const publish = new PipelineFunction(this, 'Publish', PUBLISH_FUNCTION, fnProps).audit.function;
    const report = new PipelineFunction(this, 'Report', REPORT_FUNCTION, fnProps).audit.function;

    this.stateMachine = new AuditStateMachine(this, 'Run', {
      targets,
      collect,
      publish,
      bucket: this.bucket,
      key: this.key,
      maxConcurrency: config.maxConcurrency,
      distributed: config.distributedMap,
      logRetentionDays: config.logRetentionDays,
      timeout: Duration.minutes(config.runTimeoutMinutes),
    }).stateMachine;

    new Schedules(this, 'Schedules', {
      stateMachine: this.stateMachine,
      reportFunction: report,
      audit: config.schedule,
      reports: config.reportSchedules,
      timeZone: config.timeZone,
      deadLetterQueue: dlq,
    });

    let event: lambda.Function | undefined;
    if (config.realtime) {
      event = new PipelineFunction(this, 'Events', EVENT_FUNCTION, fnProps, { deadLetterQueue: dlq, retryAttempts: 2 }).audit.function;
      this.realtimePattern = realtimeEventPattern(this.policy.policy);
      new RealtimeEventRule(this, 'Realtime', { handler: event, pattern: this.realtimePattern, deadLetterQueue: dlq, organizationId: config.organizationId });
    }
    this.functions = { targets, collect, publish, report, ...(event ? { event } : {}) };

    this.alarms = new HealthAlarms(this, 'Health', {
      topic: this.topic,
      functions: this.functions,
      stateMachine: this.stateMachine,
      deadLetterQueues: [dlq],
      scheduleGapMinutes: config.schedule.maxGapMinutes,
    });
    acknowledge(this, 'AwsSolutions-L1', 'The Lambdas target Node.js 22 on purpose: the code is built and tested for it (the CLI runs on Node 20 and 22).');
  }
}
