/**
 * Which results the Security Hub (ASFF) and OCSF exports list: the failing class (FAIL, UNKNOWN, ERROR,
 * SUPPRESSED, NOT_APPLICABLE) and any PASS that closes an earlier failure (RESOLVED, or tracked across
 * runs), which is what Security Hub itself ingests from its own controls. A PASS that never failed is
 * left out: at 50,000 instances that is ~450,000 records (80 %+ of the run) that an importer would pay
 * for and a SIEM would store, with nothing to act on. Every PASS stays in findings.json and
 * findings.csv, and report.html counts them per control, rule, account and region.
 * `includePassed: true` restores the full listing.
 */
import type { Finding } from '../findings/finding';

export interface ExportSelection {
  /** Also export PASS results that never failed (default false). */
  includePassed?: boolean;
}

export function isExported(f: Pick<Finding, 'status' | 'lifecycle' | 'tracking'>, options: ExportSelection = {}): boolean {
  return options.includePassed === true || f.status !== 'PASS' || f.lifecycle === 'RESOLVED' || f.tracking !== undefined;
}
