/**
 * The real-time event Lambda (lambdas/event-handler.ts, by the event-audit path): reads and writes
 * its per-account/region state under state/realtime/, reads the newest inventory slice under
 * state/inventory/, publishes alerts. Failed async invocations go to the dead-letter queue.
 */
import { Duration } from 'aws-cdk-lib';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AuditFunction } from './audit-function';
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from './lambda-memory';
import { grantBucketAccess } from './bucket-access';
import { lambdaEnvironment } from './lambda-env';
import type { PipelineFunctionProps } from './pipeline-function-props';
import { grantPublish } from './publish-function';
import { STATE_PREFIX } from '../layout';

export interface EventFunctionProps extends PipelineFunctionProps {
  readonly deadLetterQueue: sqs.IQueue;
}

export class EventFunction extends Construct {
  readonly audit: AuditFunction;

  constructor(scope: Construct, id: string, props: EventFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.audit = new AuditFunction(this, 'Lambda', {
      handler: 'event-handler',
      description: 'vmaudit: real-time CloudTrail event rules and alerts',
      memorySize: LAMBDA_MEMORY_MB.event,
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS.event),
      environment: lambdaEnvironment('event', config, props.policy, props.resources),
      logRetentionDays: config.logRetentionDays,
      policyJsonFile: props.policy.jsonFile,
      code: config.lambdaCode,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 2,
    });
    grantBucketAccess(this.audit.role, props.bucket, props.key, { read: [STATE_PREFIX.realtime, STATE_PREFIX.inventory], write: [STATE_PREFIX.realtime] });
    grantPublish(this.audit.role, props);
    // grantPublish's kms:GenerateDataKey on the stack key also covers the encrypted dead-letter queue.
  }
}
