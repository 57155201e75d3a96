/**
 * Production wiring shared by the pipeline Lambdas, read once per cold start from the environment the
 * stack sets (lib/pipeline/env-names.ts). One module per handler (targets.ts, collect.ts, …) imports
 * only what that handler needs, so each bundle carries no other handler's code.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { EnvReader, type Env } from '../env';
import { ENV } from '../env-names';
import type { StepLog } from '../step-log';

export const SESSION_NAME = 'vmaudit';

export function stepLog(env: Env): StepLog {
  const logger = new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME || 'vmaudit' });
  return {
    info: (m, x) => logger.info(m, x ?? {}),
    warn: (m, x) => logger.warn(m, x ?? {}),
    error: (m, x) => logger.error(m, x ?? {}),
  };
}

/** A link that opens an object in the S3 console (the bucket stays private; the reader signs in). */
export function consoleObjectUrl(partition: string, region: string, bucket: string, key: string): string {
  const host = partition === 'aws-cn' ? 'https://console.amazonaws.cn' : partition === 'aws-us-gov' ? 'https://console.amazonaws-us-gov.com' : 'https://s3.console.aws.amazon.com';
  return `${host}/s3/object/${encodeURIComponent(bucket)}?region=${encodeURIComponent(region)}&prefix=${encodeURIComponent(key)}`;
}

export function commonEnv(env: Env) {
  const r = new EnvReader(env);
  const region = r.require('AWS_REGION', 'the region the Lambda runs in (Lambda sets it)');
  const bucket = r.require(ENV.bucket, 'the report bucket name');
  return { r, region, bucket };
}
