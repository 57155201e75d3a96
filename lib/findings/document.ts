/**
 * findings.json: the machine-readable result of one run (DESIGN §6). Other tools read it, so its
 * shape is versioned; reports, alerts, exports and the next run's lifecycle are all built from it.
 */
import type { CoverageGap, EventWindow } from '../model/types';
import type { Finding, FindingStatus } from './finding';
import type { Severity } from '../model/severity';
import { SEVERITIES } from '../model/severity';
import { FINDING_STATUSES } from './finding';

export const FINDINGS_SCHEMA_VERSION = 2;

export interface RunInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  accounts: string[];
  regions: string[];
  coverageGaps: CoverageGap[];
  eventWindows?: EventWindow[];
  /** What was audited: the snapshot file or live scan, and the policy file. */
  source?: string;
  policy?: string;
  rulesRun?: string[];
  /** Rules of the catalogue a command-line selection (--checks, --services, …) left out: their earlier failures stay open, unverified. */
  rulesNotSelected?: string[];
}

export interface Summary {
  total: number;
  byStatus: Record<FindingStatus, number>;
  /** Open (FAIL) findings per severity. */
  failBySeverity: Record<Severity, number>;
  byLifecycle: { NEW: number; OPEN: number; RESOLVED: number };
}

export interface FindingsDocument {
  schemaVersion: number;
  run: RunInfo;
  summary: Summary;
  findings: Finding[];
}

export function summarise(findings: readonly Finding[]): Summary {
  const byStatus = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  const failBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byLifecycle = { NEW: 0, OPEN: 0, RESOLVED: 0 };
  for (const f of findings) {
    byStatus[f.status]++;
    if (f.status === 'FAIL') {
      failBySeverity[f.severity]++;
    }
    // Only failures and the records that changed one carry a lifecycle (see Finding.lifecycle).
    if (f.lifecycle) byLifecycle[f.lifecycle]++;
  }
  return { total: findings.length, byStatus, failBySeverity, byLifecycle };
}

export function findingsDocument(run: RunInfo, findings: Finding[]): FindingsDocument {
  return { schemaVersion: FINDINGS_SCHEMA_VERSION, run, summary: summarise(findings), findings };
}
