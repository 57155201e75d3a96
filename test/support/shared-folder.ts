/**
 * Where the third-party material the tests read in place lives (the AWS emulator, the oracles): the
 * `shared` folder beside the checkout, as CI lays it out, or wherever VMAUDIT_SHARED points for a
 * checkout made elsewhere (for example a clone in a temporary folder).
 */
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The shared folder of the checkout at `repoRoot` (the benchmarks run bundled, away from this file, and pass theirs). */
export function sharedFolderOf(repoRoot: string): string {
  return process.env.VMAUDIT_SHARED ? resolve(process.env.VMAUDIT_SHARED) : join(repoRoot, '..', 'shared');
}

export const SHARED_DIR = sharedFolderOf(REPO_ROOT);

export const sharedPath = (...parts: string[]): string => join(SHARED_DIR, ...parts);
