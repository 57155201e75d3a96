/**
 * The retry policy of every AWS client: retries that end.
 *
 * - Throttling is retried with the SDK's adaptive backoff (and client-side rate limiting) up to the
 *   client's maxAttempts: AWS asks us to slow down, and waiting works.
 * - Any other retryable failure (HTTP 500/502/503/504, a time-out, a reset connection) is retried at
 *   most twice more: an outage or an API missing in a partition does not heal within a scan, and
 *   eight attempts with backoff cost seconds per call on every run.
 * - An answer that says the operation does not exist or is not implemented is never retried.
 *
 * Whatever still fails reaches the collector, which records it as a coverage gap.
 */
import { AdaptiveRetryStrategy } from '@smithy/util-retry';

type RetryToken = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[0];
type RetryErrorInfo = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[1];

/** Retries after the first attempt for a failure that is not throttling. */
export const MAX_RETRIES_UNLESS_THROTTLED = 2;

/** Error codes (and the HTTP status) that mean "this operation is not there": asking again cannot help. */
const NOT_IMPLEMENTED_CODES = new Set(['UnknownOperation', 'UnknownOperationException', 'InvalidAction', 'NotImplemented', 'UnsupportedOperation', 'UnsupportedOperationException']);
const NOT_IMPLEMENTED_STATUS = 501;

function codeOf(error: unknown): { code?: string; status?: number } {
  if (!error || typeof error !== 'object') return {};
  const e = error as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const code = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : undefined;
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  return { code, status };
}

/**
 * Whether the policy allows another attempt after `retriesSoFar` retries; the SDK's strategy still
 * decides whether the error is retryable at all (a 4xx other than throttling never is).
 */
export function policyAllowsRetry(info: { errorType: string; error?: unknown }, retriesSoFar: number): boolean {
  const { code, status } = codeOf(info.error);
  if (status === NOT_IMPLEMENTED_STATUS || (code !== undefined && NOT_IMPLEMENTED_CODES.has(code))) return false;
  // An aborted request (the target's deadline passed) is over by intent.
  if (code === 'AbortError') return false;
  if (info.errorType === 'THROTTLING') return true;
  return retriesSoFar < MAX_RETRIES_UNLESS_THROTTLED;
}

/** The SDK's adaptive strategy, with the caps of policyAllowsRetry in front of it. */
export class BoundedRetryStrategy {
  readonly mode = 'adaptive';
  private readonly inner: AdaptiveRetryStrategy;

  constructor(maxAttempts: number) {
    this.inner = new AdaptiveRetryStrategy(async () => maxAttempts);
  }

  acquireInitialRetryToken(scope: string) {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo) {
    // Throwing here ends the retry loop; the SDK then rethrows the request's own error.
    if (!policyAllowsRetry(info, token.getRetryCount())) throw new Error('retry refused by policy');
    return this.inner.refreshRetryTokenForRetry(token, info);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}
