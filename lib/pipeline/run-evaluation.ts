/**
 * The CLI's evaluate pipeline, shared by `evaluate`, `scan` and `demo`: policy → audit → publish to
 * a local (or s3://) store with lifecycle, reports, exports and manifest → alert text → --fail-on gate.
 */
import { join } from 'node:path';
import type { Snapshot } from '../model/types';
import { atLeast, type Severity } from '../model/severity';
import { FULL_CATALOGUE } from '../catalogue';
import { resolvePolicy, type LoadedPolicy } from '../catalogue/load-policy';
import { auditSnapshot } from './audit';
import { publishRun, type PublishRunResult } from './publish-run';
import { openStore } from '../storage/open-store';
import { LATEST_PREFIX, RUN_FILES, alertTextKey, effectiveOutputFormats, runFolder, type OutputFormat } from '../layout';
import { renderConsoleSummary } from '../reports/console';
import { noAlertReason } from '../reports/alert';
import { undecidedOf } from '../findings/verdict';
import { GateFailedError } from '../errors';
import type { AlertMessage } from '../reports/alert-message';
import type { Rule } from '../engine/rule';
import { compareFindings, type Finding, type FindingStatus } from '../findings/finding';
import { findingsDocument } from '../findings/document';
import { renderFindingList, type SummaryColors } from '../reports/console';

export const ALERT_FILE = 'alert.txt';


export interface RunEvaluationInput {
  snapshot: Snapshot;
  /** What was audited, for the report header (a file name or "live scan"). */
  source?: string;
  policyFile?: string;
  /** An already loaded policy (the demo's); wins over policyFile. */
  policy?: LoadedPolicy;
  outDir: string;
  failOn?: Severity;
  /** Reference time for rule ages and exception expiry; default startedAt. */
  now?: Date;
  startedAt: Date;
  finishedAt?: Date;
  stdout?: (s: string) => void;
  /** --output-formats (default every format). */
  outputFormats?: readonly OutputFormat[];
  /** The rules to run (default: the whole catalogue); a command-line selection narrows it. */
  rules?: readonly Rule[];
  /** Catalogue rules the selection left out: their earlier failures stay open, unverified. */
  rulesNotSelected?: readonly string[];
  /** Lists each finding of these statuses after the summary (--status, --verbose). */
  listStatuses?: readonly FindingStatus[];
  /** Colours for the summary (identity functions when colour is off). */
  colors?: SummaryColors;
  /** Rewrites the findings before they are published (`vmaudit template` locates them in the template). */
  refine?: (findings: readonly Finding[]) => Finding[];
}

export interface RunEvaluationResult {
  published: PublishRunResult;
  alertFile?: string;
  /** Open findings at or above --fail-on. */
  gateCount: number;
  /** The files of the run, as printed under "Reports:". */
  files: Record<string, string>;
  /** The alert line as printed ("Alert: written to …"). */
  alertLine: string;
}

export function alertText(alert: AlertMessage): string {
  return `Subject: ${alert.subject}\n\n${alert.body}${alert.body.endsWith('\n') ? '' : '\n'}`;
}

/** The CLI writes the alert e-mail to a file; it publishes nothing, so it never says "sent". */
export function alertStatusLine(status: PublishRunResult['alertStatus'], file: string | undefined, findings: number, none = 'no new failing finding at or above the alert threshold'): string {
  switch (status) {
    case 'sent':
      return file ? `Alert: written to ${file} (${findings} finding${findings === 1 ? '' : 's'}); not sent: the CLI publishes to no topic, the deployed stack does.` : 'Alert: sent.';
    case 'already-sent':
      return 'Alert: already written for this run id (not written again).';
    case 'not-delivered':
      return 'Alert: not written (delivery failed).';
    case 'none':
      return `Alert: none (${none}).`;
  }
}

export async function runEvaluation(input: RunEvaluationInput): Promise<RunEvaluationResult> {
  const now = input.now ?? input.startedAt;
  const loaded = input.policy ?? resolvePolicy(input.policyFile, FULL_CATALOGUE, { now });
  const audited = auditSnapshot(input.snapshot, loaded.policy, {
    rules: input.rules ?? FULL_CATALOGUE,
    rulesNotSelected: input.rulesNotSelected,
    now,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    source: input.source,
    policySource: loaded.source,
  });
  const document = input.refine ? findingsDocument(audited.run, input.refine(audited.findings).sort(compareFindings)) : audited;
  const store = openStore(input.outDir);
  const withHtml = effectiveOutputFormats(input.outputFormats).includes('html');
  let alertFile: string | undefined;
  const published = await publishRun({
    document,
    policy: loaded.policy,
    store,
    now,
    policyName: loaded.source,
    ...(withHtml ? { reportPath: join(input.outDir, runFolder(document.run.id, document.run.startedAt), RUN_FILES.html) } : {}),
    outputFormats: input.outputFormats,
    rules: FULL_CATALOGUE.map((r) => r.id),
    // Locally, "sending" the alert means writing the e-mail it would be, beside the run and in latest/.
    deliver: async (alert) => {
      // Beside the alert marker, not in the run folder: the run's manifest is sealed before sending.
      const key = alertTextKey(document.run.id);
      await store.create(key, alertText(alert));
      await store.put(LATEST_PREFIX + ALERT_FILE, alertText(alert));
      alertFile = join(input.outDir, key);
    },
  });
  const catalogueIds = FULL_CATALOGUE.map((r) => r.id);
  const none = noAlertReason(loaded.policy.alerts.minSeverity, undecidedOf(published.document, catalogueIds));
  if (!alertFile && !published.alert) {
    // Nothing new at or above the threshold: say so where the alert would be, so the file is never stale.
    await store.put(LATEST_PREFIX + ALERT_FILE, `No alert for run ${published.runId}: ${none}.\n`);
  }

  const out = input.stdout ?? ((s: string) => process.stdout.write(s));
  const files: Record<string, string> = {
    ...(withHtml ? { report: join(input.outDir, published.folder, RUN_FILES.html) } : {}),
    findings: join(input.outDir, published.folder, RUN_FILES.json),
    latest: join(input.outDir, LATEST_PREFIX),
  };
  if (alertFile) files.alert = alertFile;
  out(renderConsoleSummary(published.document, { files, rules: catalogueIds, colors: input.colors }));
  if (input.listStatuses?.length) out(renderFindingList(published.document, input.listStatuses, input.colors));
  if (input.rulesNotSelected?.length) out(`Rules run: ${published.document.run.rulesRun?.length ?? 0}; ${input.rulesNotSelected.length} left out by --checks/--excluded-checks/--services/--severity (their earlier failures stay open, not resolved).\n`);
  if (published.baselineProblem) out(`Previous state: ${published.baselineProblem.message}; every failing finding counts as NEW this run.\n`);
  out(`Lifecycle: ${published.changes.new} new, ${published.changes.open} still open, ${published.changes.resolved} resolved.\n`);
  const alertLine = alertStatusLine(published.alertStatus, alertFile, published.alert?.findingIds.length ?? 0, none);
  out(`${alertLine}\n`);
  if (published.realtime.alreadyAlerted) out(`${published.realtime.alreadyAlerted} event finding(s) were already alerted by the real-time path and are left out of this alert.\n`);
  for (const p of published.realtime.problems) out(`Real-time alert state: ${p}\n`);

  const gateCount = input.failOn ? published.document.findings.filter((f) => f.status === 'FAIL' && atLeast(f.severity, input.failOn!)).length : 0;
  const result: RunEvaluationResult = { published, alertFile, gateCount, files, alertLine };
  if (input.failOn && gateCount > 0) {
    throw new GateFailedError(`vmaudit: ${gateCount} open finding${gateCount === 1 ? '' : 's'} at or above ${input.failOn} (--fail-on ${input.failOn}); reports are in ${input.outDir}.`, result);
  }
  return result;
}
