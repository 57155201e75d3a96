import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesTable } from '../../lib/docs/rules-table';
import { FULL_CATALOGUE as CATALOGUE } from '../../lib/catalogue';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('rules table matches the catalogue metadata (run `npm run docs:rules` when this fails)', () => {
    expect(readme).toContain(renderRulesTable(CATALOGUE));
  });
  it('opens with the two set-up commands', () => {
    const head = readme.slice(0, 1500);
    expect(head).toContain('npm ci && npm run demo');
    expect(head).toContain('npm test');
  });
});
