/**
 * report.json and report.csv of the periodic report. The JSON is the model as built (fixed key order,
 * 2-space indent). The CSV is one table an auditor can filter: one row per framework total, per
 * control and per account/region, with the same counts and score; estate strings are neutralised
 * against formula injection by the same csvField as findings.csv.
 */
import { csvField } from '../reports/csv';
import type { ComplianceReport, StatusCounts } from './model';

export function renderComplianceJson(r: ComplianceReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

export const COMPLIANCE_CSV_COLUMNS = ['period', 'section', 'framework', 'control', 'title', 'accountId', 'region', 'verdict', 'score', 'pass', 'fail', 'unknown', 'suppressed', 'notApplicable', 'rules'] as const;

function score(s: number | null): string {
  return s === null ? '' : s.toFixed(4);
}

function counts(c: StatusCounts): string[] {
  return [c.pass, c.fail, c.unknown, c.suppressed, c.notApplicable].map(String);
}

export function renderComplianceCsv(r: ComplianceReport, options: { bom?: boolean } = {}): string {
  const rows: string[][] = [];
  for (const f of r.frameworks) {
    rows.push([r.period.label, 'framework', f.framework, '', f.label, '', '', f.controls.failed ? 'FAIL' : f.controls.unknown ? 'UNKNOWN' : f.controls.total ? 'PASS' : 'NOT_APPLICABLE', score(f.score), ...counts(f.counts), '']);
    for (const c of f.controlRows) rows.push([r.period.label, 'control', f.framework, c.control, c.title, '', '', c.verdict, score(c.score), ...counts(c), c.rules.join('; ')]);
  }
  for (const s of r.byAccountRegion) rows.push([r.period.label, 'account-region', '', '', '', s.accountId, s.region, '', score(s.score), ...counts(s), '']);
  const lines = [COMPLIANCE_CSV_COLUMNS.map(csvField).join(','), ...rows.map((row) => row.map(csvField).join(','))];
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}
