/** The Publish Lambda: reads the run's inventory and the previous state, writes runs/, latest/ and state/, sends the alert. */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AuditFunction } from './audit-function';
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from './lambda-memory';
import { grantBucketAccess } from './bucket-access';
import { lambdaEnvironment } from './lambda-env';
import type { PipelineFunctionProps } from './pipeline-function-props';
import { PREFIX, STATE_PREFIX } from '../layout';

export class PublishFunction extends Construct {
  readonly audit: AuditFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.audit = new AuditFunction(this, 'Lambda', {
      handler: 'publish',
      description: 'vmaudit: estate rules, lifecycle, reports, manifest and alert of a run',
      memorySize: LAMBDA_MEMORY_MB.publish,
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS.publish),
      environment: lambdaEnvironment('publish', config, props.policy, props.resources),
      logRetentionDays: config.logRetentionDays,
      policyJsonFile: props.policy.jsonFile,
      code: config.lambdaCode,
    });
    grantBucketAccess(this.audit.role, props.bucket, props.key, {
      read: [PREFIX.inventory, PREFIX.runs, PREFIX.latest, PREFIX.state],
      write: [PREFIX.runs, PREFIX.latest, PREFIX.state],
      delete: [STATE_PREFIX.alerts],
      list: [PREFIX.inventory, PREFIX.runs],
    });
    grantPublish(this.audit.role, props);
  }
}

/** sns:Publish on the alert topic, and the KMS actions its encryption needs. */
export function grantPublish(role: iam.IRole, props: Pick<PipelineFunctionProps, 'topic' | 'key'>): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.topic.topicArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'EncryptAlerts', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.key.keyArn] }));
}
