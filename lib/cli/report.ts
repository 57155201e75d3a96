/**
 * `vmaudit report --period daily|weekly|monthly --history <dir|s3://bucket/prefix>`: the periodic
 * compliance report from stored runs (HTML, JSON, CSV and the e-mail digest as text). Without --out
 * the files go next to the runs, under reports/<period>/<period start>/.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors';
import { DEFAULT_OUT, SHORT } from './conventions';
import { parseChoice, parseCount, parseSeverity } from './options';
import { err, out } from './terminal';
import { isS3Uri } from '../storage/open-store';
import { prepareLocalFolder } from '../storage/out-location';
import { parseDay, PERIODS } from '../compliance/period';
import { pct } from '../compliance/trend-svg';
import { digestText } from '../compliance/digest';
import { publishReport, type PublishReportResult } from '../pipeline/publish-report';
import { loadPolicyFile } from '../catalogue/load-policy';
import { FULL_CATALOGUE as CATALOGUE } from '../catalogue';
import { formatCount, formatTime } from '../reports/format';
import { LocalRunStore } from '../storage/local-store';
import { openStore } from '../storage/open-store';
import type { RunStore } from '../storage/store';

export interface ReportCliOptions {
  period?: string;
  history?: string;
  out?: string;
  date?: string;
  trend?: string;
  digestSeverity?: string;
  policy?: string;
  reportUrl?: string;
  region?: string;
  printDigest?: boolean;
}

export interface ReportIo {
  stdout(s: string): void;
  stderr(s: string): void;
  now(): Date;
  openStore?(location: string, region?: string): RunStore;
}

/** Without flags the report covers this week so far in the default output folder: right after `vmaudit demo` it shows the demo's run. */
export const DEFAULT_PERIOD = 'weekly';

function checkOptions(o: ReportCliOptions, now: Date) {
  const period = parseChoice('--period', o.period, PERIODS, 'a report period');
  if (!period) throw new UsageError(`UsageError: --period is required: use one of ${PERIODS.join(', ')}.`);
  if (!o.history) throw new UsageError('UsageError: --history is required: the folder or s3://bucket/prefix holding runs/ (what `vmaudit scan --out` or the stack writes).');
  let date: Date | undefined;
  if (o.date !== undefined) {
    date = parseDay(o.date);
    if (!date) throw new UsageError(`UsageError: --date ${JSON.stringify(o.date.slice(0, 80))} is not a real day: use ISO 8601, e.g. 2026-11-23.`);
    if (date.getTime() > now.getTime()) throw new UsageError(`UsageError: --date ${o.date} is in the future.`);
  }
  const trend = parseCount('--trend', o.trend, 8, 1, 120);
  const digestSeverity = parseSeverity('--digest-severity', o.digestSeverity);
  return { period, history: o.history, date, trend, digestSeverity };
}

/** A mistyped --history must not become an empty history (a folder created, "nothing audited"). */
function checkLocalHistory(folder: string): void {
  let st;
  try {
    st = statSync(folder);
  } catch {
    throw new UsageError(`UsageError: --history ${folder} does not exist. Give the folder that \`vmaudit scan --out\` or \`vmaudit evaluate --out\` wrote (it holds runs/), or s3://bucket/prefix.`);
  }
  if (!st.isDirectory()) throw new UsageError(`UsageError: --history ${folder} is a file, not a folder. Give the folder that \`vmaudit scan --out\` or \`vmaudit evaluate --out\` wrote (it holds runs/).`);
  if (!existsSync(join(folder, 'runs'))) {
    throw new UsageError(`UsageError: --history ${folder} holds no runs/ folder, so no audit was ever stored there. Give the folder that \`vmaudit scan --out\` or \`vmaudit evaluate --out\` wrote, or s3://bucket/prefix.`);
  }
}

export function reportSummary(r: PublishReportResult): string {
  const rep = r.report;
  const lines = [`${rep.period.period[0].toUpperCase()}${rep.period.period.slice(1)} report ${rep.period.label} (${formatTime(rep.period.start)} to ${formatTime(rep.period.end)})`];
  lines.push(
    rep.run
      ? `  figures from run ${rep.run.id} (${formatCount(rep.runsInPeriod)} run(s) in the period)`
      : rep.runsInPeriod > 0
        ? `  NO READABLE RUN: ${formatCount(rep.runsInPeriod)} run(s) in the period, the last could not be read (see the notes)`
        : '  NO RUN in this period: nothing was audited',
  );
  for (const f of rep.frameworks) {
    const judged = f.controls.passed + f.controls.failed + f.controls.unknown;
    lines.push(`  ${f.label}: ${rep.run ? `${pct(f.score)} of controls passing (${f.controls.passed} of ${judged}; ${f.controls.failed} failing, ${f.controls.unknown} unknown)` : 'not evaluated (no readable run)'}`);
  }
  // Without a readable run, zero new or failing findings would read as an all-clear that nobody checked.
  lines.push(rep.run ? `  new ${formatCount(rep.newFindings.total)}, resolved ${formatCount(rep.resolvedFindings.total)}, failing at the end ${formatCount(rep.openFindings.total)}` : '  new, resolved and failing findings: unknown (no readable run)');
  for (const n of rep.notes) lines.push(`  note: ${n}`);
  lines.push(`Wrote ${r.written.map((w) => `${r.location}/${w}`).join(', ')}`);
  return lines.join('\n') + '\n';
}

export async function runReport(opts: ReportCliOptions, io: ReportIo): Promise<PublishReportResult> {
  const now = io.now();
  const o = checkOptions(opts, now);
  const policy = opts.policy ? loadPolicyFile(opts.policy, CATALOGUE, { now }).policy : undefined;
  if (!isS3Uri(o.history)) checkLocalHistory(o.history);
  if (opts.out) await prepareLocalFolder(opts.out, '--out');
  const open = io.openStore ?? ((l: string, region?: string) => openStore(l, { region }));
  const store = open(o.history, opts.region);
  const result = await publishReport({
    store,
    period: o.period,
    now,
    // The CLI reports the period so far unless --date names one; the scheduled Lambda reports the last complete one.
    date: o.date ?? now,
    trendPeriods: o.trend,
    digestSeverity: o.digestSeverity ?? policy?.alerts.digestSeverity,
    reportUrl: opts.reportUrl,
    out: opts.out ? new LocalRunStore(opts.out) : undefined,
  });
  io.stdout(reportSummary(result));
  if (opts.printDigest) io.stdout('\n' + digestText(result.digest));
  if (!result.report.run) {
    io.stderr(
      result.report.runsInPeriod > 0
        ? `warning: the last run of ${result.report.period.label} under ${store.location} could not be read (the notes name the file); the report says so.\n`
        : `warning: no run in ${result.report.period.label} under ${store.location}; the report says so.\n`,
    );
  }
  return result;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('periodic compliance report from stored runs: per framework control, trend, new/resolved, exceptions, coverage gaps (HTML, JSON, CSV, e-mail digest)')
    .option('--period <period>', `report period: ${PERIODS.join(' | ')}`, DEFAULT_PERIOD)
    .option('--history <location>', 'folder or s3://bucket/prefix holding runs/ (what `vmaudit demo`, `scan` and `evaluate` write with their default --out)', DEFAULT_OUT)
    .option(`${SHORT.out}, --out <dir>`, 'write the report files into this folder (default: <history>/reports/<period>/<period start>/)')
    .option('--date <YYYY-MM-DD>', 'a day inside the period to report (default: today, so the period so far)')
    .option('--trend <n>', 'periods in the trend chart, this one included', '8')
    .option('--digest-severity <severity>', 'open findings at or above this go in the digest (default: the policy\'s alerts.digestSeverity, else medium)')
    .option(`${SHORT.policy}, --policy <file>`, 'policy file (for alerts.digestSeverity)')
    .option('--report-url <url>', 'link to the report in the digest; {period} and {date} are filled in')
    .option('--region <region>', 'region of the S3 bucket (default AWS_REGION)')
    .option('--print-digest', 'print the e-mail digest (subject and body) after the summary')
    .addHelpText('after', '\nExamples:\n  vmaudit report                      # this week so far, from ./vmaudit-out (right after vmaudit demo)\n  vmaudit report --period weekly --history ./vmaudit-out --date 2026-11-26\n  vmaudit report --period monthly --history s3://my-audit-bucket/vmaudit --date 2026-10-01 --out ./october\n')
    .action(async (opts: ReportCliOptions) => {
      await runReport(opts, { stdout: out, stderr: err, now: () => new Date() });
    });
}
