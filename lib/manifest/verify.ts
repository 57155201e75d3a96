/**
 * `vmaudit verify`: walks the manifest chain from the newest run to the oldest and names every file
 * that was altered, removed or added, every run removed from the chain or slipped into it, and any
 * manifest that is out of order. Pure logic over a small reader (local folder or S3 behind it).
 *
 * What the chain can and cannot prove: every run's files against its manifest, and every manifest
 * against the next one. The newest manifest is anchored only by `latest/run.json` and by what left
 * the bucket (the alert quotes the manifest's SHA-256; pass it as `expectHead`). Runs removed from
 * the old end look like retention, so a missing predecessor with nothing older left is reported as a
 * note, not as tampering; use S3 Object Lock if that end must be provable too.
 */
import { MANIFEST_NAME, parseManifest, sha256Hex, type Manifest } from './manifest';
import { LATEST_POINTER_KEY, PREFIX } from '../layout';

export interface ChainReader {
  /** Every key under the prefix (recursively), relative to the store root. */
  list(prefix: string): Promise<string[]>;
  /** The object's bytes, or undefined when it does not exist. */
  read(key: string): Promise<Uint8Array | undefined>;
}

export type VerifyProblemKind =
  | 'altered'
  | 'missing-file'
  | 'unexpected-file'
  | 'removed-run'
  | 'broken-link'
  | 'out-of-order'
  | 'not-in-chain'
  | 'bad-manifest'
  | 'latest-mismatch'
  | 'head-mismatch';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  /** The store key concerned. */
  key: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  head?: { key: string; runId: string; sha256: string };
  /** Manifests reached from the head. */
  chainLength: number;
  runsChecked: number;
  filesChecked: number;
  problems: VerifyProblem[];
  notes: string[];
}

export interface VerifyOptions {
  /** SHA-256 of the newest manifest as recorded outside the store (from an alert, a ticket). */
  expectHead?: string;
  /** Hash the files of only the newest N runs of the chain (the chain itself is always walked whole). */
  maxRuns?: number;
}


/**
 * Files a run may gain after its manifest, by design: the alert e-mail quotes the manifest's SHA-256,
 * so it can only be written after it (`vmaudit scan/evaluate` keep a copy as alert.txt). Reported as a
 * note (not covered by the chain), never as tampering; anything else added to a run folder is.
 */
export const RUN_ANNEX_FILES: readonly string[] = ['alert.txt'];

export interface LatestPointer {
  runId: string;
  manifestKey: string;
  manifestSha256: string;
  createdAt: string;
}

interface RunEntry {
  folder: string;
  manifestKey: string;
  manifest?: Manifest;
  bytes?: Uint8Array;
  sha256?: string;
  /** Other keys in the run folder. */
  files: Set<string>;
}

/** `runs/<yyyy>/<mm>/<dd>/<runId>/` for a key inside a run folder, else undefined. */
export function runFolderOf(key: string): string | undefined {
  const m = /^(runs\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/)/.exec(key);
  return m ? m[1] : undefined;
}

export class NoRunsError extends Error {}

export async function verifyChain(reader: ChainReader, where: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const runs = new Map<string, RunEntry>();
  for (const key of (await reader.list(PREFIX.runs)).sort()) {
    const folder = runFolderOf(key);
    if (!folder) continue;
    let entry = runs.get(folder);
    if (!entry) runs.set(folder, (entry = { folder, manifestKey: folder + MANIFEST_NAME, files: new Set() }));
    const name = key.slice(folder.length);
    if (name !== MANIFEST_NAME) entry.files.add(name);
  }
  if (runs.size === 0) throw new NoRunsError(`No runs found under ${where} (expected runs/<yyyy>/<mm>/<dd>/<runId>/manifest.json).`);

  const byKey = new Map<string, RunEntry>();
  for (const entry of runs.values()) {
    const bytes = await reader.read(entry.manifestKey);
    if (!bytes) {
      notes.push(`${entry.folder} has no manifest.json: an unfinished or failed run; its ${entry.files.size} file(s) are not covered by the chain.`);
      continue;
    }
    entry.bytes = bytes;
    entry.sha256 = sha256Hex(bytes);
    const parsed = parseManifest(Buffer.from(bytes).toString('utf8'));
    if ('problem' in parsed) problems.push({ kind: 'bad-manifest', key: entry.manifestKey, message: `${entry.manifestKey} is not a valid manifest: ${parsed.problem}.` });
    else entry.manifest = parsed.manifest;
    byKey.set(entry.manifestKey, entry);
  }
  const withManifest = [...byKey.values()].filter((e) => e.manifest);
  if (withManifest.length === 0 && problems.length === 0) throw new NoRunsError(`No run under ${where} has a manifest.json; nothing to verify.`);

  // The head: the pointer written last by every publish, else the newest manifest.
  let head: RunEntry | undefined;
  const pointerBytes = await reader.read(LATEST_POINTER_KEY);
  if (pointerBytes) {
    const pointer = parsePointer(Buffer.from(pointerBytes).toString('utf8'));
    if (!pointer) problems.push({ kind: 'bad-manifest', key: LATEST_POINTER_KEY, message: `${LATEST_POINTER_KEY} is not a valid pointer { runId, manifestKey, manifestSha256 }.` });
    else {
      head = byKey.get(pointer.manifestKey);
      if (!head?.manifest) problems.push({ kind: 'removed-run', key: pointer.manifestKey, message: `${LATEST_POINTER_KEY} names ${pointer.manifestKey}, which is missing or unreadable: the newest run was removed.` });
      else if (head.sha256 !== pointer.manifestSha256) {
        problems.push({ kind: 'altered', key: pointer.manifestKey, message: `${pointer.manifestKey} has SHA-256 ${head.sha256}, but ${LATEST_POINTER_KEY} recorded ${pointer.manifestSha256}: the newest manifest was altered.` });
      }
    }
  } else notes.push(`${LATEST_POINTER_KEY} is missing; starting from the newest manifest found.`);
  if (!head?.manifest) head = newest(withManifest);

  const report: VerifyReport = { ok: false, chainLength: 0, runsChecked: 0, filesChecked: 0, problems, notes };
  if (!head?.manifest) return finish(report);
  report.head = { key: head.manifestKey, runId: head.manifest.runId, sha256: head.sha256! };
  if (options.expectHead && options.expectHead.toLowerCase() !== head.sha256) {
    problems.push({ kind: 'head-mismatch', key: head.manifestKey, message: `The newest manifest ${head.manifestKey} has SHA-256 ${head.sha256}, not the expected ${options.expectHead}.` });
  }

  const visited = new Set<string>();
  let cur: RunEntry = head;
  while (cur.manifest) {
    const m: Manifest = cur.manifest;
    visited.add(cur.manifestKey);
    report.chainLength++;
    const folderRunId = cur.folder.split('/')[4];
    if (m.runId !== folderRunId) {
      problems.push({ kind: 'out-of-order', key: cur.manifestKey, message: `${cur.manifestKey} is the manifest of run ${m.runId}, not of ${folderRunId}: manifests were moved or swapped.` });
    }
    if (options.maxRuns === undefined || report.runsChecked < options.maxRuns) {
      report.runsChecked++;
      await checkFiles(reader, cur, m, report);
    }
    const link = m.previousManifest;
    if (!link) break;
    const prev = byKey.get(link.key);
    if (!prev) {
      const older = withManifest.filter((e) => !visited.has(e.manifestKey) && Date.parse(e.manifest!.createdAt) < Date.parse(m.createdAt));
      if (older.length) {
        problems.push({ kind: 'removed-run', key: link.key, message: `${link.key}, the run before ${m.runId}, is missing while older runs remain: a run was removed from the chain.` });
      } else {
        notes.push(`The chain starts at ${cur.manifestKey}: its predecessor ${link.key} is gone and nothing older remains (expired by retention, or removed from the old end).`);
      }
      break;
    }
    if (visited.has(prev.manifestKey)) {
      problems.push({ kind: 'out-of-order', key: prev.manifestKey, message: `${m.runId} links back to ${prev.manifestKey}, which is already in the chain: the chain loops.` });
      break;
    }
    if (prev.sha256 !== link.sha256) {
      problems.push({ kind: 'broken-link', key: prev.manifestKey, message: `${prev.manifestKey} has SHA-256 ${prev.sha256}, but the next run (${m.runId}) recorded ${link.sha256}: that manifest was altered or replaced.` });
    }
    if (!prev.manifest) break;
    if (Date.parse(prev.manifest.createdAt) >= Date.parse(m.createdAt)) {
      problems.push({ kind: 'out-of-order', key: prev.manifestKey, message: `${prev.manifestKey} (created ${prev.manifest.createdAt}) is not older than the run that follows it (${m.runId}, created ${m.createdAt}).` });
    }
    cur = prev;
  }

  for (const e of withManifest) {
    if (!visited.has(e.manifestKey)) {
      problems.push({ kind: 'not-in-chain', key: e.manifestKey, message: `Run ${e.manifest!.runId} (${e.manifestKey}) is not reachable from the newest manifest: it was inserted, or the chain was rewritten around it.` });
    }
  }
  await checkLatest(reader, head, report);
  return finish(report);
}

function finish(report: VerifyReport): VerifyReport {
  report.ok = report.problems.length === 0;
  return report;
}

function newest(entries: RunEntry[]): RunEntry | undefined {
  return [...entries].sort((a, b) => Date.parse(b.manifest!.createdAt) - Date.parse(a.manifest!.createdAt) || (a.manifestKey < b.manifestKey ? 1 : -1))[0];
}

function parsePointer(text: string): LatestPointer | undefined {
  try {
    const p = JSON.parse(text) as Partial<LatestPointer>;
    if (typeof p.manifestKey === 'string' && typeof p.manifestSha256 === 'string' && typeof p.runId === 'string') return p as LatestPointer;
  } catch {
    // reported by the caller
  }
  return undefined;
}

async function checkFiles(reader: ChainReader, entry: RunEntry, m: Manifest, report: VerifyReport): Promise<void> {
  const listed = new Set<string>();
  for (const f of m.files) {
    listed.add(f.name);
    const key = entry.folder + f.name;
    const bytes = entry.files.has(f.name) ? await reader.read(key) : undefined;
    report.filesChecked++;
    if (!bytes) {
      report.problems.push({ kind: 'missing-file', key, message: `${key} is listed in the manifest of ${m.runId} but missing: it was removed.` });
      continue;
    }
    const sha = sha256Hex(bytes);
    if (sha !== f.sha256 || bytes.byteLength !== f.bytes) {
      report.problems.push({
        kind: 'altered',
        key,
        message: `${key} was altered: SHA-256 ${sha} (${bytes.byteLength} bytes), manifest says ${f.sha256} (${f.bytes} bytes).`,
      });
    }
  }
  for (const name of [...entry.files].sort()) {
    if (!listed.has(name) && RUN_ANNEX_FILES.includes(name)) {
      report.notes.push(`${entry.folder + name} was written after the manifest (the alert quotes the manifest's hash); the chain does not cover it.`);
    } else if (!listed.has(name)) report.problems.push({ kind: 'unexpected-file', key: entry.folder + name, message: `${entry.folder + name} is not in the manifest of ${m.runId}: it was added after the run.` });
  }
}

/** latest/ holds copies of the newest run for people and tools; a copy that differs was edited. */
async function checkLatest(reader: ChainReader, head: RunEntry, report: VerifyReport): Promise<void> {
  const m = head.manifest!;
  const keys = new Set(await reader.list(PREFIX.latest));
  if (keys.size === 0) return;
  const expected = new Map(m.files.map((f) => [f.name, f.sha256]));
  expected.set(MANIFEST_NAME, head.sha256!);
  for (const [name, sha] of expected) {
    const key = `${PREFIX.latest}${name}`;
    if (!keys.has(key)) {
      report.notes.push(`${key} is missing (latest/ is a convenience copy of the newest run).`);
      continue;
    }
    const bytes = await reader.read(key);
    if (bytes && sha256Hex(bytes) !== sha) {
      report.problems.push({ kind: 'latest-mismatch', key, message: `${key} differs from the newest run's ${name} (${m.runId}): the copy was edited.` });
    }
  }
}

/** The report as text lines for the CLI. */
export function formatVerifyReport(r: VerifyReport, where: string): string {
  const lines: string[] = [];
  if (r.head) lines.push(`Newest run: ${r.head.runId} (${r.head.key}, manifest SHA-256 ${r.head.sha256})`);
  lines.push(`Chain: ${r.chainLength} run(s) linked; ${r.runsChecked} run(s) and ${r.filesChecked} file(s) hashed.`);
  for (const p of r.problems) lines.push(`TAMPERED ${p.kind}: ${p.message}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(r.ok ? `OK: ${where} is intact.` : `FAILED: ${r.problems.length} problem(s) in ${where}.`);
  return lines.join('\n') + '\n';
}
