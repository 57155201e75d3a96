/**
 * An in-memory S3 bucket behind aws-sdk-client-mock: PutObject (with If-None-Match / If-Match),
 * GetObject, HeadObject, ListObjectsV2, CopyObject, DeleteObject, as S3RunStore and the event Lambda use them.
 * Records every PutObject key in order, for assertions on what a run wrote. Keeps each object's
 * Content-Encoding like S3 (CopyObject copies it); `objects` holds the stored bytes, `text`/`json`
 * the content (gunzipped when the object is gzip-encoded).
 */
import { createHash } from 'node:crypto';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { gunzipSync } from 'node:zlib';

function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(`${name} (memory-s3)`), { name, $metadata: { httpStatusCode: status } });
}

function bytesOf(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error(`memory-s3: unsupported body ${typeof body}`);
}

export interface MemoryBucket {
  objects: Map<string, Buffer>;
  puts: string[];
  text(key: string): string | undefined;
  json<T = unknown>(key: string): T;
  reset(): void;
  /** The mock behind the bucket, for a test that makes one call fail. */
  mock: ReturnType<typeof mockClient>;
}

export function memoryS3(bucket: string): MemoryBucket {
  const objects = new Map<string, Buffer>();
  const puts: string[] = [];
  const encodings = new Map<string, string>();
  const content = (key: string) => {
    const body = objects.get(key);
    return body && encodings.get(key) === 'gzip' ? gunzipSync(body) : body;
  };
  const etag = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;
  const mock = mockClient(S3Client);
  const wire = () => {
    mock.on(PutObjectCommand).callsFake((input: { Bucket: string; Key: string; Body: unknown; IfNoneMatch?: string; IfMatch?: string; ContentEncoding?: string }) => {
      if (input.Bucket !== bucket) throw s3Error('NoSuchBucket', 404);
      const existing = objects.get(input.Key);
      if (input.IfNoneMatch === '*' && existing) throw s3Error('PreconditionFailed', 412);
      if (input.IfMatch !== undefined && (!existing || etag(existing) !== input.IfMatch)) throw s3Error('PreconditionFailed', 412);
      const body = bytesOf(input.Body);
      objects.set(input.Key, body);
      if (input.ContentEncoding) encodings.set(input.Key, input.ContentEncoding);
      else encodings.delete(input.Key);
      puts.push(input.Key);
      return { ETag: etag(body) };
    });
    mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const body = objects.get(input.Key);
      if (!body) throw s3Error('NoSuchKey', 404);
      return { ETag: etag(body), ContentEncoding: encodings.get(input.Key), Body: { transformToByteArray: async () => new Uint8Array(body) } };
    });
    // S3RunStore.createStream asks whether a run file exists before uploading one in parts.
    mock.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
      const body = objects.get(input.Key);
      if (!body) throw s3Error('NotFound', 404);
      return { ETag: etag(body), ContentEncoding: encodings.get(input.Key), ContentLength: body.length };
    });
    mock.on(ListObjectsV2Command).callsFake((input: { Prefix?: string }) => ({
      Contents: [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort().map((Key) => ({ Key })),
      IsTruncated: false,
    }));
    mock.on(CopyObjectCommand).callsFake((input: { Key: string; CopySource: string }) => {
      const from = decodeURIComponent(input.CopySource.slice(bucket.length + 1));
      const body = objects.get(from);
      if (!body) throw s3Error('NoSuchKey', 404);
      objects.set(input.Key, body);
      const encoding = encodings.get(from);
      if (encoding) encodings.set(input.Key, encoding);
      else encodings.delete(input.Key);
      puts.push(input.Key);
      return {};
    });
    mock.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
      objects.delete(input.Key);
      return {};
    });
  };
  wire();
  return {
    objects,
    puts,
    mock,
    text: (key) => content(key)?.toString('utf8'),
    json: <T>(key: string) => JSON.parse(content(key)?.toString('utf8') ?? 'null') as T,
    reset: () => {
      objects.clear();
      encodings.clear();
      puts.length = 0;
      mock.reset();
      wire();
    },
  };
}
