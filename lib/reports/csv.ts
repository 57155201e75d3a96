/**
 * findings.csv: one row per finding for people who live in spreadsheets.
 *
 * - RFC 4180: CRLF line ends, every field quoted, quotes doubled (quoting every field is allowed and
 *   means no reader has to guess).
 * - Formula injection (OWASP "CSV Injection"): a cell whose first character, or first character after
 *   leading whitespace, is = + - @ TAB CR or LF gets a leading single quote, so Excel, LibreOffice and
 *   Google Sheets show text instead of running `=HYPERLINK(...)` or `+cmd|' /C calc'!A0`. Full-width
 *   ＝ ＋ － ＠ are treated the same, since some spreadsheets normalise them.
 * - Controls and bidi overrides become U+FFFD (as in every human-facing report); findings.json keeps the
 *   exact value.
 * - A cell is cut at 32,000 characters (Excel's limit is 32,767 and it splits longer cells across rows).
 * - A UTF-8 byte-order mark by default: without it Excel reads UTF-8 as the local code page and turns
 *   "München" into "MÃ¼nchen". Tools that dislike the BOM can pass `{ bom: false }`.
 */
import type { Finding } from '../findings/finding';
import { neutraliseControls, truncate } from './text';
import { FRAMEWORK_IDS } from '../frameworks/ids';
import { joinChunks } from '../util/chunks';

export const CSV_COLUMNS = [
  'id', 'status', 'lifecycle', 'severity', 'ruleId', 'title', 'accountId', 'region', 'resourceType', 'resourceId', 'resourceArn',
  'message', ...FRAMEWORK_IDS, 'remediation', 'suppressionReason', 'suppressionOwner', 'suppressionExpires',
] as const;

export const CSV_MAX_CELL = 32_000;
const BOM = '\uFEFF';
const FORMULA_START = /^[\s\u00A0\u3000]*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export interface CsvOptions {
  /** Prefix a UTF-8 byte-order mark (default true, for Excel). */
  bom?: boolean;
}

/** A cell that no spreadsheet evaluates as a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: neutralised, bounded, quoted. */
export function csvField(value: string): string {
  const safe = truncate(neutraliseFormula(neutraliseControls(value)), CSV_MAX_CELL);
  return `"${safe.replace(/"/g, '""')}"`;
}

function row(f: Finding): string[] {
  return [
    f.id, f.status, f.lifecycle ?? '', f.severity, f.ruleId, f.title, f.accountId, f.region, f.resourceType, f.resourceId, f.resourceArn,
    f.message, ...FRAMEWORK_IDS.map((fw) => (f.frameworks[fw] ?? []).join('; ')), f.remediation,
    f.suppression?.reason ?? '', f.suppression?.owner ?? '', f.suppression?.expires ?? '',
  ];
}

/** findings.csv as chunks (one row each), for findings in the order given (pass `doc.findings`, already in report order). */
export function* findingsCsvChunks(findings: Iterable<Finding>, options: CsvOptions = {}): Generator<string> {
  yield (options.bom === false ? '' : BOM) + CSV_COLUMNS.map(csvField).join(',') + '\r\n';
  for (const f of findings) yield row(f).map(csvField).join(',') + '\r\n';
}

/** findings.csv as one string, for small outputs and tests; run files are written from `findingsCsvChunks`. */
export function renderFindingsCsv(findings: readonly Finding[], options: CsvOptions = {}): string {
  return joinChunks(findingsCsvChunks(findings, options));
}
