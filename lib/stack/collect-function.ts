/**
 * The CollectTarget Lambda. Its role is the collector role member accounts trust (fixed name), with
 * exactly the collectors' declared read-only actions for the auditor's own account, sts:AssumeRole
 * on the member role name only, and writes to inventory/ and state/inventory/.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { collectorPermissions } from '../collect/registry';
import { AuditFunction } from './audit-function';
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from './lambda-memory';
import { grantBucketAccess } from './bucket-access';
import { lambdaEnvironment } from './lambda-env';
import { acknowledge } from './nag';
import type { PipelineFunctionProps } from './pipeline-function-props';
import { PREFIX, STATE_PREFIX } from '../layout';

export class CollectFunction extends Construct {
  readonly audit: AuditFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.audit = new AuditFunction(this, 'Lambda', {
      handler: 'collect',
      description: 'vmaudit: collect one account/region and run the target-scope rules',
      memorySize: LAMBDA_MEMORY_MB.collect,
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS.collect),
      environment: lambdaEnvironment('collect', config, props.policy, props.resources),
      logRetentionDays: config.logRetentionDays,
      policyJsonFile: props.policy.jsonFile,
      code: config.lambdaCode,
      roleName: config.collectorRoleName,
    });
    const role = this.audit.role;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadInventory', actions: collectorPermissions(), resources: ['*'] }));
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'The collectors call only read-only Describe*/Get*/List*/LookupEvents actions, named one by one; none of them supports resource-level permissions.');
    if (config.organization || config.accounts.length) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'AssumeMemberReadRole', actions: ['sts:AssumeRole'], resources: [`arn:${Aws.PARTITION}:iam::*:role/${config.memberRoleName.replace(/^\/+/, '')}`] }),
      );
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${config.memberRoleName.replace(/^\/+/, '')}]`,
        'The member accounts are listed at run time (organization mode) or configured; the role name is fixed and each member role trusts only this collector role.',
      );
    }
    grantBucketAccess(role, props.bucket, props.key, { write: [PREFIX.inventory, STATE_PREFIX.inventory] });
  }
}
