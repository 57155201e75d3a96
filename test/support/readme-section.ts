/** One `## ` section of README.md, for tests that keep the documentation's examples true. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readmeSection(heading: string): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
}
