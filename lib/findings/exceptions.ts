/**
 * Exceptions (suppressions): an accepted risk with a reason, an owner and an expiry.
 * A matching, unexpired exception turns FAIL into SUPPRESSED; an expired one stops suppressing
 * and the finding says so. `exceptionReport` tells which exceptions expired and which match nothing.
 */
import { wildcard as glob } from '../util/wildcard';
import type { Finding } from './finding';
import type { PolicyException, TagMatch } from '../policy/schema';

type Matcher = (f: Finding) => boolean;

function tagsMatch(match: TagMatch, tags: Record<string, string> | undefined): boolean {
  const t = tags ?? {};
  const has = (k: string, v: string) => Object.prototype.hasOwnProperty.call(t, k) && glob(v)(t[k]);
  if ('allOf' in match || 'anyOf' in match) {
    const m = match as { allOf?: Record<string, string>; anyOf?: Record<string, string> };
    const all = Object.entries(m.allOf ?? {}).every(([k, v]) => has(k, v));
    const anyEntries = Object.entries(m.anyOf ?? {});
    const any = anyEntries.length === 0 || anyEntries.some(([k, v]) => has(k, v));
    return all && any;
  }
  return Object.entries(match as Record<string, string>).every(([k, v]) => has(k, v));
}

export function exceptionMatcher(e: PolicyException): Matcher {
  const rule = glob(e.rule);
  const resource = e.resource ? glob(e.resource) : undefined;
  const account = e.account ? glob(e.account) : undefined;
  const region = e.region ? glob(e.region) : undefined;
  return (f) =>
    rule(f.ruleId) &&
    (!resource || resource(f.resourceId) || resource(f.resourceArn)) &&
    (!account || account(f.accountId)) &&
    (!region || region(f.region)) &&
    (!e.tags || tagsMatch(e.tags, f.tags));
}

export function isExpired(e: PolicyException, now: Date): boolean {
  return Date.parse(e.expires) <= now.getTime();
}

/** Returns new findings; the input is not changed. */
export function applyExceptions(findings: Finding[], exceptions: PolicyException[], now: Date): Finding[] {
  if (exceptions.length === 0) return findings;
  const matchers = exceptions.map(exceptionMatcher);
  return findings.map((f) => {
    if (f.status !== 'FAIL') return f;
    let expired: PolicyException | undefined;
    for (let i = 0; i < exceptions.length; i++) {
      if (!matchers[i](f)) continue;
      const e = exceptions[i];
      if (isExpired(e, now)) {
        expired ??= e;
        continue;
      }
      return { ...f, status: 'SUPPRESSED' as const, suppression: { reason: e.reason, owner: e.owner, expires: e.expires, exception: i } };
    }
    return expired ? { ...f, expiredException: { reason: expired.reason, owner: expired.owner, expired: expired.expires } } : f;
  });
}

export interface ExceptionStatus {
  index: number;
  exception: PolicyException;
  state: 'active' | 'expired' | 'stale';
  /** Findings it matches (suppressed when active, failing again when expired). */
  matched: number;
}

/** Every exception with its state: active, expired, or stale (matches no failing finding). */
export function exceptionReport(findings: Finding[], exceptions: PolicyException[], now: Date): ExceptionStatus[] {
  return exceptions.map((exception, index) => {
    const m = exceptionMatcher(exception);
    const matched = findings.filter((f) => (f.status === 'FAIL' || f.status === 'SUPPRESSED') && m(f)).length;
    const state = isExpired(exception, now) ? 'expired' : matched === 0 ? 'stale' : 'active';
    return { index, exception, state, matched };
  });
}
