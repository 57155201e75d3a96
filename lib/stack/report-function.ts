/** The periodic report Lambda: reads runs/, writes reports/ and the digest marker, sends the digest. */
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AuditFunction } from './audit-function';
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from './lambda-memory';
import { grantBucketAccess } from './bucket-access';
import { lambdaEnvironment } from './lambda-env';
import type { PipelineFunctionProps } from './pipeline-function-props';
import { grantPublish } from './publish-function';
import { PREFIX, STATE_PREFIX } from '../layout';

export class ReportFunction extends Construct {
  readonly audit: AuditFunction;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.audit = new AuditFunction(this, 'Lambda', {
      handler: 'report',
      description: 'vmaudit: periodic compliance report and e-mail digest',
      memorySize: LAMBDA_MEMORY_MB.report,
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS.report),
      environment: lambdaEnvironment('report', config, props.policy, props.resources),
      logRetentionDays: config.logRetentionDays,
      policyJsonFile: props.policy.jsonFile,
      code: config.lambdaCode,
    });
    grantBucketAccess(this.audit.role, props.bucket, props.key, {
      read: [PREFIX.runs, PREFIX.latest],
      write: [PREFIX.reports, STATE_PREFIX.digests],
      delete: [STATE_PREFIX.digests],
      list: [PREFIX.runs],
    });
    grantPublish(this.audit.role, props);
  }
}
