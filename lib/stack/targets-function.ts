/** The BuildTargets Lambda: reads state/last-run.json, writes inventory/<runId>/targets.json, lists the organization in org mode. */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LAST_RUN_KEY, PREFIX } from '../layout';
import { AuditFunction } from './audit-function';
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from './lambda-memory';
import { grantBucketAccess } from './bucket-access';
import { lambdaEnvironment } from './lambda-env';
import { acknowledge } from './nag';
import type { PipelineFunctionProps } from './pipeline-function-props';

export class TargetsFunction extends Construct {
  readonly audit: AuditFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.audit = new AuditFunction(this, 'Lambda', {
      handler: 'targets',
      description: 'vmaudit: plan a run (accounts x regions, event window start)',
      memorySize: LAMBDA_MEMORY_MB.targets,
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS.targets),
      environment: lambdaEnvironment('targets', config, props.policy, props.resources),
      logRetentionDays: config.logRetentionDays,
      code: config.lambdaCode,
    });
    grantBucketAccess(this.audit.role, props.bucket, props.key, { read: [LAST_RUN_KEY], write: [PREFIX.inventory] });
    if (config.organization) {
      this.audit.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ListOrganizationAccounts', actions: ['organizations:ListAccounts'], resources: ['*'] }));
      acknowledge(this.audit.role, 'AwsSolutions-IAM5[Resource::*]', 'organizations:ListAccounts supports no resource-level permission; it is read-only.');
    }
  }
}
