/**
 * Creates a folder and its missing parents one level at a time. `mkdir(…, { recursive: true })`
 * spins forever on some paths (under /proc it keeps getting ENOENT for a parent that exists); here
 * every level is tried once, so any refusal is an error naming the level that refused, never a loop.
 * Errors keep Node's shape (code, syscall, path), for the CLI's one error path to explain.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

function errno(code: string, syscall: string, path: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}, ${syscall} '${path}'`), { code, syscall, path });
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

export async function makeFolders(folder: string): Promise<void> {
  const target = resolve(folder);
  const missing: string[] = [];
  for (let cur = target; ; cur = dirname(cur)) {
    try {
      const st = await stat(cur);
      if (!st.isDirectory()) throw errno('ENOTDIR', 'mkdir', cur, 'a file is in the way, not a folder');
      break;
    } catch (err) {
      if (codeOf(err) !== 'ENOENT') throw err;
      if (dirname(cur) === cur) throw err;
      missing.unshift(cur);
    }
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (err) {
      if (codeOf(err) === 'EEXIST' && (await stat(dir)).isDirectory()) continue;
      // ENOENT although the parent exists: the file system does not let folders be made there.
      if (codeOf(err) === 'ENOENT') throw errno('EPERM', 'mkdir', dir, 'the file system does not allow creating it');
      throw err;
    }
  }
}
