/**
 * The periodic report, the same for `vmaudit report` and the report Lambda: read the history from the
 * store, build the report for the period, write report.html / report.json / report.csv / digest.txt
 * (under reports/<period>/<start date>/ in the store, or into a folder), and send the e-mail digest
 * at most once per period (a marker under state/digests/, claimed before sending).
 */
import type { Severity } from '../model/severity';
import { buildComplianceReport, DEFAULT_TREND_PERIODS, reportRange, type ComplianceReport } from '../compliance/model';
import type { Period } from '../compliance/period';
import { renderComplianceHtml } from '../compliance/render-html';
import { renderComplianceCsv, renderComplianceJson } from '../compliance/render-data';
import { digestText, renderDigest, type DigestMessage } from '../compliance/digest';
import { loadHistory } from '../storage/history';
import { ConcurrentWriteError, type RunStore } from '../storage/store';
import { FULL_CATALOGUE } from '../catalogue';
import { digestMarkerKey, reportFolder } from '../layout';

export const REPORT_FILES = { html: 'report.html', json: 'report.json', csv: 'report.csv', digest: 'digest.txt' } as const;

export interface PublishReportInput {
  /** Where the runs are (and, without `out`, where the report goes). */
  store: RunStore;
  period: Period;
  now: Date;
  /** A day inside the period to report; default the last complete period. */
  date?: Date;
  trendPeriods?: number;
  digestSeverity?: Severity;
  /** Link to the report in the digest; `{period}` and `{date}` are filled in. */
  reportUrl?: string;
  /** Write the files into this store's root instead of reports/<period>/<date>/ of `store`. */
  out?: RunStore;
  /** Sends the digest (SNS, stdout); at most once per period and store. */
  deliver?: (digest: DigestMessage) => Promise<void>;
  /** Every rule a run could have run (default the catalogue): the report names those the last run did not run. */
  rules?: readonly string[];
}

export interface PublishReportResult {
  report: ComplianceReport;
  digest: DigestMessage;
  /** Where each file went: store keys or paths. */
  written: string[];
  location: string;
  digestStatus: 'sent' | 'already-sent' | 'not-delivered';
}

export async function publishReport(input: PublishReportInput): Promise<PublishReportResult> {
  const range = reportRange(input.period, input.now, input.date);
  const trendPeriods = input.trendPeriods ?? DEFAULT_TREND_PERIODS;
  const history = await loadHistory(input.store, range, trendPeriods);
  const report = buildComplianceReport(history.runs, range, input.now, {
    digestSeverity: input.digestSeverity,
    trendPeriods,
    loaderNotes: history.notes,
    runsInPeriod: history.runsInPeriod,
    rules: input.rules ?? FULL_CATALOGUE.map((r) => r.id),
  });
  const url = input.reportUrl?.replace(/\{period\}/g, range.period).replace(/\{date\}/g, range.key);
  const digest = renderDigest(report, { reportUrl: url });
  const target = input.out ?? input.store;
  const prefix = input.out ? '' : reportFolder(range.period, range.key);
  const files: [string, string][] = [
    [REPORT_FILES.html, renderComplianceHtml(report)],
    [REPORT_FILES.json, renderComplianceJson(report)],
    [REPORT_FILES.csv, renderComplianceCsv(report)],
    [REPORT_FILES.digest, digestText(digest)],
  ];
  const written: string[] = [];
  // Reports are derived from the runs and may be regenerated (the bucket keeps old versions).
  for (const [name, body] of files) {
    await target.put(prefix + name, body);
    written.push(prefix + name);
  }

  let digestStatus: PublishReportResult['digestStatus'] = 'not-delivered';
  if (input.deliver) {
    const marker = digestMarkerKey(range.period, range.key);
    try {
      await input.store.put(marker, JSON.stringify({ period: range.period, label: range.label, subject: digest.subject }, null, 2) + '\n', { ifNoneMatch: true });
      try {
        await input.deliver(digest);
        digestStatus = 'sent';
      } catch (err) {
        await input.store.delete(marker).catch(() => undefined);
        throw err;
      }
    } catch (err) {
      if (!(err instanceof ConcurrentWriteError)) throw err;
      digestStatus = 'already-sent';
    }
  }
  return { report, digest, written, location: target.location, digestStatus };
}
