/**
 * Reads what a periodic report needs from a store, and no more: for each period of the trend, the
 * last run (by its manifest time) whose folder date falls in the period. Only the reported period's
 * last run is kept whole (findings, state, exceptions); the earlier ones are reduced to their scores
 * as soon as they are read, so a year of hourly runs of 100,000 findings never sits in memory at once.
 * Each file read is checked against its run's manifest; a mismatch is a note in the report.
 */
import type { FindingsDocument } from '../findings/document';
import { readFindingsDocument } from '../findings/read-document';
import { parseManifest, sha256Hex, type Manifest } from '../manifest/manifest';
import { runFolderOf } from '../manifest/verify';
import { runSummary, type HistoryRun } from '../compliance/model';
import { previousPeriods, type PeriodRange } from '../compliance/period';
import type { LifecycleState } from '../state/state-document';
import { parseExceptions } from '../state/exceptions-document';
import { PREFIX, RUN_FILES } from '../layout';
import type { RunStore } from './store';

export interface LoadedHistory {
  runs: HistoryRun[];
  runsInPeriod: number;
  notes: string[];
}

interface Candidate {
  folder: string;
  date: string;
  runId: string;
}

function candidates(keys: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const k of keys) {
    if (!k.endsWith(`/${RUN_FILES.manifest}`)) continue;
    const folder = runFolderOf(k);
    if (!folder || folder + RUN_FILES.manifest !== k) continue;
    const [, y, m, d, runId] = folder.split('/');
    out.push({ folder, date: `${y}-${m}-${d}`, runId });
  }
  return out;
}

function inDates(c: Candidate, range: PeriodRange): boolean {
  return c.date >= range.start.slice(0, 10) && c.date < range.end.slice(0, 10);
}

async function readManifest(store: RunStore, folder: string, notes: string[]): Promise<Manifest | undefined> {
  const bytes = await store.read(folder + RUN_FILES.manifest);
  if (!bytes) return undefined;
  const p = parseManifest(Buffer.from(bytes).toString('utf8'));
  if ('manifest' in p) return p.manifest;
  // A damaged run is named, never silently taken for "no run".
  notes.push(`${folder}${RUN_FILES.manifest} is not a valid manifest (${p.problem}); that run was left out (check the store with vmaudit verify).`);
  return undefined;
}

/** The last run of a period: the latest folder date, then the latest manifest time within it. */
async function lastOf(store: RunStore, all: readonly Candidate[], range: PeriodRange, notes: string[]): Promise<{ c: Candidate; manifest: Manifest } | undefined> {
  const inPeriod = all.filter((c) => inDates(c, range));
  const dates = [...new Set(inPeriod.map((c) => c.date))].sort().reverse();
  for (const date of dates) {
    let best: { c: Candidate; manifest: Manifest } | undefined;
    for (const c of inPeriod.filter((x) => x.date === date)) {
      const manifest = await readManifest(store, c.folder, notes);
      if (!manifest) continue;
      if (!best || Date.parse(manifest.createdAt) > Date.parse(best.manifest.createdAt)) best = { c, manifest };
    }
    if (best) return best;
  }
  return undefined;
}

async function readCheckedBytes(store: RunStore, folder: string, manifest: Manifest, name: string, notes: string[]): Promise<Uint8Array | undefined> {
  const bytes = await store.read(folder + name);
  if (!bytes) return undefined;
  const entry = manifest.files.find((f) => f.name === name);
  if (entry && sha256Hex(bytes) !== entry.sha256) notes.push(`${folder}${name} does not match its manifest: it was altered after the run (check with vmaudit verify).`);
  return bytes;
}

async function readChecked(store: RunStore, folder: string, manifest: Manifest, name: string, notes: string[]): Promise<string | undefined> {
  const bytes = await readCheckedBytes(store, folder, manifest, name, notes);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

/** findings.json of any version this build reads, element by element (it can be larger than one string); a problem is a note. */
async function readFindings(store: RunStore, folder: string, manifest: Manifest, notes: string[]): Promise<FindingsDocument | undefined> {
  const bytes = await readCheckedBytes(store, folder, manifest, RUN_FILES.json, notes);
  if (bytes === undefined) return undefined;
  const read = readFindingsDocument(bytes, `${folder}${RUN_FILES.json}`);
  if ('document' in read) return read.document;
  notes.push(`${read.problem}; that run was left out.`);
  return undefined;
}

function parseJson<T>(text: string | undefined, what: string, notes: string[]): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    notes.push(`${what} is not valid JSON (${(err as Error).message}); it was left out.`);
    return undefined;
  }
}

export async function loadHistory(store: RunStore, range: PeriodRange, trendPeriods: number): Promise<LoadedHistory> {
  const notes: string[] = [];
  const all = candidates(await store.list(PREFIX.runs));
  const runsInPeriod = all.filter((c) => inDates(c, range)).length;
  const ranges = [...previousPeriods(range, Math.max(0, trendPeriods - 1)), range];
  const runs: HistoryRun[] = [];
  let needPreviousDocument = false;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const r = ranges[i];
    const last = await lastOf(store, all, r, notes);
    if (!last) continue;
    const { c, manifest } = last;
    const doc = await readFindings(store, c.folder, manifest, notes);
    if (!doc) {
      // The reported period's run is kept without its findings, so the report says a run exists and
      // could not be read, never "no run, nothing audited".
      if (r === range) runs.push({ runId: manifest.runId, createdAt: manifest.createdAt, startedAt: `${c.date}T00:00:00.000Z` });
      continue;
    }
    const base = { runId: manifest.runId, createdAt: manifest.createdAt, startedAt: doc.run?.startedAt ?? `${c.date}T00:00:00.000Z` };
    if (r === range) {
      const state = parseJson<LifecycleState>(await readChecked(store, c.folder, manifest, RUN_FILES.state, notes), `${c.folder}${RUN_FILES.state}`, notes);
      const exceptions = parseExceptions(await readChecked(store, c.folder, manifest, RUN_FILES.exceptions, notes));
      runs.push({ ...base, document: doc, ...(state ? { state } : {}), ...(exceptions ? { exceptions } : {}) });
      // Without state, new/resolved come from comparing with the previous period's last run.
      needPreviousDocument = !state;
    } else if (needPreviousDocument && i === ranges.length - 2) {
      runs.push({ ...base, document: doc });
    } else {
      runs.push({ ...base, summary: runSummary(doc) });
    }
  }
  return { runs: runs.reverse(), runsInPeriod, notes };
}
