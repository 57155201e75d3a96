import { buildManifest, manifestEntry, parseManifest, renderManifest, sha256Hex } from '../../lib/manifest/manifest';

const files = [
  { name: 'report.html', body: '<html></html>' },
  { name: 'findings.json', body: '{"a":1}\n' },
  { name: 'bytes.bin', body: new Uint8Array([0, 1, 2, 255]) },
];

describe('manifest', () => {
  it('lists-every-file-with-sha256-and-size-sorted-by-name', () => {
    const m = buildManifest('run-1', '2026-11-26T12:00:05.000Z', files, null);
    expect(m.files.map((f) => f.name)).toEqual(['bytes.bin', 'findings.json', 'report.html']);
    expect(m.files[1]).toEqual({ name: 'findings.json', sha256: sha256Hex('{"a":1}\n'), bytes: 8 });
    expect(m.files[0].bytes).toBe(4);
  });

  it('is-byte-identical-whatever-the-input-order-and-whether-bodies-or-entries-are-given', () => {
    const a = renderManifest(buildManifest('run-1', '2026-11-26T12:00:05.000Z', files, { key: 'runs/2026/11/25/run-0/manifest.json', sha256: 'a'.repeat(64) }));
    const b = renderManifest(
      buildManifest('run-1', '2026-11-26T12:00:05.000Z', [...files].reverse().map((f) => manifestEntry(f.name, f.body)), { key: 'runs/2026/11/25/run-0/manifest.json', sha256: 'a'.repeat(64) }),
    );
    expect(a).toBe(b);
    expect(Object.keys(JSON.parse(a))).toEqual(['runId', 'createdAt', 'files', 'previousManifest']);
  });

  it('first-run-has-a-null-previous-manifest', () => {
    expect(JSON.parse(renderManifest(buildManifest('r', '2026-11-26T12:00:05.000Z', files, null))).previousManifest).toBeNull();
  });

  it.each([
    ['lists-itself', [{ name: 'manifest.json', body: 'x' }]],
    ['lists-a-file-twice', [{ name: 'a', body: 'x' }, { name: 'a', body: 'y' }]],
  ])('refuses-a-manifest-that-%s', (_n, fs) => {
    expect(() => buildManifest('r', '2026-11-26T12:00:05.000Z', fs, null)).toThrow();
  });

  it('round-trips-through-parse', () => {
    const m = buildManifest('r', '2026-11-26T12:00:05.000Z', files, null);
    expect(parseManifest(renderManifest(m))).toEqual({ manifest: m });
  });

  it.each([
    ['not-json', '{', /not valid JSON/],
    ['no-run-id', '{"createdAt":"2026-11-26T12:00:05.000Z","files":[],"previousManifest":null}', /runId/],
    ['bad-hash', '{"runId":"r","createdAt":"2026-11-26T12:00:05.000Z","files":[{"name":"a","sha256":"xyz","bytes":1}],"previousManifest":null}', /files\[0\]/],
    ['escaping-name', `{"runId":"r","createdAt":"2026-11-26T12:00:05.000Z","files":[{"name":"../x","sha256":"${'a'.repeat(64)}","bytes":1}],"previousManifest":null}`, /files\[0\]/],
    ['missing-link', '{"runId":"r","createdAt":"2026-11-26T12:00:05.000Z","files":[]}', /previousManifest/],
  ])('parse-names-the-problem-of-%s', (_n, text, re) => {
    const r = parseManifest(text);
    expect('problem' in r && r.problem).toMatch(re);
  });
});
