/**
 * Run and report files are stored gzip-encoded in S3 and read back as their content: hashes, the
 * manifest chain and retried creates never see the stored bytes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mockClient } from 'aws-sdk-client-mock';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3RunStore } from '../../lib/storage/s3-store';
import { LocalRunStore } from '../../lib/storage/local-store';
import { ObjectExistsError } from '../../lib/storage/store';
import { decodeStored, MIN_GZIP_BYTES, storesGzipped } from '../../lib/storage/gzip-at-rest';
import { publishRun } from '../../lib/pipeline/publish-run';
import { sha256Hex } from '../../lib/manifest/manifest';
import { verifyChain } from '../../lib/manifest/verify';
import { POLICY, runDoc } from '../manifest/chain-fixture';

const s3 = mockClient(S3Client);

interface Stored {
  body: Buffer;
  etag: string;
  contentType?: string;
  contentEncoding?: string;
}

function byteBody(bytes: Buffer) {
  const copy = new Uint8Array(bytes);
  return { transformToByteArray: async () => copy } as never;
}

function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

/** An in-memory bucket behind the mock: conditional writes, and object metadata kept and copied like S3. */
function fakeBucket() {
  const objects = new Map<string, Stored>();
  let version = 0;
  s3.on(PutObjectCommand).callsFake((input) => {
    const existing = objects.get(input.Key);
    if (input.IfNoneMatch === '*' && existing) throw s3Error('PreconditionFailed', 412);
    if (input.IfMatch !== undefined && existing?.etag !== input.IfMatch) throw s3Error('PreconditionFailed', 412);
    const etag = `"e${++version}"`;
    objects.set(input.Key, { body: Buffer.from(input.Body as Buffer), etag, contentType: input.ContentType, contentEncoding: input.ContentEncoding });
    return { ETag: etag };
  });
  s3.on(HeadObjectCommand).callsFake((input) => {
    if (!objects.has(input.Key)) throw s3Error('NotFound', 404);
    return {};
  });
  s3.on(GetObjectCommand).callsFake((input) => {
    const o = objects.get(input.Key);
    if (!o) throw s3Error('NoSuchKey', 404);
    return { Body: byteBody(o.body), ETag: o.etag, ContentType: o.contentType, ContentEncoding: o.contentEncoding };
  });
  s3.on(CopyObjectCommand).callsFake((input) => {
    const from = decodeURIComponent(String(input.CopySource).split('/').slice(1).join('/'));
    const o = objects.get(from);
    if (!o) throw s3Error('NoSuchKey', 404);
    // REPLACE would take the request's (absent) metadata: the copy would lose its Content-Encoding.
    const meta = input.MetadataDirective === 'REPLACE' ? { contentType: input.ContentType, contentEncoding: input.ContentEncoding } : { contentType: o.contentType, contentEncoding: o.contentEncoding };
    objects.set(input.Key, { body: o.body, etag: `"e${++version}"`, ...meta });
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    return { Contents: keys.map((Key) => ({ Key })), IsTruncated: false };
  });
  return objects;
}

const store = (prefix = '') => new S3RunStore(new S3Client({ region: 'us-east-1' }), { bucket: 'audit-bucket', prefix });
/** Text that is clearly worth compressing. */
const big = (tag: string) => `<tr><td>${tag}</td><td>i-0123456789abcdef0</td><td>PASS</td></tr>\n`.repeat(200);

beforeEach(() => s3.reset());

describe('which objects are stored gzipped', () => {
  it.each([
    ['runs/2026/11/26/r/findings.json', true],
    ['runs/2026/11/26/r/findings.csv', true],
    ['runs/2026/11/26/r/report.html', true],
    ['runs/2026/11/26/r/findings.asff.json', true],
    ['runs/2026/11/26/r/manifest.json', true],
    ['latest/report.html', true],
    ['latest/alert.txt', true],
    ['reports/weekly/2026-11-23/digest.txt', true],
    ['latest/run.json', false],
    ['inventory/r/targets.json', false],
    ['inventory/r/111111111111/us-east-1.json.gz', false],
    ['state/last-run.json', false],
    ['state/realtime/111111111111/us-east-1.json', false],
    ['runs/2026/11/26/r/logo.svg', false],
  ])('%s-gzipped-%s', (key, expected) => {
    expect(storesGzipped(key, 64 * 1024)).toBe(expected);
  });

  it('bodies-under-1-kib-stay-plain', () => {
    expect(storesGzipped('runs/2026/11/26/r/exceptions.json', MIN_GZIP_BYTES - 1)).toBe(false);
    expect(storesGzipped('runs/2026/11/26/r/exceptions.json', MIN_GZIP_BYTES)).toBe(true);
  });
});

describe('S3 run store with gzip at rest', () => {
  it('run-file-is-put-gzipped-with-content-encoding-and-its-own-content-type', async () => {
    s3.on(PutObjectCommand).resolves({});
    const html = big('report');
    expect(await store('vmaudit/').create('runs/2026/11/26/r/report.html', html)).toBe('created');
    const input = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input).toMatchObject({ Key: 'vmaudit/runs/2026/11/26/r/report.html', IfNoneMatch: '*', ContentEncoding: 'gzip', ContentType: 'text/html; charset=utf-8' });
    const stored = input.Body as Buffer;
    expect(stored.length).toBeLessThan(Buffer.byteLength(html) / 10);
    expect(gunzipSync(stored).toString('utf8')).toBe(html);
  });

  it.each([
    ['targets-list-read-by-the-distributed-map', 'inventory/r/targets.json', {}],
    ['latest-pointer', 'latest/run.json', { ifMatch: '"1"' }],
    ['alert-marker-claimed-with-if-none-match', 'state/alerts/r.json', { ifNoneMatch: true }],
    ['conditional-write-under-runs', 'runs/2026/11/26/r/findings.json', { ifNoneMatch: true }],
  ])('%s-is-put-plain', async (_name, key, options) => {
    s3.on(PutObjectCommand).resolves({});
    const text = big('plain');
    await store().put(key, text, options);
    const input = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input.ContentEncoding).toBeUndefined();
    expect(Buffer.from(input.Body as Buffer).toString('utf8')).toBe(text);
  });

  it('unconditional-report-put-is-gzipped', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store().put('reports/weekly/2026-11-23/report.csv', big('csv'));
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ ContentEncoding: 'gzip', ContentType: 'text/csv; charset=utf-8' });
  });

  it('gzip-encoded-object-reads-as-its-content-with-the-stored-etag', async () => {
    const text = big('get');
    s3.on(GetObjectCommand).resolves({ Body: byteBody(gzipSync(text)), ETag: '"7"', ContentEncoding: 'gzip' });
    const got = await store().get('runs/2026/11/26/r/findings.csv');
    expect(got?.body.toString('utf8')).toBe(text);
    expect(got?.etag).toBe('"7"');
    expect(Buffer.from((await store().read('runs/2026/11/26/r/findings.csv'))!).toString('utf8')).toBe(text);
  });

  it('legacy-uncompressed-object-still-reads', async () => {
    const text = big('legacy');
    s3.on(GetObjectCommand).resolves({ Body: byteBody(Buffer.from(text)), ETag: '"1"' });
    expect((await store().get('runs/2025/01/01/old/report.html'))?.body.toString('utf8')).toBe(text);
  });

  it('body-already-decoded-behind-a-gzip-header-is-returned-as-is', () => {
    expect(decodeStored(Buffer.from('{"a":1}'), 'gzip').toString('utf8')).toBe('{"a":1}');
    expect(decodeStored(gzipSync('{"a":1}'), 'aws-chunked, gzip').toString('utf8')).toBe('{"a":1}');
  });

  it('same-content-gives-the-same-stored-bytes', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store().create('runs/2026/11/26/a/findings.json', big('same'));
    await store().create('runs/2026/11/26/b/findings.json', big('same'));
    const [a, b] = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Body as Buffer);
    expect(a.equals(b)).toBe(true);
  });

  it('retried-create-with-identical-content-is-unchanged', async () => {
    fakeBucket();
    const key = 'runs/2026/11/26/r/findings.json';
    expect(await store().create(key, big('retry'))).toBe('created');
    expect(await store().create(key, big('retry'))).toBe('unchanged');
  });

  it('retried-create-over-a-legacy-uncompressed-copy-of-the-same-content-is-unchanged', async () => {
    const objects = fakeBucket();
    const key = 'runs/2026/11/26/r/findings.json';
    objects.set(key, { body: Buffer.from(big('legacy')), etag: '"0"' });
    expect(await store().create(key, big('legacy'))).toBe('unchanged');
  });

  it('create-with-other-content-over-a-gzipped-object-is-refused', async () => {
    fakeBucket();
    const key = 'runs/2026/11/26/r/findings.json';
    await store().create(key, big('first'));
    await expect(store().create(key, big('second'))).rejects.toBeInstanceOf(ObjectExistsError);
  });

  it('copy-keeps-the-content-encoding-and-reads-decoded', async () => {
    const objects = fakeBucket();
    await store().create('runs/2026/11/26/r/report.html', big('copy'));
    await store().copy('runs/2026/11/26/r/report.html', 'latest/report.html');
    expect(s3.commandCalls(CopyObjectCommand)[0].args[0].input.MetadataDirective).toBe('COPY');
    expect(objects.get('latest/report.html')).toMatchObject({ contentEncoding: 'gzip', contentType: 'text/html; charset=utf-8' });
    expect((await store().get('latest/report.html'))?.body.toString('utf8')).toBe(big('copy'));
  });
});

describe('publishing to a gzip-at-rest bucket', () => {
  const RUN = 'runs/2026/11/02/run-2/';

  async function publishTwo() {
    const objects = fakeBucket();
    await publishRun({ document: runDoc(1), policy: POLICY, store: store() });
    await publishRun({ document: runDoc(2), policy: POLICY, store: store() });
    return objects;
  }

  it('run-files-are-stored-gzipped-and-the-manifest-hashes-their-content', async () => {
    const objects = await publishTwo();
    const manifest = JSON.parse((await store().get(`${RUN}manifest.json`))!.body.toString('utf8')) as { files: { name: string; sha256: string; bytes: number }[] };
    expect(manifest.files.length).toBeGreaterThan(5);
    for (const f of manifest.files) {
      const o = objects.get(RUN + f.name)!;
      const content = o.contentEncoding === 'gzip' ? gunzipSync(o.body) : o.body;
      expect({ name: f.name, sha256: sha256Hex(content), bytes: content.length }).toEqual(f);
      expect({ name: f.name, gzipped: o.contentEncoding === 'gzip' }).toEqual({ name: f.name, gzipped: f.bytes >= MIN_GZIP_BYTES });
    }
    expect(objects.get(`${RUN}report.html`)?.contentEncoding).toBe('gzip');
    expect(objects.get('latest/run.json')?.contentEncoding).toBeUndefined();
  });

  it('chain-verifies-intact-over-the-gzipped-bucket', async () => {
    await publishTwo();
    const report = await verifyChain(store(), 's3://audit-bucket');
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('altered-content-under-a-gzip-header-is-still-detected', async () => {
    const objects = await publishTwo();
    const o = objects.get(`${RUN}findings.csv`)!;
    o.body = gzipSync(Buffer.concat([gunzipSync(o.body), Buffer.from('"=cmd|x",injected\n')]));
    const report = await verifyChain(store(), 's3://audit-bucket');
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => `${p.kind} ${p.key ?? ''}`)).toContain(`altered ${RUN}findings.csv`);
  });

  it('folder-synced-from-the-bucket-verifies-intact', async () => {
    const objects = await publishTwo();
    const dir = mkdtempSync(join(tmpdir(), 'vmaudit-synced-'));
    // What `aws s3 sync` leaves: the stored (gzipped) bytes under the plain names.
    for (const [key, o] of objects) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      writeFileSync(join(dir, key), o.body);
    }
    const report = await verifyChain(new LocalRunStore(dir), dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect((await new LocalRunStore(dir).get(`${RUN}report.html`))?.body.subarray(0, 15).toString('utf8')).toBe('<!DOCTYPE html>');
  });
});
