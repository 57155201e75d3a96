/**
 * Exceptions as findings of their own, a post-processing step after `evaluate` (it needs every
 * finding of the run): an exception that has expired raises `vmaudit-exception-expired` (medium), so an
 * accepted risk cannot silently lapse; one that matches nothing raises `vmaudit-exception-stale`
 * (info), so the policy does not collect dead entries that would suppress a future failure nobody
 * reviewed. The ids are stable (they hash the exception's selector, not its position in the list), so
 * the lifecycle step reports them NEW once, OPEN after, RESOLVED when the policy is fixed.
 */
import { truncate } from '../model/bounded-text';
import { MAX_FINDING_STRING_CHARS } from '../limits';
import { createHash } from 'node:crypto';
import { accountArn } from '../model/arn';
import { compareFindings, findingId, type Finding } from './finding';
import { exceptionMatcher, exceptionReport, type ExceptionStatus } from './exceptions';
import type { PolicyException } from '../policy/schema';
import type { CoverageGap } from '../model/types';
import { emptyControlIds } from '../frameworks/index';

export const EXCEPTION_EXPIRED_RULE = 'vmaudit-exception-expired';
export const EXCEPTION_STALE_RULE = 'vmaudit-exception-stale';
export const EXCEPTION_RULES = [EXCEPTION_EXPIRED_RULE, EXCEPTION_STALE_RULE] as const;
export const EXCEPTION_RESOURCE_TYPE = 'vmaudit::Policy::Exception';

export interface ExceptionScope {
  /** The run's accounts: an exception that names no single account is filed under the first. */
  accounts: readonly string[];
  /** The run's regions and coverage gaps: an exception whose scope this run did not fully see is never called stale. */
  regions?: readonly string[];
  coverageGaps?: readonly CoverageGap[];
  /** Where the policy lives, for the finding's ARN-like resource id (default "policy"). */
  policyName?: string;
}

/** A stable handle for an exception: its selector, not its index (reordering the list keeps ids). */
export function exceptionKey(e: PolicyException): string {
  const selector = JSON.stringify([e.rule, e.resource ?? '', e.account ?? '', e.region ?? '', e.tags ?? null]);
  return createHash('sha256').update(selector).digest('hex').slice(0, 16);
}

function describe(e: PolicyException): string {
  const parts = [`rule ${e.rule}`];
  if (e.resource) parts.push(`resource ${e.resource}`);
  if (e.account) parts.push(`account ${e.account}`);
  if (e.region) parts.push(`region ${e.region}`);
  if (e.tags) parts.push(`tags ${JSON.stringify(e.tags)}`);
  return parts.join(', ');
}

const LITERAL_ACCOUNT = /^\d{12}$/;
const LITERAL_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Files the finding where the exception applies: its literal account/region, else where its matches are. */
function placement(e: PolicyException, matched: readonly Finding[], scope: ExceptionScope): { accountId: string; region: string } {
  const single = (xs: string[]) => (new Set(xs).size === 1 ? xs[0] : undefined);
  const accountId =
    (e.account && LITERAL_ACCOUNT.test(e.account) ? e.account : undefined) ?? single(matched.map((f) => f.accountId)) ?? scope.accounts[0] ?? '000000000000';
  const region = (e.region && LITERAL_REGION.test(e.region) ? e.region : undefined) ?? single(matched.map((f) => f.region)) ?? 'global';
  return { accountId, region };
}

function exceptionFinding(s: ExceptionStatus, matched: readonly Finding[], scope: ExceptionScope): Finding {
  const e = s.exception;
  const key = exceptionKey(e);
  const { accountId, region } = placement(e, matched, scope);
  const resourceId = `exception/${key}`;
  const expired = s.state === 'expired';
  const ruleId = expired ? EXCEPTION_EXPIRED_RULE : EXCEPTION_STALE_RULE;
  const policy = scope.policyName ?? 'policy';
  return {
    id: findingId(ruleId, accountId, region, resourceId),
    ruleId,
    status: 'FAIL',
    severity: expired ? 'medium' : 'info',
    accountId,
    region,
    resourceType: EXCEPTION_RESOURCE_TYPE,
    resourceId,
    resourceArn: `${accountArn(accountId, region === 'global' ? 'us-east-1' : region)}#vmaudit-exception/${key}`,
    title: expired ? 'A policy exception has expired' : 'A policy exception matches nothing',
    message: truncate(
      expired
        ? `The exception for ${describe(e)} (owner ${e.owner}, reason "${e.reason}") expired on ${e.expires}; ` +
          `${s.matched} finding${s.matched === 1 ? '' : 's'} it covered ${s.matched === 1 ? 'is' : 'are'} failing again.`
        : `The exception for ${describe(e)} (owner ${e.owner}, reason "${e.reason}", expires ${e.expires}) matches no failing or suppressed finding.`,
      MAX_FINDING_STRING_CHARS,
    ),
    frameworks: emptyControlIds(),
    remediation: expired
      ? `Fix the findings, or renew the exception in ${policy} with a new expiry after review by its owner (${e.owner}).`
      : `Remove the exception from ${policy}, or correct its rule/resource/account/region/tags so it matches what it was meant to cover.`,
    evidence: {
      exception: { index: s.index, rule: e.rule, resource: e.resource, account: e.account, region: e.region, tags: e.tags, reason: e.reason, owner: e.owner, expires: e.expires },
      matched: s.matched,
      matchedFindings: matched.slice(0, 20).map((f) => f.id),
    },
  };
}

/**
 * "Matches nothing" only means something when the run looked everywhere the exception applies: its
 * literal account and region were audited, and no coverage gap hid data there.
 */
function fullySeen(e: PolicyException, scope: ExceptionScope): boolean {
  const account = e.account && LITERAL_ACCOUNT.test(e.account) ? e.account : undefined;
  const region = e.region && LITERAL_REGION.test(e.region) ? e.region : undefined;
  if (account && scope.accounts.length && !scope.accounts.includes(account)) return false;
  if (region && scope.regions?.length && !scope.regions.includes(region)) return false;
  return !(scope.coverageGaps ?? []).some((g) => (!account || g.accountId === account) && (!region || g.region === region || g.region === '*'));
}

/**
 * The findings this step adds: one per expired exception and one per stale exception. `findings` are
 * the run's findings after `applyExceptions`.
 */
export function exceptionFindings(findings: readonly Finding[], exceptions: readonly PolicyException[], now: Date, scope: ExceptionScope): Finding[] {
  if (exceptions.length === 0) return [];
  const report = exceptionReport([...findings], [...exceptions], now);
  const out: Finding[] = [];
  for (const s of report) {
    if (s.state === 'active') continue;
    if (s.state === 'stale' && !fullySeen(s.exception, scope)) continue;
    const m = exceptionMatcher(s.exception);
    const matched = findings.filter((f) => (f.status === 'FAIL' || f.status === 'SUPPRESSED') && m(f));
    out.push(exceptionFinding(s, matched, scope));
  }
  return out;
}

/**
 * The run's findings with the exception findings added (idempotent: a finding already present by id
 * is not added twice), sorted in report order.
 */
export function withExceptionFindings(findings: readonly Finding[], exceptions: readonly PolicyException[], now: Date, scope: ExceptionScope): Finding[] {
  const base = findings.filter((f) => f.resourceType !== EXCEPTION_RESOURCE_TYPE);
  const added = exceptionFindings(base, exceptions, now, scope);
  return [...base, ...added].sort(compareFindings);
}
