/**
 * Where runs, reports and state live: a small interface with two implementations, a local folder
 * (the CLI) and an S3 bucket prefix (the stack). Keys are relative, `/`-separated, and the same in
 * both, so a folder synced from the bucket (`aws s3 sync`) verifies and reports like the bucket.
 *
 * Runs are immutable: `create` never replaces an object. Retrying with the very same bytes is fine
 * (a retried Lambda re-writes identical, deterministic files); different bytes are an error.
 */
import { VmauditError } from '../errors';
import type { ChainReader } from '../manifest/verify';
import type { TextChunks } from '../util/chunks';
import { StoreLocationError } from '../errors';

export interface StoredObject {
  body: Buffer;
  /** Opaque version tag for conditional writes (S3 ETag; SHA-256 locally). */
  etag: string;
}

export interface PutOptions {
  contentType?: string;
  /** Write only if the object still has this etag (optimistic concurrency). */
  ifMatch?: string;
  /** Write only if the object does not exist yet. */
  ifNoneMatch?: boolean;
}

/** What a streamed write produced: SHA-256 and size of the content (never of gzipped bytes). */
export interface WrittenObject {
  status: 'created' | 'unchanged';
  sha256: string;
  bytes: number;
}

export interface RunStore extends ChainReader {
  /** Human-readable location: a folder path or s3://bucket/prefix. */
  readonly location: string;
  get(key: string): Promise<StoredObject | undefined>;
  /** Creates an object that must not exist; 'unchanged' when it exists with exactly these bytes. */
  create(key: string, body: string | Uint8Array, contentType?: string): Promise<'created' | 'unchanged'>;
  /**
   * `create` for a large file given as chunks: streamed (gzipped where the store compresses), hashed on
   * the way, and visible under `key` only once complete (a temporary name then a link locally, a
   * multipart upload in S3, which exists only once completed). A write that fails leaves nothing
   * under `key`. When `key` exists with the same content: 'unchanged'; with other content: ObjectExistsError.
   */
  createStream(key: string, chunks: TextChunks, contentType?: string): Promise<WrittenObject>;
  /** Creates or replaces (latest/, reports/, pointers), honouring ifMatch / ifNoneMatch. */
  put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<void>;
  /** Copies an object to another key, replacing it (S3: server-side CopyObject; locally: copy then rename). */
  copy(fromKey: string, toKey: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A run file already exists with other content: runs are never overwritten. */
export class ObjectExistsError extends VmauditError {
  constructor(readonly location: string, readonly key: string) {
    super(
      `ObjectExistsError: ${location}/${key} already exists with different content. Runs are never overwritten; ` +
        'a run id must be unique (re-run with a new run id, or remove the partial run folder if a failed run left it behind).',
    );
  }
}

/** A conditional write lost a race: another writer changed the object since it was read. */
export class ConcurrentWriteError extends VmauditError {
  constructor(readonly location: string, readonly key: string) {
    super(
      `ConcurrentWriteError: ${location}/${key} was changed by another writer while this run was being published. ` +
        'Two runs are publishing to the same store at once; let one finish, then run again.',
    );
  }
}


/** A published run is damaged (its manifest unreadable, a listed file gone): verify it before publishing again. */
export class CorruptRunError extends VmauditError {}

const BAD_KEY = /(^|\/)\.\.?(\/|$)|\\|\0|^\/|\/\/|[\u0000-\u001f]/;

/** Keys come from run ids and file names; anything that could escape the store root is refused. */
export function checkKey(key: string): string {
  if (key === '' || BAD_KEY.test(key)) throw new StoreLocationError(`StoreLocationError: refusing the store key ${JSON.stringify(key)} (empty, absolute, "..", backslash or control character).`);
  return key;
}

export function toBuffer(body: string | Uint8Array): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

export function contentTypeOf(key: string): string {
  if (key.endsWith('.json')) return 'application/json; charset=utf-8';
  if (key.endsWith('.html')) return 'text/html; charset=utf-8';
  if (key.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (key.endsWith('.txt')) return 'text/plain; charset=utf-8';
  if (key.endsWith('.svg')) return 'image/svg+xml';
  return 'application/octet-stream';
}
