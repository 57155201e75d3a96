/**
 * The summary the CLI prints after a run: findings per severity and status, the rules failing most,
 * and the coverage gaps. Estate strings are bounded and stripped of controls (an account name with
 * an ANSI escape must not repaint the terminal).
 */
import Table from 'cli-table3';
import type { FindingsDocument } from '../findings/document';
import { FINDING_STATUSES, type FindingStatus } from '../findings/finding';
import { SEVERITIES, type Severity } from '../model/severity';
import { formatCount, plural, severityLabel, STATUS_LABEL } from './format';
import { bounded } from './text';
import { notEvaluated, verdictsOf } from '../findings/verdict';

export interface ConsoleSummaryOptions {
  /** Rules listed in "top failing rules" (default 10). */
  topRules?: number;
  /** Coverage gaps listed before "and N more" (default 10). */
  maxGaps?: number;
  /** Files written by the run, printed last. */
  files?: Readonly<Record<string, string>>;
  /** Every rule id the run could have run (the catalogue): those not in `run.rulesRun` are named as not evaluated. */
  rules?: readonly string[];
  /** Colours (the CLI's, from picocolors; off unless on a terminal without NO_COLOR): identity when absent. */
  colors?: SummaryColors;
}

type Paint = (s: string) => string;
/** The few colours the summary uses; picocolors' `Colors` fits. */
export interface SummaryColors {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
  magenta: Paint;
}

const same: Paint = (s) => s;
const NO_COLORS: SummaryColors = { bold: same, dim: same, red: same, yellow: same, green: same, magenta: same };

function severityPaint(c: SummaryColors, s: Severity): Paint {
  return s === 'critical' ? (x) => c.bold(c.magenta(x)) : s === 'high' ? c.red : s === 'medium' ? c.yellow : c.dim;
}

/** No colour codes and fixed borders, so the output is the same on every terminal and in CI logs. */
const PLAIN = { style: { head: [] as string[], border: [] as string[], compact: true } };

function statusTable(doc: FindingsDocument, c: SummaryColors): string {
  const colors = c;
  const counts = new Map<Severity, Record<FindingStatus, number>>(SEVERITIES.map((s) => [s, Object.fromEntries(FINDING_STATUSES.map((st) => [st, 0])) as Record<FindingStatus, number>]));
  const newFail = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const f of doc.findings) {
    const c = counts.get(f.severity);
    if (!c) continue;
    c[f.status]++;
    if (f.status === 'FAIL' && f.lifecycle === 'NEW') newFail.set(f.severity, newFail.get(f.severity)! + 1);
  }
  const table = new Table({ ...PLAIN, head: ['Severity', 'FAIL', 'new', ...FINDING_STATUSES.filter((s) => s !== 'FAIL').map((s) => STATUS_LABEL[s])], colAligns: ['left', ...Array(7).fill('right')] });
  const totals = Object.fromEntries(FINDING_STATUSES.map((st) => [st, 0])) as Record<FindingStatus, number>;
  let totalNew = 0;
  for (const s of SEVERITIES) {
    const c = counts.get(s)!;
    for (const st of FINDING_STATUSES) totals[st] += c[st];
    totalNew += newFail.get(s)!;
    table.push([severityPaint(colors, s)(severityLabel(s)), formatCount(c.FAIL), formatCount(newFail.get(s)!), ...FINDING_STATUSES.filter((st) => st !== 'FAIL').map((st) => formatCount(c[st]))]);
  }
  table.push(['Total', formatCount(totals.FAIL), formatCount(totalNew), ...FINDING_STATUSES.filter((st) => st !== 'FAIL').map((st) => formatCount(totals[st]))]);
  return table.toString();
}

function topRulesTable(doc: FindingsDocument, n: number, c: SummaryColors, rules?: readonly string[]): string {
  const byRule = new Map<string, { severity: Severity; fail: number; title: string }>();
  for (const f of doc.findings) {
    if (f.status !== 'FAIL') continue;
    const r = byRule.get(f.ruleId);
    if (r) {
      r.fail++;
      if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(r.severity)) r.severity = f.severity;
    } else byRule.set(f.ruleId, { severity: f.severity, fail: 1, title: f.title });
  }
  const open = notEvaluated(verdictsOf(doc), rules ?? doc.run.rulesRun ?? [...new Set(doc.findings.map((f) => f.ruleId))]);
  const openLines = (head: string) => {
    const lines = [head];
    for (const o of open.slice(0, n)) lines.push(`  ${bounded(o.ruleId, 60)}: ${bounded(o.reason, 200)}`);
    if (open.length > n) lines.push(`  ... and ${formatCount(open.length - n)} more (see report.html)`);
    return lines.join('\n');
  };
  if (byRule.size === 0) {
    // "No failing rules" is an all-clear: say which rules could not decide instead of hiding them in it.
    if (!open.length) return 'No failing rules.';
    return openLines(`No failing rule among those evaluated; ${plural(open.length, 'rule')} not evaluated:`);
  }
  const rows = [...byRule.entries()].sort(([a, x], [b, y]) => y.fail - x.fail || SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || (a < b ? -1 : a > b ? 1 : 0));
  const table = new Table({ ...PLAIN, head: ['Rule', 'Severity', 'Failing', 'Title'], colAligns: ['left', 'left', 'right', 'left'] });
  for (const [id, r] of rows.slice(0, n)) table.push([bounded(id, 60), severityPaint(c, r.severity)(severityLabel(r.severity)), formatCount(r.fail), bounded(r.title, 56)]);
  const more = rows.length > n ? `\n... and ${plural(rows.length - n, 'more failing rule')}` : '';
  // Failures are listed, but a rule that did not decide is no pass either: name it.
  const undecided = open.length ? `\n\n${openLines(`Not evaluated: ${plural(open.length, 'rule')} (a missing finding there proves nothing):`)}` : '';
  return `Top failing rules:\n${table.toString()}${more}${undecided}`;
}

function gapsText(doc: FindingsDocument, max: number, c: SummaryColors): string {
  const gaps = doc.run.coverageGaps;
  if (gaps.length === 0) {
    const unread = doc.findings.filter((f) => f.status === 'UNKNOWN' && (f.evidence.eventsNotRead !== undefined || f.evidence.notRead !== undefined)).length;
    if (!unread) return 'Coverage: complete (every API call succeeded).';
    return `Coverage: every API call succeeded, but ${plural(unread, 'result')} could not be decided because data was not read (CloudTrail events outside what was read, or inventory not recorded as read; see UNKNOWN findings).`;
  }
  const lines = [`${c.yellow('COVERAGE GAPS:')} ${plural(gaps.length, 'API call')} failed. Resources there are not compliant or unknown, not "compliant".`];
  for (const g of gaps.slice(0, max)) {
    lines.push(`  ${bounded(g.accountId, 40)}/${bounded(g.region, 30)} ${bounded(g.service, 40)}:${bounded(g.api, 60)} ${bounded(g.errorCode, 60)}: ${bounded(g.message, 160)}`);
  }
  if (gaps.length > max) lines.push(`  ... and ${formatCount(gaps.length - max)} more (see report.html)`);
  return lines.join('\n');
}

export function renderConsoleSummary(doc: FindingsDocument, options: ConsoleSummaryOptions = {}): string {
  const r = doc.run;
  const head =
    `vmaudit run ${bounded(r.id, 80)}: ${plural(r.accounts.length, 'account')}, ${plural(r.regions.length, 'region')}, ` +
    `${plural(doc.summary.total, 'finding')} (${formatCount(doc.summary.byStatus.FAIL)} failing)`;
  const c = options.colors ?? NO_COLORS;
  const parts = [c.bold(head), statusTable(doc, c), topRulesTable(doc, options.topRules ?? 10, c, options.rules), gapsText(doc, options.maxGaps ?? 10, c)];
  const files = Object.entries(options.files ?? {});
  if (files.length) parts.push(['Reports:', ...files.map(([k, p]) => `  ${k.padEnd(8)} ${bounded(p, 300)}`)].join('\n'));
  return parts.join('\n\n') + '\n';
}

/** One line per finding of the given statuses, most severe first (--verbose lists failures, --status chooses). */
export function renderFindingList(doc: FindingsDocument, statuses: readonly FindingStatus[], colors: SummaryColors = NO_COLORS, max = 10_000): string {
  const chosen = doc.findings.filter((f) => statuses.includes(f.status));
  const lines = [`Findings with status ${statuses.join(', ')}: ${formatCount(chosen.length)}`];
  for (const f of chosen.slice(0, max)) {
    const sev = severityPaint(colors, f.severity)(severityLabel(f.severity).padEnd(8));
    lines.push(`  ${f.status.padEnd(6)} ${sev} ${bounded(f.ruleId, 60)}  ${bounded(f.resourceId, 120)}  ${bounded(f.accountId, 40)}/${bounded(f.region, 30)}  ${bounded(f.message, 200)}`);
  }
  if (chosen.length > max) lines.push(`  ... and ${formatCount(chosen.length - max)} more (findings.json has every one)`);
  return `\n${lines.join('\n')}\n`;
}
