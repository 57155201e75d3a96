/** The limits table in docs/cli.md states the figures lib/limits.ts enforces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_EVENTS_FILE_BYTES, MAX_FINDING_STRING_CHARS, MAX_JSON_DEPTH, MAX_POLICY_FILE_BYTES, MAX_SNAPSHOT_STRING_CHARS } from '../../lib/limits';

const page = readFileSync(join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
const MiB = 2 ** 20;

describe('docs/cli.md limits', () => {
  it.each([
    ['policy file', `${MAX_POLICY_FILE_BYTES / MiB} MiB`],
    ['one CloudTrail file', `${MAX_EVENTS_FILE_BYTES / MiB} MiB`],
    ['one string in a snapshot', `${MAX_SNAPSHOT_STRING_CHARS} characters`],
    ['nesting of a snapshot', `${MAX_JSON_DEPTH} levels`],
    ['one string in a finding', `${MAX_FINDING_STRING_CHARS} characters`],
  ])('%s-is-%s', (row, figure) => {
    expect(page).toMatch(new RegExp(`^\\| ${row}[^|]*\\| ${figure} \\|$`, 'm'));
  });
});
