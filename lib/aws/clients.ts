/**
 * AWS SDK v3 client construction in one place, so every client gets the same retry policy and
 * endpoint handling. The SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
 * (shared config "service-specific endpoints"); S3 additionally needs path-style addressing when
 * an emulator endpoint is set, because emulators rarely resolve bucket sub-domains.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsCredentialIdentityProvider, AwsCredentialIdentity } from '@aws-sdk/types';

export interface ClientOptions {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Environment to read endpoint overrides from; defaults to process.env (edge code only). */
  env?: NodeJS.ProcessEnv;
  maxAttempts?: number;
}

/** Adaptive retry backs off on throttling across all calls of a client, not per call. */
export function baseConfig(o: ClientOptions) {
  return {
    region: o.region,
    credentials: o.credentials,
    retryMode: 'adaptive' as const,
    maxAttempts: o.maxAttempts ?? 8,
  };
}

/** The endpoint override for a service, as the SDK resolves it: the service-specific variable first. */
export function endpointOverride(serviceEnvName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${serviceEnvName}`] || env.AWS_ENDPOINT_URL || undefined;
}

export function makeS3Client(o: ClientOptions): S3Client {
  return new S3Client({ ...baseConfig(o), forcePathStyle: endpointOverride('S3', o.env) !== undefined });
}

export function makeSnsClient(o: ClientOptions): SNSClient {
  return new SNSClient(baseConfig(o));
}
