/**
 * Reading findings.json back: version 1 (written by vmaudit before lifecycle was limited to failures;
 * the fixture was written by that vmaudit) is read as version 2 says, a later version is refused,
 * and a file is parsed one element at a time with the same result as a whole parse.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFindingsDocument } from '../../lib/findings/read-document';
import { baselineFromFindings } from '../../lib/state/state-document';
import { renderFindingsJson } from '../../lib/reports/json';
import { findingsDocument, type FindingsDocument } from '../../lib/findings/document';
import type { Finding } from '../../lib/findings/finding';

const V1 = readFileSync(join(__dirname, '..', 'fixtures', 'findings-v1', 'findings.json'), 'utf8');
const read = (input: string | Uint8Array) => readFindingsDocument(input, 'runs/x/findings.json');
const doc = (r: ReturnType<typeof read>): FindingsDocument => {
  if (!('document' in r)) throw new Error(r.problem);
  return r.document;
};

describe('readFindingsDocument', () => {
  it('version-1-fixture-has-new-on-pass-and-unknown-as-written', () => {
    const raw = JSON.parse(V1) as FindingsDocument;
    expect(raw.schemaVersion).toBe(1);
    expect(raw.findings.some((f) => f.status === 'PASS' && f.lifecycle === 'NEW')).toBe(true);
    expect(raw.findings.some((f) => f.status === 'UNKNOWN' && f.lifecycle === 'NEW')).toBe(true);
  });

  it('version-1-is-read-with-lifecycle-on-failures-only', () => {
    const d = doc(read(V1));
    const raw = JSON.parse(V1) as FindingsDocument;
    expect(d.findings).toHaveLength(raw.findings.length);
    expect(d.findings.filter((f) => f.status !== 'FAIL' && f.lifecycle === 'NEW')).toEqual([]);
    expect(d.findings.filter((f) => f.status === 'FAIL').every((f) => f.lifecycle === 'NEW')).toBe(true);
  });

  it('version-1-gives-a-baseline-of-its-failures', () => {
    const b = baselineFromFindings(Buffer.from(V1), 'runs/x/findings.json', ['111111111111']);
    expect('state' in b && b.state.findings.length).toBe((JSON.parse(V1) as FindingsDocument).findings.filter((f) => f.status === 'FAIL').length);
  });

  it('element-by-element-equals-a-whole-parse', () => {
    const text = V1.replace('"schemaVersion": 1', '"schemaVersion": 2');
    expect(doc(read(Buffer.from(text)))).toEqual(JSON.parse(text));
    const empty = renderFindingsJson(findingsDocument((JSON.parse(text) as FindingsDocument).run, []));
    expect(doc(read(empty)).findings).toEqual([]);
  });

  it('what-this-build-writes-it-reads-back', () => {
    const raw = JSON.parse(V1) as FindingsDocument;
    const written = renderFindingsJson(findingsDocument(raw.run, raw.findings.map((f): Finding => ({ ...f, lifecycle: f.status === 'FAIL' ? f.lifecycle : undefined }))));
    expect(JSON.parse(written).schemaVersion).toBe(2);
    expect(doc(read(written))).toEqual(JSON.parse(written));
  });

  it('a-later-version-is-refused-naming-the-file-and-the-versions-read', () => {
    const r = read(V1.replace('"schemaVersion": 1', '"schemaVersion": 3'));
    expect(r).toEqual({ kind: 'foreign', problem: 'runs/x/findings.json has findings schemaVersion 3; this vmaudit reads 1 and 2' });
  });

  it('a-cut-file-is-corrupt-not-a-shorter-run', () => {
    const r = read(V1.slice(0, Math.floor(V1.length / 2)));
    expect('problem' in r && r.kind).toBe('corrupt');
  });
});
