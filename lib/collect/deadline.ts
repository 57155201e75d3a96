/**
 * A deadline for the calls of one part of a scan (finding the caller, planning an account, reading a
 * target): when it passes, every request of the clients given its signal is aborted, in flight or
 * later, and fails at once (lib/aws/clients.ts), so the collectors end with what they read and a
 * coverage gap for each call that did not finish. An endpoint that never answers costs the deadline,
 * not forever.
 */
import type { CoverageGap } from '../model/types';

/** The error code of a call cut off by its deadline (the SDK reports it as AbortError). */
export const DEADLINE_ERROR_CODE = 'TargetTimeout';

export interface Deadline {
  signal: AbortSignal;
  passed(): boolean;
  clear(): void;
}

/** Fires after `ms`; the abort reason is the sentence the coverage gap and error messages carry. */
export function startDeadline(ms: number, what: string): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(`${what} did not finish within the --timeout of ${formatSeconds(ms)}`), ms);
  return {
    signal: controller.signal,
    passed: () => controller.signal.aborted,
    clear: () => clearTimeout(timer),
  };
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Gaps of calls aborted by the deadline say so by their code (the message already names the deadline). */
export function markDeadlineGaps(gaps: CoverageGap[]): number {
  let n = 0;
  for (const g of gaps) {
    if (g.errorCode === 'AbortError') {
      g.errorCode = DEADLINE_ERROR_CODE;
      n++;
    }
  }
  return n;
}
