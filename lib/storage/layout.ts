/**
 * The storage layout (DESIGN §6), identical in S3 and in a local folder:
 *
 *   runs/<yyyy>/<mm>/<dd>/<runId>/{findings.json, findings.csv, report.html, findings.asff.json,
 *                                  findings.ocsf.json, state.json, exceptions.json, manifest.json}
 *   latest/{same files}            copies of the newest complete run, written after it
 *   latest/run.json                pointer to the newest run's manifest, written last of all
 *   reports/<period>/<date>/{report.html, report.json, report.csv, digest.txt}
 *   state/alerts/<runId>.json      one marker per alerted run: a retried run never alerts twice
 *
 * The date in a run's key is its start date in UTC.
 */
import { StoreLocationError } from './store';

export const RUN_FILES = {
  json: 'findings.json',
  csv: 'findings.csv',
  html: 'report.html',
  asff: 'findings.asff.json',
  ocsf: 'findings.ocsf.json',
  state: 'state.json',
  exceptions: 'exceptions.json',
  manifest: 'manifest.json',
} as const;

/**
 * The run files a user may choose with --output-formats (Prowler's flag) or the stack's
 * `outputFormats`. findings.json is always written: vmaudit itself reads it (a retried publish, the
 * periodic report's history); state.json, exceptions.json and manifest.json are not outputs but the
 * run's record, always written too.
 */
export const OUTPUT_FORMATS = { json: RUN_FILES.json, csv: RUN_FILES.csv, html: RUN_FILES.html, asff: RUN_FILES.asff, ocsf: RUN_FILES.ocsf } as const;
export type OutputFormat = keyof typeof OUTPUT_FORMATS;
export const OUTPUT_FORMAT_NAMES = Object.keys(OUTPUT_FORMATS) as OutputFormat[];
/** Today's set: every format. */
export const DEFAULT_OUTPUT_FORMATS: readonly OutputFormat[] = OUTPUT_FORMAT_NAMES;

export function isOutputFormat(name: string): name is OutputFormat {
  return Object.prototype.hasOwnProperty.call(OUTPUT_FORMATS, name);
}

/** The formats written for a choice: in the fixed order, findings.json always among them. */
export function effectiveOutputFormats(chosen: readonly OutputFormat[] = DEFAULT_OUTPUT_FORMATS): OutputFormat[] {
  return OUTPUT_FORMAT_NAMES.filter((f) => f === 'json' || chosen.includes(f));
}

export const LATEST_PREFIX = 'latest/';
export const LATEST_POINTER_KEY = 'latest/run.json';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}$/;

export function checkRunId(runId: string): string {
  if (!RUN_ID.test(runId) || runId.includes('..')) {
    throw new StoreLocationError(
      `StoreLocationError: run id ${JSON.stringify(runId.slice(0, 80))} cannot name a run folder; use letters, digits and . _ : + - (at most 200), e.g. 2026-11-26T12-00-00Z-abc123.`,
    );
  }
  return runId;
}

/** `runs/2026/11/26/<runId>/` from the run's start time. */
export function runFolder(runId: string, startedAt: string): string {
  const t = Date.parse(startedAt);
  if (Number.isNaN(t)) throw new StoreLocationError(`StoreLocationError: run ${runId} has no valid start time (${JSON.stringify(startedAt)}).`);
  const d = new Date(t).toISOString();
  return `runs/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${checkRunId(runId)}/`;
}

export function alertMarkerKey(runId: string): string {
  return `state/alerts/${checkRunId(runId)}.json`;
}

export function reportFolder(period: string, date: string): string {
  return `reports/${period}/${date}/`;
}
