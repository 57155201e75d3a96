/**
 * manifest.json: the tamper-evidence record of a run. It lists every file of the run with its SHA-256
 * and size, and the key and SHA-256 of the previous run's manifest, so the manifests form a hash
 * chain: altering a report changes its hash, altering or removing an earlier manifest breaks the link
 * from the next one. Deterministic: the same run always gives the same bytes (files sorted by name,
 * fixed key order, times from the run, not the clock), so a retried publish writes an identical file.
 */
import { createHash } from 'node:crypto';

export const MANIFEST_NAME = 'manifest.json';

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface ManifestLink {
  /** Store key of the previous run's manifest, e.g. runs/2026/11/26/<runId>/manifest.json. */
  key: string;
  sha256: string;
}

export interface Manifest {
  runId: string;
  createdAt: string;
  files: ManifestFile[];
  previousManifest: ManifestLink | null;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

export interface FileBody {
  name: string;
  body: string | Uint8Array;
}

/** One manifest entry for a file's bytes. */
export function manifestEntry(name: string, body: string | Uint8Array): ManifestFile {
  return { name, sha256: sha256Hex(body), bytes: byteLength(body) };
}

/** Entries may be built as files are written (see `manifestEntry`), so large bodies need not be held at once. */
export function buildManifest(runId: string, createdAt: string, files: readonly (ManifestFile | FileBody)[], previous: ManifestLink | null): Manifest {
  const entries = files.map((f) => ('body' in f ? manifestEntry(f.name, f.body) : { name: f.name, sha256: f.sha256, bytes: f.bytes }));
  const names = new Set<string>();
  for (const f of entries) {
    if (f.name === MANIFEST_NAME) throw new Error('A manifest cannot list itself.');
    if (names.has(f.name)) throw new Error(`File ${f.name} is listed twice in the manifest.`);
    names.add(f.name);
  }
  return {
    runId,
    createdAt,
    files: entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    previousManifest: previous ? { key: previous.key, sha256: previous.sha256 } : null,
  };
}

/** The canonical bytes: fixed key order, 2-space indent, trailing newline. */
export function renderManifest(m: Manifest): string {
  const ordered = {
    runId: m.runId,
    createdAt: m.createdAt,
    files: [...m.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
    previousManifest: m.previousManifest ? { key: m.previousManifest.key, sha256: m.previousManifest.sha256 } : null,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Parses a manifest; returns the problem as text instead of throwing (verify reports it). */
export function parseManifest(text: string): { manifest: Manifest } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON (${(err as Error).message})` };
  }
  const m = raw as Partial<Manifest> | null;
  if (!m || typeof m !== 'object') return { problem: 'not a JSON object' };
  if (typeof m.runId !== 'string' || m.runId === '') return { problem: 'runId missing' };
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) return { problem: 'createdAt missing or not a date' };
  if (!Array.isArray(m.files)) return { problem: 'files missing' };
  for (const [i, f] of m.files.entries()) {
    if (!f || typeof f.name !== 'string' || f.name === '' || f.name.includes('..') || f.name.startsWith('/') || !HEX64.test(String(f.sha256)) || !Number.isInteger(f.bytes)) {
      return { problem: `files[${i}] is not { name, sha256, bytes }` };
    }
  }
  const prev = m.previousManifest;
  if (prev !== null && (typeof prev !== 'object' || typeof prev?.key !== 'string' || !HEX64.test(String(prev?.sha256)))) {
    return { problem: 'previousManifest is neither null nor { key, sha256 }' };
  }
  return { manifest: { runId: m.runId, createdAt: m.createdAt, files: m.files as ManifestFile[], previousManifest: prev ?? null } };
}
