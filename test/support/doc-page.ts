/** A page of docs/ (or README.md), for tests that keep the documentation's examples true. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The text of `docs/<page>` (e.g. `policy.md`), or of README.md when `page` is `README.md`. */
export function docPage(page: string): string {
  return readFileSync(page === 'README.md' ? join(root, page) : join(root, 'docs', page), 'utf8');
}
