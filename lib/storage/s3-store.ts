/**
 * RunStore over an S3 bucket prefix. Never-overwrite uses S3 conditional writes: PutObject with
 * `If-None-Match: *` fails with 412 PreconditionFailed when the key exists (409
 * ConditionalRequestConflict when a concurrent conditional write to the same key is in flight), and
 * `If-Match: <etag>` makes pointer updates compare-and-swap. The bucket is versioned as well, so even
 * an overwrite by other means keeps the old bytes.
 *
 * Run and report files are stored gzip-encoded (see gzip-at-rest.ts); `get`/`read` decode by the
 * object's Content-Encoding, so old uncompressed objects read as before, and callers (hashes, the
 * manifest chain, retried creates) only ever see the content.
 *
 * `createStream` uploads with `@aws-sdk/lib-storage` (multipart above one part): the chunks are hashed
 * and gzipped on the way and at most a few parts are held in memory. A multipart object exists only
 * once CompleteMultipartUpload succeeds, and a failed upload is aborted, so no half-written object is
 * ever visible under its key.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { Upload } from '@aws-sdk/lib-storage';
import { decodeStored, GZIP_LEVEL, gzip, isGzipEncoding, storesGzipped, streamsGzipped } from './gzip-at-rest';
import { checkKey, ConcurrentWriteError, contentTypeOf, ObjectExistsError, toBuffer, type PutOptions, type RunStore, type StoredObject, type WrittenObject } from './store';
import { coalesce, type TextChunks } from '../util/chunks';
import { StoreLocationError } from '../errors';

/** Multipart part size: S3's minimum is 5 MiB; two parts in flight keep an upload's memory near 16 MiB. */
export const UPLOAD_PART_BYTES = 8 * 2 ** 20;
const UPLOAD_QUEUE = 2;

export interface S3Location {
  bucket: string;
  /** '' or a prefix ending in '/'. */
  prefix: string;
}

/** `s3://bucket/some/prefix` → { bucket, prefix: 'some/prefix/' }. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new StoreLocationError(`StoreLocationError: ${JSON.stringify(uri)} is not an S3 location; expected s3://bucket or s3://bucket/prefix.`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix) checkKey(prefix);
  return { bucket: m[1], prefix: prefix ? `${prefix}/` : '' };
}

interface AwsError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function status(err: unknown): number | undefined {
  return (err as AwsError)?.$metadata?.httpStatusCode;
}

function named(err: unknown, ...names: string[]): boolean {
  const e = err as AwsError;
  return names.includes(e?.name ?? '') || names.includes(e?.Code ?? '');
}

export class S3RunStore implements RunStore {
  readonly location: string;

  constructor(private readonly client: S3Client, private readonly where: S3Location) {
    this.location = `s3://${where.bucket}${where.prefix ? '/' + where.prefix.replace(/\/$/, '') : ''}`;
  }

  private key(key: string): string {
    return this.where.prefix + checkKey(key);
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
      const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      // The etag stays the stored object's: conditional writes compare it on S3's side.
      return { body: decodeStored(bytes, out.ContentEncoding), etag: out.ETag ?? '' };
    } catch (err) {
      if (named(err, 'NoSuchKey', 'NotFound') || status(err) === 404) return undefined;
      throw err;
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return (await this.get(key))?.body;
  }

  async create(key: string, body: string | Uint8Array, contentType?: string): Promise<'created' | 'unchanged'> {
    const data = toBuffer(body);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.where.bucket, Key: this.key(key), ...this.encoded(key, data), ContentType: contentType ?? contentTypeOf(key), IfNoneMatch: '*' }),
      );
      return 'created';
    } catch (err) {
      if (!(named(err, 'PreconditionFailed', 'ConditionalRequestConflict') || status(err) === 412 || status(err) === 409)) throw err;
      // Content against content, not stored bytes: an object written uncompressed (before gzip at
      // rest) or by another zlib version still counts as the same file.
      const existing = await this.get(key);
      if (existing && existing.body.equals(data)) return 'unchanged';
      throw new ObjectExistsError(this.location, key);
    }
  }

  async createStream(key: string, chunks: TextChunks, contentType?: string): Promise<WrittenObject> {
    const it = coalesce(chunks)[Symbol.iterator]();
    const first = it.next();
    const second = first.done ? first : it.next();
    if (second.done) {
      // All of it fits in one piece (a few hundred KB at most): one PutObject, gzipped when worth it, as `create`.
      const data = Buffer.from(first.done ? '' : first.value, 'utf8');
      const status = await this.create(key, data, contentType);
      return { status, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    }
    const hash = createHash('sha256');
    let bytes = 0;
    const pieces = function* (): Generator<Buffer> {
      for (const piece of [first.value, second.value]) {
        const buf = Buffer.from(piece, 'utf8');
        hash.update(buf);
        bytes += buf.length;
        yield buf;
      }
      for (let r = it.next(); !r.done; r = it.next()) {
        const buf = Buffer.from(r.value, 'utf8');
        hash.update(buf);
        bytes += buf.length;
        yield buf;
      }
    };
    if (await this.exists(key)) {
      // A retried run: the same content is fine, other content never replaces a run file.
      for (const _piece of pieces());
      const sha256 = hash.digest('hex');
      if ((await this.contentSha256(key)) === sha256) return { status: 'unchanged', sha256, bytes };
      throw new ObjectExistsError(this.location, key);
    }
    const gzipped = streamsGzipped(key);
    const source = Readable.from(pieces());
    const body = gzipped ? pipeline(source, createGzip({ level: GZIP_LEVEL }), () => undefined) : source;
    const upload = new Upload({
      client: this.client,
      queueSize: UPLOAD_QUEUE,
      partSize: UPLOAD_PART_BYTES,
      leavePartsOnError: false,
      params: {
        Bucket: this.where.bucket,
        Key: this.key(key),
        Body: body,
        ContentType: contentType ?? contentTypeOf(key),
        ...(gzipped ? { ContentEncoding: 'gzip' } : {}),
        IfNoneMatch: '*',
      },
    });
    try {
      await upload.done();
    } catch (err) {
      if (!(named(err, 'PreconditionFailed', 'ConditionalRequestConflict') || status(err) === 412 || status(err) === 409)) throw err;
      throw new ObjectExistsError(this.location, key);
    }
    return { status: 'created', sha256: hash.digest('hex'), bytes };
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
      return true;
    } catch (err) {
      if (named(err, 'NoSuchKey', 'NotFound') || status(err) === 404) return false;
      throw err;
    }
  }

  /** SHA-256 of an object's content (decoded), read as a stream. */
  private async contentSha256(key: string): Promise<string | undefined> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
    if (!out.Body) return undefined;
    const raw = out.Body as Readable;
    const stream = isGzipEncoding(out.ContentEncoding) ? pipeline(raw, createGunzip(), () => undefined) : raw;
    const h = createHash('sha256');
    for await (const piece of stream) h.update(piece as Buffer);
    return h.digest('hex');
  }

  /** The stored body, gzipped with its Content-Encoding when the key is one of the compressed files. */
  private encoded(key: string, data: Buffer): { Body: Buffer; ContentEncoding?: string } {
    return storesGzipped(key, data.length) ? { Body: gzip(data), ContentEncoding: 'gzip' } : { Body: data };
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    const data = toBuffer(body);
    const conditional = options.ifMatch !== undefined || options.ifNoneMatch === true;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.where.bucket,
          Key: this.key(key),
          // Pointers, markers and cursors (the conditional writes) stay plain: small, and read by hand.
          ...(conditional ? { Body: data } : this.encoded(key, data)),
          ContentType: options.contentType ?? contentTypeOf(key),
          ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}),
          ...(options.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
      );
    } catch (err) {
      if (conditional && (named(err, 'PreconditionFailed', 'ConditionalRequestConflict') || status(err) === 412 || status(err) === 409)) {
        throw new ConcurrentWriteError(this.location, key);
      }
      throw err;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    // CopySource is bucket/key, URL-encoded (keys may hold ':' or '+' from run ids).
    const source = `${this.where.bucket}/${this.key(fromKey).split('/').map(encodeURIComponent).join('/')}`;
    // COPY (S3's default, stated so no one changes it unknowingly) keeps Content-Encoding and Content-Type with the gzipped bytes.
    await this.client.send(new CopyObjectCommand({ Bucket: this.where.bucket, Key: this.key(toKey), CopySource: source, MetadataDirective: 'COPY' }));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.where.bucket, Key: this.key(key) }));
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: this.where.prefix + prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key && o.Key.startsWith(this.where.prefix)) out.push(o.Key.slice(this.where.prefix.length));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }
}
