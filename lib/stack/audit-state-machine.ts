/**
 * The scheduled run: BuildTargets → collect every target (a Map with bounded concurrency; a
 * Distributed Map reading targets.json from S3 in organisation mode) → Publish. Only run references
 * and S3 keys travel in the payload. A target that still fails after its retries is recorded as a
 * coverage gap (the state machine writes inventory/<runId>/<account>/<region>.gap.json itself) and the
 * run goes on; Publish turns gaps, and targets that left nothing at all, into UNKNOWN findings.
 */
import { Duration, RemovalPolicy, Stack, type CfnElement } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { GAP_KEY_FORMAT } from '../layout';
import { acknowledge, nagArnRef } from './nag';
import { PREFIX } from '../layout';

export interface AuditStateMachineProps {
  readonly targets: lambda.IFunction;
  readonly collect: lambda.IFunction;
  readonly publish: lambda.IFunction;
  readonly bucket: s3.IBucket & Construct;
  readonly key: kms.IKey;
  /** @default 10 */
  readonly maxConcurrency?: number;
  /** @default false */
  readonly distributed?: boolean;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /** @default Duration.hours(6) */
  readonly timeout?: Duration;
}

/** Retries of a failed collect: Lambda service errors first (CDK adds them), then any task failure. */
export const COLLECT_RETRY = { errors: ['States.TaskFailed', 'States.Timeout'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL };

export class AuditStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditStateMachineProps) {
    super(scope, id);
    const buildTargets = new tasks.LambdaInvoke(this, 'BuildTargets', {
      lambdaFunction: props.targets,
      payload: sfn.TaskInput.fromObject({ executionName: sfn.JsonPath.executionName, startedAt: sfn.JsonPath.executionStartTime }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      comment: 'Accounts x regions, run id, event window start; writes inventory/<runId>/targets.json',
    });
    buildTargets.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(10), maxAttempts: 2, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });

    const collect = new tasks.LambdaInvoke(this, 'CollectTarget', {
      lambdaFunction: props.collect,
      payload: sfn.TaskInput.fromObject({ run: sfn.JsonPath.objectAt('$.run'), target: sfn.JsonPath.objectAt('$.target') }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      resultPath: sfn.JsonPath.DISCARD,
      comment: 'Collect one account/region, run the target-scope rules, write slice and findings to S3',
    });
    collect.addRetry(COLLECT_RETRY);

    const recordGap = new tasks.CallAwsService(this, 'RecordCoverageGap', {
      service: 's3',
      action: 'putObject',
      parameters: {
        Bucket: props.bucket.bucketName,
        Key: sfn.JsonPath.format(GAP_KEY_FORMAT, sfn.JsonPath.stringAt('$.run.runId'), sfn.JsonPath.stringAt('$.target.accountId'), sfn.JsonPath.stringAt('$.target.region')),
        Body: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$')),
        ContentType: 'application/json',
      },
      iamAction: 's3:PutObject',
      iamResources: [props.bucket.arnForObjects(`${PREFIX.inventory}*`)],
      resultPath: sfn.JsonPath.DISCARD,
      comment: 'The target failed after its retries: leave a gap record for Publish',
    });
    recordGap.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 });
    // Even an unwritable gap record must not fail the run: Publish reports a target that left nothing.
    recordGap.addCatch(new sfn.Pass(this, 'GapNotRecorded'), { errors: ['States.ALL'], resultPath: sfn.JsonPath.DISCARD });
    collect.addCatch(recordGap, { errors: ['States.ALL'], resultPath: '$.failure' });

    const itemSelector = { 'run.$': '$.run', 'target.$': '$$.Map.Item.Value' };
    const maxConcurrency = props.maxConcurrency ?? 10;
    const map = props.distributed
      ? new sfn.DistributedMap(this, 'CollectEachTarget', {
          itemReader: new sfn.S3JsonItemReader({ bucket: props.bucket, key: sfn.JsonPath.stringAt('$.targetsKey') }),
          itemSelector,
          maxConcurrency,
          mapExecutionType: sfn.StateMachineType.STANDARD,
          toleratedFailurePercentage: 100,
          resultPath: sfn.JsonPath.DISCARD,
          label: 'CollectEachTarget',
        }).itemProcessor(collect)
      : new sfn.Map(this, 'CollectEachTarget', { itemsPath: '$.targets', itemSelector, maxConcurrency, resultPath: sfn.JsonPath.DISCARD }).itemProcessor(collect);

    const publish = new tasks.LambdaInvoke(this, 'Publish', {
      lambdaFunction: props.publish,
      payload: sfn.TaskInput.fromObject({ run: sfn.JsonPath.objectAt('$.run'), targetsKey: sfn.JsonPath.stringAt('$.targetsKey') }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      comment: 'Estate rules, lifecycle, reports, manifest, latest/, alert (idempotent per run id)',
    });
    publish.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(60), maxAttempts: 2, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: (props.logRetentionDays ?? 90) as logs.RetentionDays, removalPolicy: RemovalPolicy.RETAIN });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'vmaudit scheduled audit run',
      definitionBody: sfn.DefinitionBody.fromChainable(buildTargets.next(map).next(publish)),
      timeout: props.timeout ?? Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    // The gap record is written with the bucket's KMS key; the Distributed Map also reads targets.json with it.
    props.key.grant(this.stateMachine, ...(props.distributed ? ['kms:GenerateDataKey', 'kms:Decrypt'] : ['kms:GenerateDataKey']));

    acknowledge(this.stateMachine, `AwsSolutions-IAM5[Resource::${nagArnRef(props.bucket)}/inventory/*]`, 'Gap records and (Distributed Map) the target list live under inventory/<runId>/, created per run.');
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]', 'CloudWatch Logs delivery and X-Ray actions of the state machine role support no resource-level permissions (CDK generates them).');
    if (props.distributed) {
      const bucketRef = `<${Stack.of(this).getLogicalId(props.bucket.node.defaultChild as CfnElement)}>`;
      acknowledge(this.stateMachine, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucketRef}/*]`, "The Distributed Map's item reader (CDK grant) reads inventory/<runId>/targets.json: s3:GetObject, read-only, on this stack's bucket.");
      // CDK's DistributedMapPolicy: the run may describe and stop its own child executions, named at run time.
      const sm = Stack.of(this).getLogicalId(this.stateMachine.node.defaultChild as CfnElement);
      const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}`;
      for (const suffix of [':*', '/CollectEachTarget:*']) {
        acknowledge(this.stateMachine, `AwsSolutions-IAM5[Resource::${executions}${suffix}]`, 'The run may describe and stop its own Distributed Map child executions, whose names exist only at run time (CDK grant).');
      }
    }
    for (const fn of [props.targets, props.collect, props.publish]) {
      acknowledge(this.stateMachine, `AwsSolutions-IAM5[Resource::${nagArnRef(fn)}:*]`, 'lambda:InvokeFunction on every version and alias of this one function (CDK grant).');
    }
  }
}
