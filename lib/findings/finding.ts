/**
 * The finding: the contract other tools read in findings.json (DESIGN §6).
 */
import { createHash, hash } from 'node:crypto';
import type { Severity } from '../model/severity';
import type { Tags } from '../model/types';
import type { ControlIds } from '../frameworks/index';

export const FINDING_STATUSES = ['FAIL', 'ERROR', 'UNKNOWN', 'SUPPRESSED', 'PASS', 'NOT_APPLICABLE'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type Lifecycle = 'NEW' | 'OPEN' | 'RESOLVED';

/** Control ids per framework id (lib/frameworks): every framework is present, [] when the rule maps to none of its controls. */
export type FindingFrameworks = ControlIds;

export interface Suppression {
  reason: string;
  owner: string;
  expires: string;
  /** Index of the exception in the policy's `exceptions` list. */
  exception: number;
}

export interface Finding {
  id: string;
  ruleId: string;
  status: FindingStatus;
  severity: Severity;
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceArn: string;
  title: string;
  message: string;
  frameworks: FindingFrameworks;
  remediation: string;
  evidence: Record<string, unknown>;
  /**
   * Set by the lifecycle step (lib/state/lifecycle.ts) on failing results (NEW / OPEN) and on results
   * that change a tracked failure: RESOLVED (it passes, is suppressed or is gone) or OPEN (an UNKNOWN /
   * ERROR result hides a failure that was open). A result with no failure behind it carries none.
   */
  lifecycle?: Lifecycle;
  detailKey?: string;
  tags?: Tags;
  suppression?: Suppression;
  /** Set when an expired exception used to cover this finding. */
  expiredException?: { reason: string; owner: string; expired: string };
  /** How the failure evolved across runs; set by the lifecycle step (lib/state/lifecycle.ts). */
  tracking?: Tracking;
}

/** Why a RESOLVED record is resolved. */
export type Resolution = 'passed' | 'suppressed' | 'not-applicable' | 'absent' | 'rule-removed';

export interface Tracking {
  /** The first run in which this finding ever failed. */
  firstSeen: string;
  /** Start of the current (or last) failing streak. */
  openedAt: string;
  /** When it stopped failing. */
  resolvedAt?: string;
  /** How many times it failed again after being resolved (a flapping finding). */
  reopened: number;
  resolution?: Resolution;
}

/** Stable id: the same rule, account, region, resource and detail give the same id on every run. */
export function findingId(ruleId: string, accountId: string, region: string, resourceId: string, detailKey = ''): string {
  const key = `${ruleId}\u0000${accountId}\u0000${region}\u0000${resourceId}\u0000${detailKey}`;
  // One-shot crypto.hash (Node ≥ 20.12) is several times cheaper than a Hash object per finding.
  // Hex of the first 12 bytes, built from the digest bytes: a flat 24-character string, where
  // slicing a 64-character hex string would keep the whole parent alive in every finding.
  const digest = typeof hash === 'function' ? (hash('sha256', key, 'buffer') as unknown as Buffer) : createHash('sha256').update(key).digest();
  return digest.toString('hex', 0, 12);
}

// Plain objects, not Maps: the comparator runs millions of times when sorting a large estate.
const STATUS_ORDER: Record<FindingStatus, number> = { FAIL: 0, ERROR: 1, UNKNOWN: 2, SUPPRESSED: 3, PASS: 4, NOT_APPLICABLE: 5 };
export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Deterministic report order: FAIL first, most severe first, then by rule, account, region, resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.accountId, b.accountId) ||
    cmp(a.region, b.region) ||
    cmp(a.resourceId, b.resourceId) ||
    cmp(a.id, b.id)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
