/**
 * AWS SDK v3 client construction in one place, so every client gets the same retry policy
 * (lib/aws/retry.ts), time-outs and endpoint handling. The SDK itself honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
 * (shared config "service-specific endpoints"; the suffix is the service id upper-cased: EC2,
 * CLOUDTRAIL, STS, ORGANIZATIONS, S3, SNS) — test/collect/endpoints.test.ts pins that. S3
 * additionally needs path-style addressing when an emulator endpoint is set, because emulators
 * rarely resolve bucket sub-domains.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider, AwsCredentialIdentity } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BoundedRetryStrategy } from './retry';

/** What a client's HTTP layer must do; tests and benchmarks pass a fake to exercise the real retry and endpoint code. */
export interface FakeableRequestHandler {
  handle(request: unknown, options?: unknown): Promise<{ response: unknown }>;
}

export interface ClientOptions {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Environment to read endpoint overrides from; defaults to process.env (edge code only). */
  env?: NodeJS.ProcessEnv;
  maxAttempts?: number;
  /** Replaces the HTTP handler (tests, benchmarks); production code leaves it unset. */
  requestHandler?: FakeableRequestHandler;
  /** Overrides HTTP_TIMEOUTS (tests of the time-outs themselves); production code leaves it unset. */
  timeouts?: { connectionTimeout?: number; requestTimeout?: number };
  /**
   * Aborts every request of this client, in flight or later, once it fires: a deadline for all the
   * calls that read one target (the request fails with AbortError and is not retried).
   */
  signal?: AbortSignal;
}

/** Attempts for throttling; any other failure gets at most three (lib/aws/retry.ts). */
export const MAX_ATTEMPTS = 8;

/**
 * Time-outs of every AWS request. connectionTimeout: the TCP (and TLS) connection must be up within
 * it. requestTimeout: the whole request, from sending to the last byte of the answer; with
 * throwOnRequestTimeout the handler destroys the socket and fails the request with TimeoutError
 * (without it, @smithy/node-http-handler 4.x only logs a warning and waits forever on an endpoint
 * that accepts the connection and never answers). A TimeoutError is retried at most twice more.
 */
export const HTTP_TIMEOUTS = { connectionTimeout: 10_000, requestTimeout: 60_000, throwOnRequestTimeout: true } as const;

type HandlerOptions = { abortSignal?: AbortSignal; requestTimeout?: number; [k: string]: unknown };

/** Passes every request to `inner` with `signal` joined to the request's own abort signal. */
class SignalledHandler {
  constructor(
    private readonly inner: FakeableRequestHandler & { destroy?(): void; updateHttpClientConfig?(k: never, v: never): void; httpHandlerConfigs?(): unknown },
    private readonly signal: AbortSignal,
  ) {}

  handle(request: unknown, options: HandlerOptions = {}) {
    const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal, this.signal]) : this.signal;
    return this.inner.handle(request, { ...options, abortSignal });
  }

  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig?.(key, value);
  }

  httpHandlerConfigs(): unknown {
    return this.inner.httpHandlerConfigs?.() ?? {};
  }

  destroy(): void {
    this.inner.destroy?.();
  }
}

/** Throttling backs off (adaptive: across all calls of a client, not per call); everything else is bounded. */
export function baseConfig(o: ClientOptions) {
  const maxAttempts = o.maxAttempts ?? MAX_ATTEMPTS;
  const handler = o.requestHandler ?? new NodeHttpHandler({ ...HTTP_TIMEOUTS, ...o.timeouts });
  return {
    region: o.region,
    credentials: o.credentials,
    maxAttempts,
    retryStrategy: new BoundedRetryStrategy(maxAttempts),
    requestHandler: (o.signal ? new SignalledHandler(handler, o.signal) : handler) as never,
  };
}

/** The endpoint override for a service, as the SDK resolves it: the service-specific variable first. */
export function endpointOverride(serviceEnvName: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${serviceEnvName}`] || env.AWS_ENDPOINT_URL || undefined;
}

export function makeS3Client(o: ClientOptions): S3Client {
  return new S3Client({ ...baseConfig(o), forcePathStyle: endpointOverride('S3', o.env) !== undefined });
}

/**
 * S3 for reading other buckets' settings (a trail's bucket): a bucket in another region answers a
 * regional client with a redirect, which followRegionRedirects resolves (one HeadBucket more).
 */
export function makeBucketReaderS3Client(o: ClientOptions): S3Client {
  return new S3Client({ ...baseConfig(o), forcePathStyle: endpointOverride('S3', o.env) !== undefined, followRegionRedirects: true });
}

export function makeSnsClient(o: ClientOptions): SNSClient {
  return new SNSClient(baseConfig(o));
}

export function makeEc2Client(o: ClientOptions): EC2Client {
  return new EC2Client(baseConfig(o));
}

export function makeCloudTrailClient(o: ClientOptions): CloudTrailClient {
  return new CloudTrailClient(baseConfig(o));
}

export function makeStsClient(o: ClientOptions): STSClient {
  return new STSClient(baseConfig(o));
}

/**
 * Organizations is a global service: the SDK signs for us-east-1 (aws partition) whatever region it
 * is given, so any region of the partition works here.
 */
export function makeOrganizationsClient(o: ClientOptions): OrganizationsClient {
  return new OrganizationsClient(baseConfig(o));
}

/**
 * The caller's own credentials: the standard chain (env, SSO, shared files, container, instance
 * metadata), with an optional named profile. Resolution is lazy: nothing is read until a call.
 */
export function baseCredentials(o: { profile?: string } = {}): AwsCredentialIdentityProvider {
  return fromNodeProviderChain(o.profile ? { profile: o.profile } : {});
}
