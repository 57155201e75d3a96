import { mockClient } from 'aws-sdk-client-mock';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri, S3RunStore } from '../../lib/storage/s3-store';
import { ConcurrentWriteError, ObjectExistsError } from '../../lib/storage/store';
import { publishRun } from '../../lib/pipeline/publish-run';
import { POLICY, runDoc } from '../manifest/chain-fixture';
import { StoreLocationError } from '../../lib/errors';

const s3 = mockClient(S3Client);

/** The part of the SDK's streaming body the store uses. */
function body(content: string | Buffer) {
  const bytes = new Uint8Array(Buffer.from(content));
  return { transformToByteArray: async () => bytes } as never;
}

function preconditionFailed(): Error {
  return Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
}

function noSuchKey(): Error {
  return Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
}

/** An in-memory bucket behind the mock, honouring IfNoneMatch / IfMatch like S3. */
function fakeBucket() {
  const objects = new Map<string, { body: Buffer; etag: string; contentEncoding?: string }>();
  let version = 0;
  s3.on(PutObjectCommand).callsFake((input) => {
    const existing = objects.get(input.Key);
    if (input.IfNoneMatch === '*' && existing) throw preconditionFailed();
    if (input.IfMatch !== undefined && existing?.etag !== input.IfMatch) throw preconditionFailed();
    const etag = `"e${++version}"`;
    objects.set(input.Key, { body: Buffer.from(input.Body as Buffer), etag, contentEncoding: input.ContentEncoding });
    return { ETag: etag };
  });
  s3.on(HeadObjectCommand).callsFake((input) => {
    if (!objects.has(input.Key)) throw noSuchKey();
    return {};
  });
  s3.on(GetObjectCommand).callsFake((input) => {
    const o = objects.get(input.Key);
    if (!o) throw noSuchKey();
    return { Body: body(o.body), ETag: o.etag, ContentEncoding: o.contentEncoding };
  });
  s3.on(CopyObjectCommand).callsFake((input) => {
    const from = decodeURIComponent(String(input.CopySource).split('/').slice(1).join('/'));
    const o = objects.get(from);
    if (!o) throw noSuchKey();
    objects.set(input.Key, { body: o.body, etag: `"e${++version}"`, contentEncoding: o.contentEncoding });
    return {};
  });
  s3.on(DeleteObjectCommand).callsFake((input) => {
    objects.delete(input.Key);
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    return { Contents: keys.map((Key) => ({ Key })), IsTruncated: false };
  });
  return objects;
}

beforeEach(() => s3.reset());

describe('S3 location', () => {
  it.each([
    ['s3://bucket', { bucket: 'bucket', prefix: '' }],
    ['s3://my.bucket-1/vmaudit/', { bucket: 'my.bucket-1', prefix: 'vmaudit/' }],
    ['s3://b-1/a/b', { bucket: 'b-1', prefix: 'a/b/' }],
  ])('parses-%s', (uri, expected) => {
    expect(parseS3Uri(uri)).toEqual(expected);
  });

  it.each(['https://bucket/x', 's3://', 's3://UPPER/x', 's3://b/../x'])('refuses-%s', (uri) => {
    expect(() => parseS3Uri(uri)).toThrow(StoreLocationError);
  });
});

describe('S3 run store', () => {
  const store = () => new S3RunStore(new S3Client({ region: 'us-east-1' }), { bucket: 'audit-bucket', prefix: 'vmaudit/' });

  it('creates-with-if-none-match-under-the-prefix', async () => {
    s3.on(PutObjectCommand).resolves({});
    expect(await store().create('runs/2026/11/26/r/findings.json', '{}')).toBe('created');
    const call = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(call).toMatchObject({ Bucket: 'audit-bucket', Key: 'vmaudit/runs/2026/11/26/r/findings.json', IfNoneMatch: '*', ContentType: 'application/json; charset=utf-8' });
  });

  it('existing-key-with-other-bytes-is-never-overwritten', async () => {
    s3.on(PutObjectCommand).rejects(preconditionFailed());
    s3.on(GetObjectCommand).resolves({ Body: body('old'), ETag: '"1"' });
    await expect(store().create('runs/x/findings.json', 'new')).rejects.toBeInstanceOf(ObjectExistsError);
  });

  it('existing-key-with-the-same-bytes-is-a-harmless-retry', async () => {
    s3.on(PutObjectCommand).rejects(preconditionFailed());
    s3.on(GetObjectCommand).resolves({ Body: body('same'), ETag: '"1"' });
    expect(await store().create('runs/x/findings.json', 'same')).toBe('unchanged');
  });

  it('lost-compare-and-swap-is-a-concurrent-write', async () => {
    s3.on(PutObjectCommand).rejects(preconditionFailed());
    await expect(store().put('latest/run.json', '{}', { ifMatch: '"9"' })).rejects.toBeInstanceOf(ConcurrentWriteError);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input.IfMatch).toBe('"9"');
  });

  it('missing-key-reads-as-undefined', async () => {
    s3.on(GetObjectCommand).rejects(noSuchKey());
    expect(await store().get('latest/run.json')).toBeUndefined();
  });

  it('lists-every-page-and-strips-the-prefix', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: 'vmaudit/runs/a' }], IsTruncated: true, NextContinuationToken: 't1' })
      .resolvesOnce({ Contents: [{ Key: 'vmaudit/runs/b' }], IsTruncated: false });
    expect(await store().list('runs/')).toEqual(['runs/a', 'runs/b']);
    expect(s3.commandCalls(ListObjectsV2Command)[1].args[0].input).toMatchObject({ Prefix: 'vmaudit/runs/', ContinuationToken: 't1' });
  });

  it('copies-server-side-with-an-encoded-source', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await store().copy('runs/2026/11/26/r:1+2/report.html', 'latest/report.html');
    expect(s3.commandCalls(CopyObjectCommand)[0].args[0].input).toEqual({ Bucket: 'audit-bucket', Key: 'vmaudit/latest/report.html', CopySource: 'audit-bucket/vmaudit/runs/2026/11/26/r%3A1%2B2/report.html', MetadataDirective: 'COPY' });
  });
});

describe('publishing a run to S3', () => {
  const store = () => new S3RunStore(new S3Client({ region: 'us-east-1' }), { bucket: 'audit-bucket', prefix: '' });

  it('writes-the-run-files-then-the-manifest-then-latest-then-the-pointer-last', async () => {
    fakeBucket();
    await publishRun({ document: runDoc(1), policy: POLICY, store: store() });
    const writes = s3.calls().flatMap((c) => {
      const input = c.args[0].input as { Key?: string; IfNoneMatch?: string };
      const name = c.args[0].constructor.name;
      return name === 'PutObjectCommand' || name === 'CopyObjectCommand' ? [`${name === 'PutObjectCommand' ? 'put' : 'copy'} ${input.Key}${input.IfNoneMatch ? ' (if-none-match)' : ''}`] : [];
    });
    const run = 'runs/2026/11/01/run-1/';
    expect(writes).toEqual([
      `put ${run}findings.json (if-none-match)`,
      `put ${run}findings.csv (if-none-match)`,
      `put ${run}report.html (if-none-match)`,
      `put ${run}findings.asff.json (if-none-match)`,
      `put ${run}findings.ocsf.json (if-none-match)`,
      `put ${run}state.json (if-none-match)`,
      `put ${run}exceptions.json (if-none-match)`,
      `put ${run}manifest.json (if-none-match)`,
      'copy latest/findings.json',
      'copy latest/findings.csv',
      'copy latest/report.html',
      'copy latest/findings.asff.json',
      'copy latest/findings.ocsf.json',
      'copy latest/state.json',
      'copy latest/exceptions.json',
      'copy latest/manifest.json',
      'put latest/run.json (if-none-match)',
    ]);
  });

  it('second-run-links-its-manifest-and-swaps-the-pointer-with-if-match', async () => {
    const objects = fakeBucket();
    await publishRun({ document: runDoc(1), policy: POLICY, store: store() });
    const etag = objects.get('latest/run.json')!.etag;
    await publishRun({ document: runDoc(2), policy: POLICY, store: store() });
    const manifest = JSON.parse((await store().get('runs/2026/11/02/run-2/manifest.json'))!.body.toString());
    expect(manifest.previousManifest.key).toBe('runs/2026/11/01/run-1/manifest.json');
    const pointerPut = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input).filter((i) => i.Key === 'latest/run.json');
    expect(pointerPut[1].IfMatch).toBe(etag);
  });
});
