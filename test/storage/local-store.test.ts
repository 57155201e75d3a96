import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunStore } from '../../lib/storage/local-store';
import { ConcurrentWriteError, ObjectExistsError } from '../../lib/storage/store';
import { StoreLocationError } from '../../lib/errors';
import { checkRunId, runFolder } from '../../lib/layout';

function store() {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-store-'));
  return { dir, store: new LocalRunStore(dir) };
}

describe('local run store', () => {
  it('creates-a-file-once-and-never-overwrites-it', async () => {
    const { dir, store: s } = store();
    expect(await s.create('runs/2026/11/26/r/findings.json', 'one')).toBe('created');
    await expect(s.create('runs/2026/11/26/r/findings.json', 'two')).rejects.toBeInstanceOf(ObjectExistsError);
    expect(readFileSync(join(dir, 'runs/2026/11/26/r/findings.json'), 'utf8')).toBe('one');
  });

  it('retrying-with-identical-bytes-is-not-an-error', async () => {
    const { store: s } = store();
    await s.create('a/b.json', 'same');
    expect(await s.create('a/b.json', 'same')).toBe('unchanged');
  });

  it('leaves-no-temporary-files-behind', async () => {
    const { dir, store: s } = store();
    await s.create('a/b.json', 'x');
    await s.create('a/b.json', 'x');
    await s.put('a/c.json', 'y');
    await s.copy('a/b.json', 'latest/b.json');
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['b.json', 'c.json']);
  });

  it('put-replaces-and-honours-if-match-and-if-none-match', async () => {
    const { store: s } = store();
    await s.put('latest/run.json', 'v1', { ifNoneMatch: true });
    const v1 = (await s.get('latest/run.json'))!;
    await expect(s.put('latest/run.json', 'v2', { ifNoneMatch: true })).rejects.toBeInstanceOf(ConcurrentWriteError);
    await s.put('latest/run.json', 'v2', { ifMatch: v1.etag });
    await expect(s.put('latest/run.json', 'v3', { ifMatch: v1.etag })).rejects.toBeInstanceOf(ConcurrentWriteError);
    expect((await s.get('latest/run.json'))!.body.toString()).toBe('v2');
  });

  it('lists-keys-recursively-with-forward-slashes', async () => {
    const { store: s } = store();
    await s.create('runs/2026/11/26/r1/manifest.json', '{}');
    await s.create('runs/2026/11/27/r2/findings.json', '{}');
    await s.put('latest/run.json', '{}');
    expect(await s.list('runs/')).toEqual(['runs/2026/11/26/r1/manifest.json', 'runs/2026/11/27/r2/findings.json']);
    expect(await s.list('nothing/')).toEqual([]);
  });

  it('missing-object-reads-as-undefined', async () => {
    expect(await store().store.get('runs/none.json')).toBeUndefined();
  });

  it.each(['../escape.json', 'a/../../b', '/etc/passwd', 'a\\b', 'a//b', 'a/\u0000b', ''])('refuses-the-key-%j', async (key) => {
    await expect(store().store.create(key, 'x')).rejects.toBeInstanceOf(StoreLocationError);
  });
});

describe('layout', () => {
  it('puts-a-run-under-its-utc-start-date', () => {
    expect(runFolder('2026-11-26T23-30-00Z-abc', '2026-11-26T23:30:00.000+00:00')).toBe('runs/2026/11/26/2026-11-26T23-30-00Z-abc/');
    expect(runFolder('r', '2026-11-27T01:30:00.000+02:00')).toBe('runs/2026/11/26/r/');
  });

  it.each(['../x', 'a/b', '', 'a b', 'x'.repeat(201), '.hidden'])('refuses-the-run-id-%j', (id) => {
    expect(() => checkRunId(id)).toThrow(StoreLocationError);
  });
});

describe('local run store: streamed writes', () => {
  function* failingAfter(n: number): Generator<string> {
    for (let i = 0; i < n; i++) yield 'x'.repeat(300_000);
    throw Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
  }

  it('streamed-file-gets-its-content-sha256-and-size', async () => {
    const { dir, store: s } = store();
    const w = await s.createStream('runs/2026/11/26/r/findings.csv', ['a,b\r\n', '1,2\r\n']);
    expect(w).toEqual({ status: 'created', sha256: require('node:crypto').createHash('sha256').update('a,b\r\n1,2\r\n').digest('hex'), bytes: 10 });
    expect(readFileSync(join(dir, 'runs/2026/11/26/r/findings.csv'), 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect((await s.createStream('runs/2026/11/26/r/findings.csv', ['a,b\r\n1,2\r\n'])).status).toBe('unchanged');
    await expect(s.createStream('runs/2026/11/26/r/findings.csv', ['other'])).rejects.toBeInstanceOf(ObjectExistsError);
  });

  it('stream-that-fails-midway-leaves-nothing-under-the-final-name-and-no-temporary-file', async () => {
    const { dir, store: s } = store();
    await expect(s.createStream('runs/2026/11/26/r/report.html', failingAfter(2))).rejects.toThrow('No space left on device');
    expect(readdirSync(join(dir, 'runs/2026/11/26/r'))).toEqual([]);
  });

  it('latest-copy-is-a-hard-link-not-a-second-copy', async () => {
    const { dir, store: s } = store();
    await s.createStream('runs/2026/11/26/r/report.html', ['<p>x</p>']);
    await s.copy('runs/2026/11/26/r/report.html', 'latest/report.html');
    const { statSync } = require('node:fs') as typeof import('node:fs');
    expect(statSync(join(dir, 'latest/report.html')).ino).toBe(statSync(join(dir, 'runs/2026/11/26/r/report.html')).ino);
  });
});
