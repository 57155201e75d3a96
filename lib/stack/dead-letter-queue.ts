/**
 * Where undeliverable work lands instead of vanishing: real-time events EventBridge could not hand to
 * the event Lambda, events the Lambda failed on after its async retries, schedule invocations that
 * failed. Encrypted with the stack's key, SSL only, kept 14 days; HealthAlarms alarms on any message.
 */
import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from './nag';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  readonly encryptionKey: kms.IKey;
}

export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.queue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue (of the EventBridge target, the event Lambda and the schedules); it has none of its own.');
  }
}
