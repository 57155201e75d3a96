/**
 * Memory and time-out of each Lambda, in one place: the constructs set them and the `pipeline`
 * benchmark caps each handler's heap at them (bench/suites/pipeline.ts), so a setting is only ever
 * the one that was measured. Lambda gives CPU in proportion to memory (1,769 MB = one vCPU).
 */
import type { FunctionKind } from './lambda-env';

/** Lambda's largest memory setting. */
export const LAMBDA_MAX_MEMORY_MB = 10_240;

/** Lambda's longest time-out. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/** The estate the pipeline Lambdas are sized for (DESIGN §8): 50,000 instances. */
export const MEMORY_SIZED_AT = 50_000;

/**
 * Headroom over the peak RSS measured at that size with the heap allowed the whole setting: findings,
 * and with them memory, grow with the estate and with how much of it fails, and Lambda ends an
 * invocation whose process outgrows its setting. The peak at the setting already holds garbage V8
 * chose not to collect yet (it collects later when allowed more), so 25% over it is real headroom.
 * A docs test holds each setting to at least this much over the committed `pipeline` figures.
 */
export const MEMORY_MARGIN = 1.25;

export const LAMBDA_MEMORY_MB: Readonly<Record<FunctionKind, number>> = {
  targets: 256,
  collect: 1024,
  // Measured at 50,000 instances with the heap capped at 1,769 MB (one vCPU): 1,799 MiB peak RSS for
  // the first run and 1,761 MiB for the next, i.e. over that setting, which Lambda would have ended.
  // 3,584 MB is twice that peak (about two vCPUs, which the gzip and hashing streams also use); the
  // committed figures at this setting are in docs/benchmarks.md, and a test keeps the margin.
  publish: 3584,
  report: 1024,
  event: 512,
};

export const LAMBDA_TIMEOUT_SECONDS: Readonly<Record<FunctionKind, number>> = {
  targets: 120,
  // LookupEvents is paced at one call a second per region: a busy account takes minutes.
  collect: LAMBDA_MAX_TIMEOUT_SECONDS,
  publish: LAMBDA_MAX_TIMEOUT_SECONDS,
  report: 600,
  event: 60,
};
