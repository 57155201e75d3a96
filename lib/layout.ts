/**
 * Where every object lives, identical in S3 and in a local folder: the one home of every key. The
 * writers, the readers and the stack's IAM grants and lifecycle rules all build keys and prefixes
 * here (test/architecture/layout.test.ts keeps key strings out of every other file).
 *
 *   runs/<yyyy>/<mm>/<dd>/<runId>/{findings.json, findings.csv, report.html, findings.asff.json,
 *                                  findings.ocsf.json, state.json, exceptions.json, manifest.json}
 *   latest/{same files}            copies of the newest complete run, written after it
 *   latest/run.json                pointer to the newest run's manifest, written last of all
 *   reports/<period>/<date>/{report.html, report.json, report.csv, digest.txt}
 *   state/alerts/<runId>.json      one marker per alerted run: a retried run never alerts twice
 *   state/alerts/<runId>.txt       the alert's e-mail text (CLI)
 *   state/digests/<period>/<key>.json  one marker per sent digest
 *   state/events/<account>/<region>.json   CloudTrail read cursor of a target
 *   state/realtime/<account>/<region>.json the real-time Lambda's alerted ids and recent events
 *   state/inventory/<account>/<region>.json.gz the newest slice of a target, for the real-time Lambda
 *   state/last-run.json            the last published run (start of the next event window)
 *   inventory/<runId>/targets.json                        the target list (Distributed Map reads it)
 *   inventory/<runId>/<account>/<region>.json.gz          the target's snapshot slice
 *   inventory/<runId>/<account>/<region>.findings.json.gz the target-scope findings, gaps and event windows
 *   inventory/<runId>/<account>/<region>.gap.json         written by the state machine when a target failed
 *   inventory/<runId>/<account>/<region>.event-cursor.json the target's next cursor until the run is published
 *
 * The date in a run's key is its start date in UTC.
 */
import { StoreLocationError } from './errors';
import type { Target } from './model/types';

/** The top-level prefixes, each written by the Lambdas; nothing else in the bucket is. */
export const PREFIX = {
  inventory: 'inventory/',
  runs: 'runs/',
  latest: 'latest/',
  state: 'state/',
  reports: 'reports/',
} as const;

/** The parts of state/ that one Lambda alone reads or writes (for least-privilege grants). */
export const STATE_PREFIX = {
  alerts: `${PREFIX.state}alerts/`,
  digests: `${PREFIX.state}digests/`,
  events: `${PREFIX.state}events/`,
  realtime: `${PREFIX.state}realtime/`,
  inventory: `${PREFIX.state}inventory/`,
} as const;

export const LAST_RUN_KEY = `${PREFIX.state}last-run.json`;

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

export const LATEST_PREFIX = PREFIX.latest;
export const LATEST_POINTER_KEY = `${PREFIX.latest}run.json`;

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
  return `${PREFIX.runs}${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${checkRunId(runId)}/`;
}

export function alertMarkerKey(runId: string): string {
  return `${STATE_PREFIX.alerts}${checkRunId(runId)}.json`;
}

/** `state/alerts/<runId>.txt`: the e-mail text of a run's alert, next to its once-only marker. */
export function alertTextKey(runId: string): string {
  return `${STATE_PREFIX.alerts}${checkRunId(runId)}.txt`;
}

export function reportFolder(period: string, date: string): string {
  return `${PREFIX.reports}${period}/${date}/`;
}

/** `reports/{period}/{date}/report.html`, with the placeholders left for the report Lambda to fill. */
export const REPORT_HTML_TEMPLATE = `${PREFIX.reports}{period}/{date}/report.html`;

/** One marker per sent digest: a retried report Lambda never sends it twice. */
export function digestMarkerKey(period: string, key: string): string {
  return `${STATE_PREFIX.digests}${period}/${key}.json`;
}

const KEY_PART = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** Account ids and region names only: nothing that could leave the prefix. */
function targetPart(t: Target, what: string): string {
  if (!KEY_PART.test(t.accountId) || !KEY_PART.test(t.region)) throw new StoreLocationError(`StoreLocationError: ${JSON.stringify(`${t.accountId}/${t.region}`)} cannot name ${what} (account id and region name expected).`);
  return `${t.accountId}/${t.region}`;
}

/** `inventory/<runId>/`: a scheduled run's working files. */
export function runPrefix(runId: string): string {
  return `${PREFIX.inventory}${checkRunId(runId)}/`;
}

/** The state machine's own format string for the gap key: keep it equal to `gapKey`. */
export const GAP_KEY_FORMAT = `${PREFIX.inventory}{}/{}/{}.gap.json`;

export function targetsKey(runId: string): string {
  return `${runPrefix(runId)}targets.json`;
}

export function sliceKey(runId: string, t: Target): string {
  return `${runPrefix(runId)}${targetPart(t, 'a slice')}.json.gz`;
}

export function findingsKey(runId: string, t: Target): string {
  return `${runPrefix(runId)}${targetPart(t, 'target findings')}.findings.json.gz`;
}

export function gapKey(runId: string, t: Target): string {
  return `${runPrefix(runId)}${targetPart(t, 'a gap record')}.gap.json`;
}

/** `state/events/<account>/<region>.json` */
export function eventCursorKey(t: Target): string {
  return `${STATE_PREFIX.events}${targetPart(t, 'an event cursor')}.json`;
}

/** Where the collect step leaves a target's next cursor until the run is published. */
export function stagedEventCursorKey(runId: string, t: Target): string {
  return `${runPrefix(runId)}${targetPart(t, 'an event cursor')}.event-cursor.json`;
}

/** The real-time Lambda's state of a target: it writes it, the publish step reads it. */
export function realtimeStateKey(t: Target): string {
  return `${STATE_PREFIX.realtime}${encodeURIComponent(t.accountId)}/${encodeURIComponent(t.region)}.json`;
}

/** Where collect leaves the newest slice of each target for the real-time Lambda. */
export function realtimeInventoryKey(accountId: string, region: string): string {
  return `${STATE_PREFIX.inventory}${targetPart({ accountId, region }, 'an inventory copy')}.json.gz`;
}
