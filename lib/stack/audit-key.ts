/**
 * One customer-managed KMS key for the report bucket, the alert topic and the dead-letter queue:
 * one key to audit and rotate ($1 a month), readable only by the roles the stack grants. The key
 * policy names the two services that must use it without an IAM role of this stack: CloudWatch
 * (alarms publish to the encrypted topic) and EventBridge (writes failed events to the encrypted DLQ).
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface AuditKeyProps {
  /** @default 'alias/vmaudit' */
  readonly alias?: string;
}

export class AuditKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AuditKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'vmaudit: report bucket, alert topic and dead-letter queue encryption',
      enableKeyRotation: true,
      alias: props.alias,
      // The key protects the retained report bucket: deleting it would make every report unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `Allow${service.split('.')[0]}ToUseTheKey`,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
    }
  }
}
