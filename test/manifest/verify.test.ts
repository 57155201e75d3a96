import { appendFileSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { NoRunsError, verifyChain, formatVerifyReport, type VerifyProblemKind } from '../../lib/manifest/verify';
import { LocalRunStore } from '../../lib/storage/local-store';
import { chainOf, runFolder } from './chain-fixture';

async function verify(dir: string, options = {}) {
  return verifyChain(new LocalRunStore(dir), dir, options);
}

function kinds(r: { problems: { kind: VerifyProblemKind; key: string }[] }): string[] {
  return r.problems.map((p) => `${p.kind} ${p.key}`);
}

describe('vmaudit verify: intact chains', () => {
  it('three-published-runs-verify-intact', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    const r = await verify(dir);
    expect(kinds(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.chainLength).toBe(3);
    expect(r.filesChecked).toBe(21);
    expect(r.head?.runId).toBe('run-3');
    expect(formatVerifyReport(r, dir)).toMatch(/OK: .* is intact/);
  });

  it('oldest-run-expired-by-retention-is-a-note-not-tampering', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    rmSync(join(dir, runFolder(1)), { recursive: true });
    const r = await verify(dir);
    expect(r.ok).toBe(true);
    expect(r.notes.join('\n')).toMatch(/chain starts at runs\/2026\/11\/02\/run-2\/manifest.json/);
  });

  it('alert-text-written-after-the-manifest-is-a-note-not-tampering', async () => {
    const { dir } = await chainOf([1]);
    writeFileSync(join(dir, runFolder(1), 'alert.txt'), 'Subject: ...');
    const r = await verify(dir);
    expect(r.ok).toBe(true);
    expect(r.notes.join('\n')).toMatch(/alert.txt was written after the manifest/);
  });

  it('expected-head-hash-from-the-alert-matches', async () => {
    const { dir } = await chainOf([1, 2]);
    const head = (await verify(dir)).head!.sha256;
    expect((await verify(dir, { expectHead: head })).ok).toBe(true);
  });

  it('empty-folder-is-bad-input', async () => {
    await expect(verify(mkdtempSync(join(tmpdir(), 'vmaudit-empty-')))).rejects.toBeInstanceOf(NoRunsError);
  });

  it('max-runs-hashes-only-the-newest-but-walks-the-whole-chain', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    const r = await verify(dir, { maxRuns: 1 });
    expect(r.chainLength).toBe(3);
    expect(r.runsChecked).toBe(1);
  });
});

describe('vmaudit verify: tampering is detected and named', () => {
  it('altered-byte-in-a-report-is-named', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    const file = join(dir, runFolder(2), 'report.html');
    const buf = readFileSync(file);
    buf[100] = buf[100] ^ 1;
    writeFileSync(file, buf);
    const r = await verify(dir);
    expect(r.ok).toBe(false);
    expect(kinds(r)).toEqual([`altered ${runFolder(2)}report.html`]);
    expect(r.problems[0].message).toMatch(/was altered/);
  });

  it('removed-file-is-named', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    rmSync(join(dir, runFolder(1), 'findings.csv'));
    expect(kinds(await verify(dir))).toEqual([`missing-file ${runFolder(1)}findings.csv`]);
  });

  it('file-added-to-a-run-is-named', async () => {
    const { dir } = await chainOf([1, 2]);
    writeFileSync(join(dir, runFolder(1), 'extra.json'), '{}');
    expect(kinds(await verify(dir))).toEqual([`unexpected-file ${runFolder(1)}extra.json`]);
  });

  it('removed-run-in-the-middle-is-named', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    rmSync(join(dir, runFolder(2)), { recursive: true });
    const r = await verify(dir);
    expect(kinds(r)).toEqual([`removed-run ${runFolder(2)}manifest.json`, `not-in-chain ${runFolder(1)}manifest.json`]);
  });

  it('removed-newest-run-is-named-through-the-pointer', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    rmSync(join(dir, runFolder(3)), { recursive: true });
    expect(kinds(await verify(dir))).toContain(`removed-run ${runFolder(3)}manifest.json`);
  });

  it('swapped-run-order-is-detected', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    // Swap the contents of the run-1 and run-2 folders.
    renameSync(join(dir, runFolder(1)), join(dir, 'tmp-swap'));
    renameSync(join(dir, runFolder(2)), join(dir, runFolder(1)));
    renameSync(join(dir, 'tmp-swap'), join(dir, runFolder(2)));
    const r = await verify(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['out-of-order', 'broken-link']));
  });

  it('rewritten-earlier-manifest-breaks-the-link-from-the-next-run', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    // Someone alters run-1's report and "fixes" its manifest to match.
    const folder = join(dir, runFolder(1));
    appendFileSync(join(folder, 'report.html'), '<!-- edited -->');
    const m = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    const html = readFileSync(join(folder, 'report.html'));
    const entry = m.files.find((f: { name: string }) => f.name === 'report.html');
    entry.sha256 = require('node:crypto').createHash('sha256').update(html).digest('hex');
    entry.bytes = html.byteLength;
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    expect(kinds(await verify(dir))).toEqual([`broken-link ${runFolder(1)}manifest.json`]);
  });

  it('replaced-latest-file-is-named', async () => {
    const { dir } = await chainOf([1, 2]);
    const latest = join(dir, 'latest', 'findings.csv');
    const edited = readFileSync(latest, 'utf8') + '"x"\r\n';
    unlinkSync(latest);
    writeFileSync(latest, edited);
    expect(kinds(await verify(dir))).toEqual(['latest-mismatch latest/findings.csv']);
  });

  it('latest-file-edited-in-place-alters-the-run-it-links-and-both-are-named', async () => {
    // Locally latest/ holds hard links to the newest run's files, not copies: an edit in place is an edit of the run.
    const { dir } = await chainOf([1, 2]);
    appendFileSync(join(dir, 'latest', 'findings.csv'), '"x"\r\n');
    expect(kinds(await verify(dir))).toEqual([`altered ${runFolder(2)}findings.csv`, 'latest-mismatch latest/findings.csv']);
  });

  it('unexpected-head-hash-is-named', async () => {
    const { dir } = await chainOf([1, 2]);
    expect(kinds(await verify(dir, { expectHead: 'f'.repeat(64) }))).toEqual([`head-mismatch ${runFolder(2)}manifest.json`]);
  });

  it('run-slipped-in-with-its-own-manifest-is-not-in-the-chain', async () => {
    const { dir } = await chainOf([1, 2, 3]);
    const { store } = { store: new LocalRunStore(dir) };
    const folder = 'runs/2026/11/02/run-forged/';
    await store.create(folder + 'findings.json', '{}');
    const { buildManifest, renderManifest } = await import('../../lib/manifest/manifest');
    await store.create(folder + 'manifest.json', renderManifest(buildManifest('run-forged', '2026-11-02T13:00:00.000Z', [{ name: 'findings.json', body: '{}' }], null)));
    expect(kinds(await verify(dir))).toEqual([`not-in-chain ${folder}manifest.json`]);
  });
});
