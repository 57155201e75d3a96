/**
 * RunStore over a local folder (the CLI's output folder). `create` writes a temporary file and then
 * hard-links it to its name: link(2) fails with EEXIST instead of replacing, and the name appears
 * only with complete content, so a crash never leaves half a run file under its final name. Where the
 * file system cannot hard-link, an exclusive copy (COPYFILE_EXCL, the `wx` semantics) is the fallback.
 * `put` writes a temporary file and renames it over the name (atomic replace). `createStream` writes
 * the chunks to the temporary file as they come, hashing them on the way, then links it as `create` does.
 * `copy` hard-links (latest/ is then no second copy of the run on disk), copying only where the file
 * system cannot link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { createReadStream } from 'node:fs';
import { copyFile, link, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { makeFolders } from '../util/make-folders';
import { decodeSyncedFile } from './gzip-at-rest';
import { checkKey, ConcurrentWriteError, ObjectExistsError, toBuffer, type PutOptions, type RunStore, type StoredObject, type WrittenObject } from './store';
import { coalesce, type TextChunks } from '../util/chunks';

/** Our own temporary files (see tmpName), left out of listings. */
const TMP = /\.\d+\.[0-9a-f]{8}\.tmp$/;

function etagOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

async function sha256OfFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const piece of createReadStream(path)) h.update(piece as Buffer);
  return h.digest('hex');
}

/** Errors link(2) gives where the file system has no hard links; the callers copy instead. */
const NO_LINK = ['EPERM', 'ENOTSUP', 'EXDEV', 'ENOSYS', 'EOPNOTSUPP', 'EMLINK'];

function isCode(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

export class LocalRunStore implements RunStore {
  readonly location: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = this.root;
  }

  private path(key: string): string {
    const p = join(this.root, ...checkKey(key).split('/'));
    if (!p.startsWith(this.root + sep)) throw new Error(`Key ${key} escapes ${this.root}`);
    return p;
  }

  private tmpName(path: string): string {
    return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const stored = await readFile(this.path(key));
      return { body: decodeSyncedFile(key, stored), etag: etagOf(stored) };
    } catch (err) {
      if (isCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) return undefined;
      throw err;
    }
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    return (await this.get(key))?.body;
  }

  async create(key: string, body: string | Uint8Array): Promise<'created' | 'unchanged'> {
    const path = this.path(key);
    const data = toBuffer(body);
    await makeFolders(dirname(path));
    const tmp = this.tmpName(path);
    await writeFile(tmp, data, { flag: 'wx' });
    try {
      try {
        await link(tmp, path);
      } catch (err) {
        if (!isCode(err, ...NO_LINK)) throw err;
        await copyFile(tmp, path, constants.COPYFILE_EXCL);
      }
      return 'created';
    } catch (err) {
      if (!isCode(err, 'EEXIST')) throw err;
      const existing = await readFile(path);
      if (existing.equals(data)) return 'unchanged';
      throw new ObjectExistsError(this.location, key);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async createStream(key: string, chunks: TextChunks): Promise<WrittenObject> {
    const path = this.path(key);
    await makeFolders(dirname(path));
    const tmp = this.tmpName(path);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const fh = await open(tmp, 'wx');
      try {
        for (const piece of coalesce(chunks)) {
          const buf = Buffer.from(piece, 'utf8');
          hash.update(buf);
          bytes += buf.length;
          await fh.write(buf);
        }
      } finally {
        await fh.close();
      }
      const sha256 = hash.digest('hex');
      try {
        try {
          await link(tmp, path);
        } catch (err) {
          if (!isCode(err, ...NO_LINK)) throw err;
          await copyFile(tmp, path, constants.COPYFILE_EXCL);
        }
        return { status: 'created', sha256, bytes };
      } catch (err) {
        if (!isCode(err, 'EEXIST')) throw err;
        if ((await sha256OfFile(path)) === sha256 || etagOf((await this.get(key))?.body ?? Buffer.alloc(0)) === sha256) return { status: 'unchanged', sha256, bytes };
        throw new ObjectExistsError(this.location, key);
      }
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    const path = this.path(key);
    const data = toBuffer(body);
    if (options.ifMatch !== undefined || options.ifNoneMatch) {
      // Not atomic across processes (a folder has no compare-and-swap), but it catches the common race.
      const current = await this.get(key);
      if (options.ifNoneMatch && current) throw new ConcurrentWriteError(this.location, key);
      if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new ConcurrentWriteError(this.location, key);
    }
    await makeFolders(dirname(path));
    const tmp = this.tmpName(path);
    await writeFile(tmp, data, { flag: 'wx' });
    try {
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const to = this.path(toKey);
    await makeFolders(dirname(to));
    const tmp = this.tmpName(to);
    try {
      await link(this.path(fromKey), tmp);
    } catch (err) {
      if (!isCode(err, ...NO_LINK)) throw err;
      await copyFile(this.path(fromKey), tmp, constants.COPYFILE_EXCL);
    }
    try {
      await rename(tmp, to);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix.replace(/\/+$/, '');
    const start = base ? this.path(base) : this.root;
    const out: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (isCode(err, 'ENOENT', 'ENOTDIR')) return;
        throw err;
      }
      for (const e of entries) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(join(dir, e.name), r);
        else if (e.isFile() && !TMP.test(e.name)) out.push(r);
      }
    };
    await walk(start, base);
    return out.sort();
  }
}
