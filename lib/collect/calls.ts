/**
 * Every AWS call of a collector goes through these two helpers, so that a failure of any kind
 * (AccessDenied, an opt-in region, throttling beyond the SDK's retries, a timeout, a network error)
 * becomes a coverage gap instead of an exception, and what was read before the failure is kept.
 */
import type { CoverageGap } from '../model/types';
import type { CollectContext, ServiceName } from './types';

const MESSAGE_MAX = 300;

/** The AWS error code of an SDK error (`name` is the code for modelled and unmodelled service errors). */
export function errorCodeOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown; Code?: unknown };
    for (const v of [e.Code, e.name !== 'Error' ? e.name : undefined, e.code]) if (typeof v === 'string' && v) return v;
  }
  return 'UnknownError';
}

/** One line, bounded: error messages can carry request ids and, from emulators, whole documents. */
export function errorMessageOf(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  const one = (raw || 'no message').replace(/\s+/g, ' ').trim();
  return one.length > MESSAGE_MAX ? `${one.slice(0, MESSAGE_MAX - 1)}…` : one;
}

export function gapOf(accountId: string, region: string, service: string, api: string, err: unknown): CoverageGap {
  return { accountId, region, service, api, errorCode: errorCodeOf(err), message: errorMessageOf(err) };
}

function count(ctx: CollectContext, service: ServiceName, api: string): void {
  const k = `${service}:${api}`;
  ctx.calls.set(k, (ctx.calls.get(k) ?? 0) + 1);
}

export function recordGap(ctx: CollectContext, service: ServiceName, api: string, err: unknown): void {
  const gap = gapOf(ctx.target.accountId, ctx.target.region, service, api, err);
  ctx.out.coverageGaps.push(gap);
  ctx.options.onStep?.({ ...ctx.target, service, collector: ctx.collector, status: 'gap', api, errorCode: gap.errorCode, message: gap.message });
}

/** One call; undefined (and a gap) when it failed. */
export function call<T>(ctx: CollectContext, service: ServiceName, api: string, fn: () => Promise<T>): Promise<T | undefined> {
  return callAnswering<T, never>(ctx, service, api, fn, {});
}

/**
 * One call where some error codes are answers, not failures (S3 says NoSuchBucketPolicy for "this
 * bucket has no policy"): such a code returns `answers[code]` and records no gap.
 */
export async function callAnswering<T, A>(ctx: CollectContext, service: ServiceName, api: string, fn: () => Promise<T>, answers: Readonly<Record<string, A>>): Promise<T | A | undefined> {
  try {
    const r = await fn();
    count(ctx, service, api);
    return r;
  } catch (err) {
    count(ctx, service, api);
    const code = errorCodeOf(err);
    if (Object.prototype.hasOwnProperty.call(answers, code)) return answers[code];
    recordGap(ctx, service, api, err);
    return undefined;
  }
}

/**
 * Walks an SDK paginator; pages read before a failure are kept (and a gap says the list is incomplete).
 * `onPage` returning false (or a promise of false) stops there (a cap); the next page is requested only after `onPage` has
 * settled, so an `onPage` that waits paces the requests.
 */
export async function eachPage<P>(ctx: CollectContext, service: ServiceName, api: string, pages: AsyncIterable<P>, onPage: (page: P) => unknown): Promise<boolean> {
  try {
    for await (const page of pages) {
      count(ctx, service, api);
      const r = onPage(page);
      if ((r instanceof Promise ? await r : r) === false) break;
    }
    return true;
  } catch (err) {
    count(ctx, service, api);
    recordGap(ctx, service, api, err);
    return false;
  }
}

/** Splits a list into chunks of at most `size` (id lists passed to filters). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
