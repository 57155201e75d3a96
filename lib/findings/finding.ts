/**
 * The finding: the contract other tools read in findings.json (DESIGN §6).
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../engine/severity';
import type { Tags } from '../model/types';

export const FINDING_STATUSES = ['FAIL', 'ERROR', 'UNKNOWN', 'SUPPRESSED', 'PASS', 'NOT_APPLICABLE'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type Lifecycle = 'NEW' | 'OPEN' | 'RESOLVED';

export interface FindingFrameworks {
  fsbp: string[];
  'cis-3.0': string[];
}

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
  lifecycle: Lifecycle;
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
  return createHash('sha256').update([ruleId, accountId, region, resourceId, detailKey].join('\u0000')).digest('hex').slice(0, 24);
}

const STATUS_ORDER = new Map<FindingStatus, number>(FINDING_STATUSES.map((s, i) => [s, i]));
const SEVERITY_ORDER = new Map<Severity, number>((['critical', 'high', 'medium', 'low', 'info'] as Severity[]).map((s, i) => [s, i]));

/** Deterministic report order: FAIL first, most severe first, then by rule, account, region, resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER.get(a.status)! - STATUS_ORDER.get(b.status)! ||
    SEVERITY_ORDER.get(a.severity)! - SEVERITY_ORDER.get(b.severity)! ||
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
