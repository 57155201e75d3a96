/**
 * The periodic report step: the report schedule passes `{ "period": "daily" | "weekly" | "monthly" }`;
 * `publishReport` builds the compliance report of the last complete period from the runs in the
 * bucket, writes it under reports/<period>/<date>/ and sends the digest at most once per period.
 */
import { isPeriod, PERIODS, type Period } from '../compliance/period';
import type { DigestMessage } from '../compliance/digest';
import type { PolicyDocument } from '../policy/schema';
import type { RunStore } from '../storage/store';
import { publishReport } from './publish-report';
import { PayloadError } from './run-context';
import type { StepLog } from './step-log';

export interface ReportDeps {
  store: RunStore;
  policy: PolicyDocument;
  deliver(digest: DigestMessage): Promise<void>;
  now(): Date;
  log: StepLog;
  /** Link to the report in the digest; {period} and {date} are filled in. */
  reportUrl?: string;
}

export interface ReportEvent {
  period: Period;
  /** A day inside the period to report (YYYY-MM-DD); default the last complete period. */
  date?: string;
}

export interface ReportOutput {
  period: Period;
  label: string;
  written: string[];
  digestStatus: 'sent' | 'already-sent' | 'not-delivered';
}

export function parseReportEvent(v: unknown): ReportEvent {
  const o = (v ?? {}) as Record<string, unknown>;
  if (typeof o.period !== 'string' || !isPeriod(o.period)) {
    throw new PayloadError(`the report event needs "period": one of ${PERIODS.join(', ')}; got ${JSON.stringify(o.period)}`);
  }
  if (o.date !== undefined && (typeof o.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(o.date) || Number.isNaN(Date.parse(o.date)))) {
    throw new PayloadError(`"date" must be a day like 2026-11-26, got ${JSON.stringify(o.date)}`);
  }
  return { period: o.period, ...(typeof o.date === 'string' ? { date: o.date } : {}) };
}

export function makeReportHandler(deps: ReportDeps) {
  return async (event: unknown): Promise<ReportOutput> => {
    const { period, date } = parseReportEvent(event);
    const result = await publishReport({
      store: deps.store,
      period,
      now: deps.now(),
      ...(date ? { date: new Date(`${date}T12:00:00Z`) } : {}),
      digestSeverity: deps.policy.alerts.digestSeverity,
      ...(deps.reportUrl ? { reportUrl: deps.reportUrl } : {}),
      deliver: (d) => deps.deliver(d),
    });
    deps.log.info('periodic report published', { period, label: result.report.period.label, written: result.written, digestStatus: result.digestStatus });
    return { period, label: result.report.period.label, written: result.written, digestStatus: result.digestStatus };
  };
}
