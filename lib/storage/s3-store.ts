/**
 * RunStore over an S3 bucket prefix. Never-overwrite uses S3 conditional writes: PutObject with
 * `If-None-Match: *` fails with 412 PreconditionFailed when the key exists (409
 * ConditionalRequestConflict when a concurrent conditional write to the same key is in flight), and
 * `If-Match: <etag>` makes pointer updates compare-and-swap. The bucket is versioned as well, so even
 * an overwrite by other means keeps the old bytes.
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
      return { body: Buffer.from(bytes), etag: out.ETag ?? '' };
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
        new PutObjectCommand({ Bucket: this.where.bucket, Key: this.key(key), Body: data, ContentType: contentType ?? contentTypeOf(key), IfNoneMatch: '*' }),
      );
      return 'created';
    } catch (err) {
      if (!(named(err, 'PreconditionFailed', 'ConditionalRequestConflict') || status(err) === 412 || status(err) === 409)) throw err;
      const existing = await this.get(key);
      if (existing && existing.body.equals(data)) return 'unchanged';
      throw new ObjectExistsError(this.location, key);
    }
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.where.bucket,
          Key: this.key(key),
          Body: toBuffer(body),
          ContentType: options.contentType ?? contentTypeOf(key),
          ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}),
          ...(options.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
        }),
      );
    } catch (err) {
      if ((options.ifMatch !== undefined || options.ifNoneMatch) && (named(err, 'PreconditionFailed', 'ConditionalRequestConflict') || status(err) === 412 || status(err) === 409)) {
        throw new ConcurrentWriteError(this.location, key);
      }
      throw err;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    // CopySource is bucket/key, URL-encoded (keys may hold ':' or '+' from run ids).
    const source = `${this.where.bucket}/${this.key(fromKey).split('/').map(encodeURIComponent).join('/')}`;
    await this.client.send(new CopyObjectCommand({ Bucket: this.where.bucket, Key: this.key(toKey), CopySource: source }));
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
