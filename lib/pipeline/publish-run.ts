/**
 * Publishing one run, the same for the CLI (local folder) and the publish Lambda (S3):
 *
 *  1. load the previous state (latest/run.json → that run's state.json, checked against its manifest);
 *     missing, corrupt or foreign state never blocks: it is reported and every failure is NEW once;
 *  2. add exception findings (expired / stale), compute NEW / OPEN / RESOLVED;
 *  3. write the run's files under runs/<yyyy>/<mm>/<dd>/<runId>/ (never overwriting), manifest.json
 *     after them, then the latest/ copies, then latest/run.json last of all;
 *  4. alert NEW failures ≥ alerts.minSeverity, at most once per run id (a marker in state/alerts/ is
 *     claimed with a conditional write before sending, released if sending fails); event findings the
 *     real-time path already alerted (state/realtime/) are marked `evidence.alertedInRealtime` and left
 *     out of the alert, not out of the reports.
 *
 * A retry of the same run (Lambda retry, re-run of a failed CLI command) finds its own manifest,
 * completes whatever was missing (latest/, pointer) and only alerts if no alert went out.
 */
import { computeLifecycle, isOccurrence, type LifecycleChanges } from '../state/lifecycle';
import { alertedInRealtime, loadRealtimeAlerted, markAlertedInRealtime } from './realtime-alerted';
import { baselineFromFindings, parseState, stateChunks, type Baseline, type BaselineProblem, type LifecycleState } from '../state/state-document';
import { composeAlert, type AlertMessage } from '../reports/alert-message';
import { changesSection, exceptionsSection } from '../state/report-sections';
import { exceptionRecords, renderExceptions } from '../state/exceptions-document';
import { withExceptionFindings, EXCEPTION_RULES } from '../findings/exception-findings';
import { exceptionReport } from '../findings/exceptions';
import type { FindingsDocument } from '../findings/document';
import { readFindingsDocument } from '../findings/read-document';
import type { PolicyDocument } from '../policy/schema';
import { findingsJsonChunks } from '../reports/json';
import { findingsCsvChunks } from '../reports/csv';
import { reportHtmlChunks, type ExtraSection, type ReportHtmlOptions } from '../reports/html/report';
import { renderIsolationSection } from '../isolation/report';
import { verdictsOf } from '../findings/verdict';
import { asffChunks, type AsffOptions } from '../exports/asff';
import { ocsfChunks } from '../exports/ocsf';
import type { TextChunks } from '../util/chunks';
import { buildManifest, parseManifest, renderManifest, sha256Hex, type Manifest, type ManifestFile, type ManifestLink } from '../manifest/manifest';
import { runFolderOf, type LatestPointer } from '../manifest/verify';
import { LATEST_POINTER_KEY, LATEST_PREFIX, OUTPUT_FORMATS, RUN_FILES, alertMarkerKey, effectiveOutputFormats, runFolder, type OutputFormat, PREFIX } from '../layout';
import { ConcurrentWriteError, CorruptRunError, type RunStore, type WrittenObject } from '../storage/store';
import { VmauditError } from '../errors';

export interface PublishRunInput {
  /** This run's evaluated findings (lifecycle not yet applied). */
  document: FindingsDocument;
  policy: Pick<PolicyDocument, 'alerts' | 'exceptions'> & Partial<Pick<PolicyDocument, 'isolation' | 'flows'>>;
  store: RunStore;
  /** Time for exception expiry; default the run's start, so a retry computes the same files. */
  now?: Date;
  /** Policy file name, for messages in exception findings. */
  policyName?: string;
  /** Overrides policy.alerts.reportUrl. */
  reportUrl?: string;
  /** Where report.html is for a reader of the alert without a reportUrl (the CLI: the local file). */
  reportPath?: string;
  /** Sends the alert (SNS, stdout). Without it the alert is returned, not sent, and no marker is claimed. */
  deliver?: (alert: AlertMessage) => Promise<void>;
  html?: Omit<ReportHtmlOptions, 'extraSections'>;
  /** Security Hub that will import findings.asff.json: its region and account make the product ARN (default: the run's first region and account). */
  asff?: AsffOptions;
  retainDays?: number;
  /** Rule ids whose event findings are occurrences (default: every `evt-*` rule); see computeLifecycle. */
  occurrenceRules?: ReadonlySet<string>;
  /** Run files to write (default every format; findings.json is always written). */
  outputFormats?: readonly OutputFormat[];
  /** Every rule the run could have run (the catalogue's ids): the alert names those that did not decide. */
  rules?: readonly string[];
  /** false: there is no real-time path, so its state (lib/layout.ts `realtimeStateKey`) is not read. Default true. */
  realtimeState?: boolean;
}

export type AlertStatus = 'sent' | 'none' | 'already-sent' | 'not-delivered';

export interface PublishRunResult {
  runId: string;
  /** runs/<yyyy>/<mm>/<dd>/<runId>/ */
  folder: string;
  /** Keys written for the run (files and manifest), in write order. */
  keys: string[];
  manifestKey: string;
  manifestSha256: string;
  document: FindingsDocument;
  changes: Pick<LifecycleChanges, 'unverified'> & { new: number; open: number; resolved: number; reopened: number };
  baselineProblem?: BaselineProblem;
  alert: AlertMessage | null;
  alertStatus: AlertStatus;
  /** True when this run id had been published before (a retry): nothing was recomputed. */
  alreadyPublished: boolean;
  /** New findings the real-time path had already alerted (left out of the alert), and real-time states that could not be read. */
  realtime: { alreadyAlerted: number; problems: string[] };
}

interface LoadedBaseline {
  baseline: Baseline;
  previous: ManifestLink | null;
  /** Etag of latest/run.json as read, for the compare-and-swap at the end (undefined: it did not exist). */
  pointerEtag?: string;
}

async function readText(store: RunStore, key: string): Promise<string | undefined> {
  const b = await store.read(key);
  return b === undefined ? undefined : Buffer.from(b).toString('utf8');
}

/** The newest complete run, from the pointer, else (pointer lost) from the newest manifest under runs/. */
async function findPrevious(store: RunStore): Promise<{ link: ManifestLink; manifest: Manifest; pointerEtag?: string } | { problem: BaselineProblem; pointerEtag?: string } | undefined> {
  const pointerObj = await store.get(LATEST_POINTER_KEY);
  if (pointerObj) {
    let pointer: Partial<LatestPointer> | undefined;
    try {
      pointer = JSON.parse(pointerObj.body.toString('utf8')) as Partial<LatestPointer>;
    } catch {
      pointer = undefined;
    }
    if (!pointer || typeof pointer.manifestKey !== 'string' || !runFolderOf(pointer.manifestKey)) {
      return { problem: { kind: 'corrupt', source: LATEST_POINTER_KEY, message: `${LATEST_POINTER_KEY} is not a valid pointer to a run manifest` }, pointerEtag: pointerObj.etag };
    }
    const bytes = await store.read(pointer.manifestKey);
    const parsed = bytes ? parseManifest(Buffer.from(bytes).toString('utf8')) : undefined;
    if (!bytes || !parsed || 'problem' in parsed) {
      return {
        problem: { kind: 'corrupt', source: pointer.manifestKey, message: `the manifest named by ${LATEST_POINTER_KEY} is ${bytes ? 'not valid' : 'missing'}` },
        pointerEtag: pointerObj.etag,
      };
    }
    return { link: { key: pointer.manifestKey, sha256: sha256Hex(bytes) }, manifest: parsed.manifest, pointerEtag: pointerObj.etag };
  }
  const keys = (await store.list(PREFIX.runs)).filter((k) => k.endsWith(`/${RUN_FILES.manifest}`) && runFolderOf(k));
  let best: { link: ManifestLink; manifest: Manifest } | undefined;
  // Newest dates first; within a day, the latest createdAt wins.
  for (const key of keys.sort().reverse().slice(0, 50)) {
    const bytes = await store.read(key);
    if (!bytes) continue;
    const parsed = parseManifest(Buffer.from(bytes).toString('utf8'));
    if ('problem' in parsed) continue;
    if (best && runFolderOf(key)!.slice(0, 16) !== runFolderOf(best.link.key)!.slice(0, 16)) break;
    if (!best || Date.parse(parsed.manifest.createdAt) > Date.parse(best.manifest.createdAt)) best = { link: { key, sha256: sha256Hex(bytes) }, manifest: parsed.manifest };
  }
  return best;
}

/** A run file, read and checked against the manifest that lists it (a swapped state.json is corrupt, not trusted). */
async function readListed(store: RunStore, manifestKey: string, manifest: Manifest, name: string): Promise<{ bytes?: Uint8Array; problem?: string }> {
  const entry = manifest.files.find((f) => f.name === name);
  if (!entry) return {};
  const key = runFolderOf(manifestKey)! + name;
  const bytes = await store.read(key);
  if (!bytes) return { problem: `${key} is missing although its manifest lists it` };
  if (sha256Hex(bytes) !== entry.sha256) return { problem: `${key} does not match the SHA-256 in its manifest (altered?)` };
  return { bytes };
}

export async function loadBaseline(store: RunStore, accounts: readonly string[]): Promise<LoadedBaseline> {
  const found = await findPrevious(store);
  if (!found) {
    return { baseline: { problem: { kind: 'missing', source: LATEST_POINTER_KEY, message: 'no previous run in this store (first run)' } }, previous: null };
  }
  if ('problem' in found) return { baseline: { problem: found.problem }, previous: null, pointerEtag: found.pointerEtag };
  const { link, manifest, pointerEtag } = found;
  const folder = runFolderOf(link.key)!;
  const source = `${folder}${RUN_FILES.state}`;
  const state = await readListed(store, link.key, manifest, RUN_FILES.state);
  if (state.problem) return { baseline: { problem: { kind: 'corrupt', source, message: state.problem } }, previous: link, pointerEtag };
  if (state.bytes !== undefined) return { baseline: parseState(Buffer.from(state.bytes).toString('utf8'), source, accounts), previous: link, pointerEtag };
  // A run written before state.json existed: fall back to its findings.json.
  const findingsSource = `${folder}${RUN_FILES.json}`;
  const findings = await readListed(store, link.key, manifest, RUN_FILES.json);
  if (findings.problem) return { baseline: { problem: { kind: 'corrupt', source: findingsSource, message: findings.problem } }, previous: link, pointerEtag };
  return { baseline: baselineFromFindings(findings.bytes, findingsSource, accounts), previous: link, pointerEtag };
}

function withExceptions(doc: FindingsDocument, input: PublishRunInput): FindingsDocument {
  const now = input.now ?? new Date(Date.parse(doc.run.startedAt));
  const findings = withExceptionFindings(doc.findings, input.policy.exceptions, now, {
    accounts: doc.run.accounts,
    regions: doc.run.regions,
    coverageGaps: doc.run.coverageGaps,
    policyName: input.policyName,
  });
  const rulesRun = doc.run.rulesRun ? [...new Set([...doc.run.rulesRun, ...(input.policy.exceptions.length ? EXCEPTION_RULES : [])])] : undefined;
  return { ...doc, run: { ...doc.run, ...(rulesRun ? { rulesRun } : {}) }, findings };
}

/**
 * Copies the run's files to latest/ (server-side in S3), the manifest after them, and the pointer last
 * of all. The pointer is a compare-and-swap against what was read at the start, so two publishes racing
 * on one store cannot both advance it: the loser fails with ConcurrentWriteError (its run folder stays,
 * and `vmaudit verify` shows it outside the chain).
 */
async function updateLatest(store: RunStore, folder: string, names: readonly string[], pointer: LatestPointer, pointerEtag: string | undefined): Promise<void> {
  for (const name of names) await store.copy(folder + name, LATEST_PREFIX + name);
  await store.copy(folder + RUN_FILES.manifest, LATEST_PREFIX + RUN_FILES.manifest);
  const body = JSON.stringify(pointer, null, 2) + '\n';
  await store.put(LATEST_POINTER_KEY, body, pointerEtag === undefined ? { ifNoneMatch: true } : { ifMatch: pointerEtag });
}

async function sendOnce(store: RunStore, runId: string, alert: AlertMessage | null, manifestSha256: string, deliver: PublishRunInput['deliver']): Promise<AlertStatus> {
  if (!alert) return 'none';
  if (!deliver) return 'not-delivered';
  const marker = alertMarkerKey(runId);
  const claim = JSON.stringify({ runId, subject: alert.subject, findings: alert.findingIds.length, manifestSha256 }, null, 2) + '\n';
  try {
    await store.put(marker, claim, { ifNoneMatch: true });
  } catch (err) {
    if (err instanceof ConcurrentWriteError) return 'already-sent';
    throw err;
  }
  try {
    await deliver(alert);
  } catch (err) {
    // Release the claim so a retry can send; if the release fails too, the run stays silent rather than alerting twice.
    await store.delete(marker).catch(() => undefined);
    throw err;
  }
  return 'sent';
}

function countChanges(doc: FindingsDocument, unverified: number): PublishRunResult['changes'] {
  let n = 0;
  let o = 0;
  let r = 0;
  let re = 0;
  for (const f of doc.findings) {
    if (f.lifecycle === 'RESOLVED') r++;
    else if (f.status === 'FAIL' && f.lifecycle === 'NEW') {
      n++;
      if ((f.tracking?.reopened ?? 0) > 0) re++;
    } else if (f.lifecycle === 'OPEN') o++;
  }
  return { new: n, open: o, resolved: r, reopened: re, unverified };
}

/** A run that was published before (a retry): finish latest/ and the alert, recompute nothing. */
async function resume(input: PublishRunInput, folder: string, manifestBytes: Uint8Array): Promise<PublishRunResult> {
  const { store } = input;
  const run = input.document.run;
  const parsed = parseManifest(Buffer.from(manifestBytes).toString('utf8'));
  if ('problem' in parsed) throw new CorruptRunError(`CorruptRunError: ${store.location}/${folder}${RUN_FILES.manifest} exists but is not valid (${parsed.problem}); check the store with: vmaudit verify ${store.location}`);
  const manifestKey = folder + RUN_FILES.manifest;
  const manifestSha256 = sha256Hex(manifestBytes);
  const names = parsed.manifest.files.map((f) => f.name);
  const docBytes = await store.read(folder + RUN_FILES.json);
  if (docBytes === undefined) throw new CorruptRunError(`CorruptRunError: ${store.location}/${folder}${RUN_FILES.json} is missing from a published run; check the store with: vmaudit verify ${store.location}`);
  const read = readFindingsDocument(docBytes, `${store.location}/${folder}${RUN_FILES.json}`);
  if ('problem' in read) throw new CorruptRunError(`CorruptRunError: ${read.problem}; check the store with: vmaudit verify ${store.location}`);
  const { document } = read;
  const stateText = await readText(store, folder + RUN_FILES.state);
  const state = stateText !== undefined ? (JSON.parse(stateText) as LifecycleState) : undefined;
  const baselineProblem = state?.comparedWith && 'problem' in state.comparedWith ? state.comparedWith.problem : undefined;

  const pointerObj = await store.get(LATEST_POINTER_KEY);
  let pointsHere = false;
  try {
    pointsHere = pointerObj !== undefined && (JSON.parse(pointerObj.body.toString('utf8')) as LatestPointer).manifestKey === manifestKey;
  } catch {
    pointsHere = false;
  }
  if (!pointsHere) {
    // Only move latest/ forward: a retry of an old run must not roll it back.
    let newer = false;
    try {
      const current = pointerObj ? (JSON.parse(pointerObj.body.toString('utf8')) as LatestPointer) : undefined;
      newer = current !== undefined && Date.parse(current.createdAt) > Date.parse(parsed.manifest.createdAt);
    } catch {
      newer = false;
    }
    if (!newer) {
      await updateLatest(store, folder, names, { runId: run.id, manifestKey, manifestSha256, createdAt: parsed.manifest.createdAt }, pointerObj?.etag);
    }
  }
  const unverified = 0;
  const changes = countChanges(document, unverified);
  const lifecycleLists = {
    resolved: document.findings.filter((f) => f.lifecycle === 'RESOLVED'),
    open: document.findings.filter((f) => f.lifecycle === 'OPEN'),
    reopened: [],
    unverified,
  };
  // The marks written with the run decide, so a retry alerts exactly what the first attempt would have.
  const alert = composeAlert({ document: withoutRealtimeAlerted(document), changes: lifecycleLists, minSeverity: input.policy.alerts.minSeverity, baselineProblem, reportUrl: input.reportUrl ?? input.policy.alerts.reportUrl, reportPath: input.reportPath, manifestSha256, rules: input.rules });
  const alertStatus = await sendOnce(store, run.id, alert, manifestSha256, input.deliver);
  return {
    runId: run.id,
    folder,
    keys: [],
    manifestKey,
    manifestSha256,
    document,
    changes,
    ...(baselineProblem ? { baselineProblem } : {}),
    alert,
    alertStatus,
    alreadyPublished: true,
    realtime: { alreadyAlerted: document.findings.filter((f) => f.lifecycle === 'NEW' && alertedInRealtime(f)).length, problems: [] },
  };
}

/** The document the alert is composed from: without the findings already alerted in real time (summary kept). */
function withoutRealtimeAlerted(doc: FindingsDocument): FindingsDocument {
  return doc.findings.some(alertedInRealtime) ? { ...doc, findings: doc.findings.filter((f) => !alertedInRealtime(f)) } : doc;
}

/** Marks the NEW event findings the real-time path already alerted; reads only the states of their accounts/regions. */
async function markRealtimeAlerted(input: PublishRunInput, doc: FindingsDocument): Promise<{ document: FindingsDocument; marked: number; problems: string[] }> {
  if (input.realtimeState === false) return { document: doc, marked: 0, problems: [] };
  const fresh = doc.findings.filter((f) => f.status === 'FAIL' && f.lifecycle === 'NEW' && isOccurrence(f, input.occurrenceRules));
  if (!fresh.length) return { document: doc, marked: 0, problems: [] };
  const loaded = await loadRealtimeAlerted(input.store, fresh);
  const { findings, marked } = markAlertedInRealtime(doc.findings, loaded.ids);
  return { document: marked ? { ...doc, findings } : doc, marked, problems: loaded.problems };
}

/** The zone × zone matrix and internet exposure list, when the run had isolation rules or zones. */
function isolationSections(document: FindingsDocument, policy: PublishRunInput['policy']): ExtraSection[] {
  const zones = policy.isolation?.zones ?? [];
  if (!zones.length && !document.findings.some((f) => f.ruleId.startsWith('net-'))) return [];
  return [{ ...renderIsolationSection(document.findings, zones, { verdict: verdictsOf(document), flowsDeclared: (policy.flows?.length ?? 0) > 0 }), after: 'controls' }];
}

/** A run file that could not be written: names the file; nothing is left under its name and the run does not advance latest/ or the state. */
export class RunFileWriteError extends VmauditError {}

async function writeRunFile(store: RunStore, key: string, render: () => TextChunks): Promise<WrittenObject> {
  try {
    return await store.createStream(key, render());
  } catch (err) {
    if (err instanceof VmauditError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new RunFileWriteError(
      `RunFileWriteError: could not write ${store.location}/${key} (${e.code && !e.message.startsWith(String(e.code)) ? `${e.code}: ` : ''}${e.message}). ` +
        'Nothing was left under that name, and latest/ and the state still point to the previous run; free space or fix access, then run again.',
    );
  }
}

export async function publishRun(input: PublishRunInput): Promise<PublishRunResult> {
  const { store } = input;
  const run = input.document.run;
  const folder = runFolder(run.id, run.startedAt);
  const manifestKey = folder + RUN_FILES.manifest;
  const existing = await store.read(manifestKey);
  if (existing) return resume(input, folder, existing);

  const loaded = await loadBaseline(store, run.accounts);
  const evaluated = withExceptions(input.document, input);
  const lifecycle = computeLifecycle(evaluated, loaded.baseline, { retainDays: input.retainDays, ...(input.occurrenceRules ? { occurrenceRules: input.occurrenceRules } : {}) });
  const { state, changes, baselineProblem } = lifecycle;
  const realtime = await markRealtimeAlerted(input, lifecycle.document);
  const document = realtime.document;
  const now = input.now ?? new Date(Date.parse(run.startedAt));
  const exceptions = exceptionRecords(exceptionReport(input.document.findings, input.policy.exceptions, now));

  // Streamed, one file at a time, hashed on the way: at 50,000 instances the run's files are gigabytes
  // and several would not fit in one JavaScript string. Each appears under its name only once complete.
  const formats = new Set<string>(effectiveOutputFormats(input.outputFormats).map((f) => OUTPUT_FORMATS[f]));
  const all: [string, () => TextChunks][] = [
    [RUN_FILES.json, () => findingsJsonChunks(document)],
    [RUN_FILES.csv, () => findingsCsvChunks(document.findings)],
    [RUN_FILES.html, () => reportHtmlChunks(document, { ...input.html, ...(input.rules ? { rules: input.rules } : {}), extraSections: [changesSection(changes, state.comparedWith), exceptionsSection(exceptions), ...isolationSections(document, input.policy)] })],
    [RUN_FILES.asff, () => asffChunks(document, input.asff)],
    [RUN_FILES.ocsf, () => ocsfChunks(document)],
    [RUN_FILES.state, () => stateChunks(state)],
    [RUN_FILES.exceptions, () => [renderExceptions({ runId: run.id, asOf: now.toISOString(), exceptions })]],
  ];
  // state.json and exceptions.json are the run's record, not a chosen output.
  const renderers = all.filter(([name]) => formats.has(name) || name === RUN_FILES.state || name === RUN_FILES.exceptions);
  const keys: string[] = [];
  const entries: ManifestFile[] = [];
  for (const [name, render] of renderers) {
    const written = await writeRunFile(store, folder + name, render);
    keys.push(folder + name);
    entries.push({ name, sha256: written.sha256, bytes: written.bytes });
  }
  const manifest = buildManifest(run.id, run.finishedAt, entries, loaded.previous);
  const manifestBody = renderManifest(manifest);
  await store.create(manifestKey, manifestBody);
  keys.push(manifestKey);
  const manifestSha256 = sha256Hex(manifestBody);

  await updateLatest(store, folder, entries.map((e) => e.name), { runId: run.id, manifestKey, manifestSha256, createdAt: manifest.createdAt }, loaded.pointerEtag);

  const alert = composeAlert({
    document: withoutRealtimeAlerted(document),
    changes,
    minSeverity: input.policy.alerts.minSeverity,
    baselineProblem,
    reportUrl: input.reportUrl ?? input.policy.alerts.reportUrl,
    reportPath: input.reportPath,
    manifestSha256,
    rules: input.rules,
  });
  const alertStatus = await sendOnce(store, run.id, alert, manifestSha256, input.deliver);
  return {
    runId: run.id,
    folder,
    keys,
    manifestKey,
    manifestSha256,
    document,
    changes: { new: changes.new.length, open: changes.open.length, resolved: changes.resolved.length, reopened: changes.reopened.length, unverified: changes.unverified },
    ...(baselineProblem ? { baselineProblem } : {}),
    alert,
    alertStatus,
    alreadyPublished: false,
    realtime: { alreadyAlerted: document.findings.filter((f) => f.lifecycle === 'NEW' && alertedInRealtime(f)).length, problems: realtime.problems },
  };
}
