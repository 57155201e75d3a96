/**
 * The environment of each Lambda, in one place: the stack calls it with CloudFormation tokens,
 * `npm run invoke` with real names, so a handler run in-process sees exactly what it sees in Lambda.
 */
import { DEFAULT_POLICY_FILE_NAME, ENV } from '../pipeline/env-names';
import type { ResolvedConfig } from './config';
import { OUTPUT_FORMAT_NAMES } from '../layout';

export type FunctionKind = 'targets' | 'collect' | 'publish' | 'report' | 'event';

export const FUNCTION_KINDS: readonly FunctionKind[] = ['targets', 'collect', 'publish', 'report', 'event'];

export interface PipelineResources {
  bucketName: string;
  topicArn: string;
  auditorAccount: string;
  partition: string;
  region: string;
  stackName: string;
  mapMode: 'inline' | 'distributed';
}

export interface PolicyEnvironment {
  /** Name shown in reports. */
  source: string;
  /** Path of the policy file the Lambdas load (relative to the task root in Lambda). */
  file?: string;
}

/** Where the event Lambda's alerts point: the newest run's report in the S3 console. */
export function latestReportUrl(bucket: string, region: string): string {
  return `https://s3.console.aws.amazon.com/s3/object/${bucket}?region=${region}&prefix=latest/report.html`;
}

export function lambdaEnvironment(kind: FunctionKind, config: ResolvedConfig, policy: PolicyEnvironment, r: PipelineResources): Record<string, string> {
  const common = { POWERTOOLS_SERVICE_NAME: 'vmaudit', POWERTOOLS_LOG_LEVEL: 'INFO' };
  const policyVars = {
    [ENV.policyFile]: policy.file ?? DEFAULT_POLICY_FILE_NAME,
    [ENV.policySource]: policy.source,
  };
  switch (kind) {
    case 'targets':
      return {
        ...common,
        [ENV.bucket]: r.bucketName,
        [ENV.auditorAccount]: r.auditorAccount,
        [ENV.regions]: config.regions.join(','),
        [ENV.accounts]: config.accounts.join(','),
        [ENV.organization]: String(config.organization),
        [ENV.mapMode]: r.mapMode,
      };
    case 'collect':
      return {
        ...common,
        ...policyVars,
        [ENV.bucket]: r.bucketName,
        [ENV.auditorAccount]: r.auditorAccount,
        [ENV.partition]: r.partition,
        [ENV.memberRoleName]: config.memberRoleName,
        ...(config.externalId ? { [ENV.externalId]: config.externalId } : {}),
      };
    case 'publish':
      return {
        ...common,
        ...policyVars,
        [ENV.bucket]: r.bucketName,
        [ENV.topicArn]: r.topicArn,
        [ENV.partition]: r.partition,
        [ENV.source]: r.stackName,
        // Set only for a narrower choice: unset means every format.
        ...(config.outputFormats.length < OUTPUT_FORMAT_NAMES.length ? { [ENV.outputFormats]: config.outputFormats.join(',') } : {}),
      };
    case 'report':
      return { ...common, ...policyVars, [ENV.bucket]: r.bucketName, [ENV.topicArn]: r.topicArn, [ENV.partition]: r.partition };
    case 'event':
      return { ...common, ...policyVars, [ENV.bucket]: r.bucketName, [ENV.topicArn]: r.topicArn, [ENV.reportUrl]: latestReportUrl(r.bucketName, r.region) };
  }
}
