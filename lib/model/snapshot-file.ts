/**
 * The snapshot file: the inventory as JSON, optionally gzipped, versioned by `schemaVersion`.
 * Reading never trusts the file: gzip is detected by its magic bytes (not the name), the bytes must
 * be UTF-8 JSON, the version must be one this build reads, and every value is checked against
 * `SnapshotSchema`. Each failure is a `SnapshotFileError` naming the file, where, and the fix.
 * Writing is deterministic (same snapshot → same bytes) and atomic (a crash never leaves half a file).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SnapshotFileError, type SnapshotProblem } from '../errors';
import { makeFolders } from '../util/make-folders';
import { findJsonSyntaxError } from './json-syntax';
import { describeValue, issuesToProblems, jsonPath } from './schema-problems';
import { semanticProblems, sizeProblems } from './semantics';
import { SNAPSHOT_SCHEMA_VERSION, SnapshotSchema } from './schema';
import type { Snapshot } from './types';

export { mergeSnapshots } from './merge';

const TOP_LEVEL_ORDER = Object.keys(SnapshotSchema.shape);

/** Schema versions this build reads. */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [SNAPSHOT_SCHEMA_VERSION];

const GZIP_MAGIC = [0x1f, 0x8b];
const FIX_JSON = 'Fix the JSON at that position, or re-create the file with `vmaudit scan`.';
const NOT_A_SNAPSHOT = 'Give vmaudit a snapshot file: `vmaudit scan` writes <out>/snapshot.json.gz; `vmaudit demo --save-snapshot demo.json` writes the demo estate.';

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

function fail(file: string, path: string, message: string, hint?: string): never {
  throw new SnapshotFileError(file, [{ path, message }], hint);
}

/** Names what a non-JSON file probably is, from its first bytes. */
function sniffNonJson(b: Uint8Array): string | undefined {
  const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
  if (startsWith(b, ascii('%PDF'))) return 'a PDF document';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (unzip it first; vmaudit reads .json or .json.gz)';
  if (startsWith(b, [0x42, 0x5a, 0x68])) return 'a bzip2 archive (vmaudit reads plain or gzipped JSON)';
  if (startsWith(b, [0x28, 0xb5, 0x2f, 0xfd])) return 'a zstd archive (vmaudit reads plain or gzipped JSON)';
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'an xz archive (vmaudit reads plain or gzipped JSON)';
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) return 'UTF-16 text (save it as UTF-8)';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47]) || startsWith(b, [0xff, 0xd8, 0xff])) return 'an image';
  if (b.subarray(0, 1024).includes(0)) return 'binary data';
  return undefined;
}

function decode(file: string, input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  let bytes = input;
  if (startsWith(bytes, GZIP_MAGIC)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      fail(file, '(file)', `starts like gzip (1f 8b) but cannot be decompressed: ${(err as Error).message}`, 'The file is probably truncated or corrupt: copy it again, or re-create it with `vmaudit scan`.');
    }
  }
  if (bytes.length === 0) fail(file, '(file)', input.length === 0 ? 'the file is empty' : 'the gzip stream is empty', NOT_A_SNAPSHOT);
  const kind = sniffNonJson(bytes);
  if (kind) fail(file, '(file)', `this is ${kind}, not JSON`, NOT_A_SNAPSHOT);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    const tooLarge = err instanceof RangeError || /string longer/i.test(String(err));
    fail(file, '(file)', tooLarge ? `too large to read (${Math.round(bytes.length / 2 ** 20)} MiB of JSON)` : 'not UTF-8 text', tooLarge ? 'Split the estate into smaller slices.' : NOT_A_SNAPSHOT);
  }
}

function parseJson(file: string, text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') fail(file, '(file)', 'the file holds only white space', NOT_A_SNAPSHOT);
  try {
    return JSON.parse(body);
  } catch (err) {
    const where = findJsonSyntaxError(body);
    if (!where) throw err;
    const first = body.trimStart()[0];
    if (first !== '{' && first !== '[') {
      const what = first === '<' ? 'HTML or XML' : /^-{3}|^[\w-]+:\s/.test(body.trimStart()) ? 'YAML' : 'text';
      fail(file, '(file)', `not JSON: it looks like ${what} (it starts with ${describeValue(body.trimStart().slice(0, 20))})`, NOT_A_SNAPSHOT);
    }
    const indented = where.excerpt.split('\n').map((l) => `      ${l}`).join('\n');
    fail(file, `line ${where.line}, column ${where.column}`, `JSON syntax error: ${where.message}\n${indented}`, FIX_JSON);
  }
}

function checkVersion(file: string, doc: unknown): void {
  const readable = READABLE_SCHEMA_VERSIONS.join(', ');
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    fail(file, '$', `expected a JSON object with schemaVersion, targets and the inventory arrays, got ${describeValue(doc)}`, NOT_A_SNAPSHOT);
  }
  const o = doc as Record<string, unknown>;
  // Checked before the version: findings.json has a schemaVersion too, and its 1 is not a snapshot's 1.
  if ('findings' in o && 'run' in o) {
    fail(
      file,
      '$',
      'this is a findings file (findings.json: the results of a run), not an inventory snapshot',
      'Give the snapshot the run was made from: `vmaudit scan` and `vmaudit demo` write snapshot.json.gz in their --out folder (beside runs/); the findings file is read by tools, `vmaudit report` and `vmaudit verify`.',
    );
  }
  if (!('schemaVersion' in o)) {
    fail(file, '$.schemaVersion', `missing: this build of vmaudit reads snapshot schemaVersion ${readable}`, NOT_A_SNAPSHOT);
  }
  const v = o.schemaVersion;
  if (typeof v === 'number' && READABLE_SCHEMA_VERSIONS.includes(v)) return;
  if (typeof v === 'number' && Number.isInteger(v) && v > Math.max(...READABLE_SCHEMA_VERSIONS)) {
    fail(file, '$.schemaVersion', `${v} was written by a newer vmaudit; this build reads schemaVersion ${readable}`, 'Upgrade vmaudit, or re-create the snapshot with this version.');
  }
  fail(file, '$.schemaVersion', `unsupported version ${describeValue(v)}; this build reads schemaVersion ${readable}`, 'Re-create the snapshot with `vmaudit scan`.');
}

/** Parses and validates snapshot bytes or text. `fileName` names the source in errors. */
export function parseSnapshot(input: string | Uint8Array, fileName: string): Snapshot {
  const doc = parseJson(fileName, decode(fileName, input));
  checkVersion(fileName, doc);
  const oversized = sizeProblems(doc);
  if (oversized.length) throw new SnapshotFileError(fileName, oversized);
  const result = SnapshotSchema.safeParse(doc);
  const problems = [...unknownTopLevelKeys(doc as Record<string, unknown>), ...(result.success ? semanticProblems(result.data) : issuesToProblems(result.error.issues, doc))];
  if (problems.length || !result.success) throw new SnapshotFileError(fileName, problems);
  return result.data;
}

/**
 * Nested objects may carry fields a newer collector adds, but a misspelt top-level array
 * ("instaces") would silently audit nothing, so unknown top-level keys are rejected.
 */
function unknownTopLevelKeys(doc: Record<string, unknown>): SnapshotProblem[] {
  return Object.keys(doc)
    .filter((k) => !TOP_LEVEL_ORDER.includes(k))
    .map((k) => {
      const near = TOP_LEVEL_ORDER.find((known) => editDistance(known.toLowerCase(), k.toLowerCase()) <= 2);
      return { path: jsonPath([k]), message: `unknown key${near ? ` (did you mean "${near}"?)` : ''}; a snapshot holds ${TOP_LEVEL_ORDER.join(', ')}` };
    });
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem: SnapshotProblem =
      code === 'ENOENT'
        ? { path: '(file)', message: 'no such file' }
        : code === 'EISDIR'
          ? { path: '(file)', message: 'is a directory, not a file' }
          : code === 'EACCES' || code === 'EPERM'
            ? { path: '(file)', message: 'permission denied' }
            : { path: '(file)', message: `cannot be read (${code ?? (err as Error).message})` };
    throw new SnapshotFileError(path, [problem], 'Check the path; `vmaudit scan` writes snapshots as <out>/snapshot.json.gz.');
  }
  return parseSnapshot(bytes, path);
}

export interface EncodeOptions {
  /** gzip the JSON. */
  gzip?: boolean;
  /** Indent with two spaces. Default: true for plain JSON, false when gzipped. */
  pretty?: boolean;
}

export interface WriteOptions extends EncodeOptions {
  /** Validate (and normalise) before writing. Default true; the synthetic benchmark estate skips it. */
  validate?: boolean;
}

/** Keys in a fixed order: the schema's order at the top level (schemaVersion first), sorted below. */
function canonicalReplacer(this: unknown, key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const src = value as Record<string, unknown>;
  const isRoot = key === '' && this !== null && typeof this === 'object' && (this as Record<string, unknown>)[''] === value;
  const keys = Object.keys(src).sort();
  const ordered = isRoot ? [...TOP_LEVEL_ORDER.filter((k) => k in src), ...keys.filter((k) => !TOP_LEVEL_ORDER.includes(k))] : keys;
  const out: Record<string, unknown> = {};
  for (const k of ordered) out[k] = src[k];
  return out;
}

/** The bytes of a snapshot file: deterministic for a given snapshot and options. */
export function encodeSnapshot(snapshot: Snapshot, options: EncodeOptions = {}): Buffer {
  const gzip = options.gzip ?? false;
  const pretty = options.pretty ?? !gzip;
  const json = JSON.stringify(snapshot, canonicalReplacer, pretty ? 2 : undefined) + '\n';
  // zlib writes mtime 0 and no file name into the gzip header, so the bytes stay reproducible.
  return gzip ? gzipSync(json, { level: 6 }) : Buffer.from(json, 'utf8');
}

/**
 * Writes a snapshot file atomically (temporary file + rename). gzip defaults to the name ending in
 * `.gz`. Returns the number of bytes written.
 */
export async function writeSnapshotFile(path: string, snapshot: Snapshot, options: WriteOptions = {}): Promise<number> {
  let value = snapshot;
  if (options.validate ?? true) {
    const result = SnapshotSchema.safeParse(snapshot);
    if (!result.success) throw new SnapshotFileError(path, issuesToProblems(result.error.issues, snapshot), 'The snapshot in memory is invalid and was not written: this is a bug in whatever built it.');
    value = result.data;
  }
  const bytes = encodeSnapshot(value, { ...options, gzip: options.gzip ?? /\.gz$/i.test(path) });
  await makeFolders(dirname(path));
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return bytes.length;
}
