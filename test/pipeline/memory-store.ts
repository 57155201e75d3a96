/**
 * An in-memory RunStore with the same contract as the folder and S3 stores (create never replaces,
 * conditional puts, etags), plus hooks to make a key unreadable or to let another writer slip in
 * between a read and a conditional write.
 */
import { createHash } from 'node:crypto';
import { checkKey, ConcurrentWriteError, ObjectExistsError, toBuffer, type PutOptions, type RunStore, type StoredObject, type WrittenObject } from '../../lib/storage/store';
import { joinChunks, type TextChunks } from '../../lib/util/chunks';

export class MemoryStore implements RunStore {
  readonly location = 'memory://test';
  readonly objects = new Map<string, Buffer>();
  /** Keys whose reads throw (an S3 AccessDenied, say). */
  readonly failing = new Set<string>();
  /** Called before a conditional put is checked: a chance to write "concurrently". */
  beforeConditionalPut?: (key: string) => void;
  puts: string[] = [];
  reads: string[] = [];

  private etag(b: Buffer): string {
    return createHash('sha256').update(b).digest('hex');
  }

  async get(key: string): Promise<StoredObject | undefined> {
    checkKey(key);
    this.reads.push(key);
    if (this.failing.has(key)) throw Object.assign(new Error(`Access Denied (${key})`), { name: 'AccessDenied' });
    const body = this.objects.get(key);
    return body ? { body: Buffer.from(body), etag: this.etag(body) } : undefined;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return (await this.get(key))?.body;
  }

  async create(key: string, body: string | Uint8Array): Promise<'created' | 'unchanged'> {
    checkKey(key);
    const data = toBuffer(body);
    const existing = this.objects.get(key);
    if (existing) {
      if (existing.equals(data)) return 'unchanged';
      throw new ObjectExistsError(this.location, key);
    }
    this.objects.set(key, Buffer.from(data));
    return 'created';
  }

  /** Keys whose streamed write fails after its first chunk (a disk full, an S3 error mid-upload). */
  readonly failingStreams = new Set<string>();

  async createStream(key: string, chunks: TextChunks): Promise<WrittenObject> {
    checkKey(key);
    if (this.failingStreams.has(key)) {
      for (const _ of chunks) throw Object.assign(new Error(`No space left on device (${key})`), { code: 'ENOSPC' });
    }
    const data = Buffer.from(joinChunks(chunks), 'utf8');
    const status = await this.create(key, data);
    return { status, sha256: this.etag(data), bytes: data.length };
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    checkKey(key);
    if (options.ifMatch !== undefined || options.ifNoneMatch) {
      this.beforeConditionalPut?.(key);
      const current = this.objects.get(key);
      if (options.ifNoneMatch && current) throw new ConcurrentWriteError(this.location, key);
      if (options.ifMatch !== undefined && (!current || this.etag(current) !== options.ifMatch)) throw new ConcurrentWriteError(this.location, key);
    }
    this.puts.push(key);
    this.objects.set(key, Buffer.from(toBuffer(body)));
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const body = this.objects.get(checkKey(fromKey));
    if (!body) throw new Error(`no such key ${fromKey}`);
    this.objects.set(checkKey(toKey), Buffer.from(body));
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(checkKey(key));
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  text(key: string): string | undefined {
    return this.objects.get(key)?.toString('utf8');
  }

  json<T = unknown>(key: string): T {
    const t = this.text(key);
    if (t === undefined) throw new Error(`no object ${key}`);
    return JSON.parse(t) as T;
  }
}
