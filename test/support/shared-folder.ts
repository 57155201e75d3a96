/**
 * Where the third-party material the tests read in place lives (the AWS emulator, the oracles): the
 * `shared` folder beside the checkout, as CI lays it out, or wherever VMAUDIT_SHARED points for a
 * checkout made elsewhere (for example a clone in a temporary folder).
 */
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..');

export const SHARED_DIR = process.env.VMAUDIT_SHARED ? resolve(process.env.VMAUDIT_SHARED) : join(REPO_ROOT, '..', 'shared');

export const sharedPath = (...parts: string[]): string => join(SHARED_DIR, ...parts);
