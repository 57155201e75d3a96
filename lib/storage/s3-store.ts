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
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { decodeStored, gzip, storesGzipped } from './gzip-at-rest';
import { checkKey, ConcurrentWriteError, contentTypeOf, ObjectExistsError, StoreLocationError, toBuffer, type PutOptions, type RunStore, type StoredObject } from './store';

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
