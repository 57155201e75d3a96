import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderRulesTable } from '../../lib/docs/rules-table';
import { FULL_CATALOGUE as CATALOGUE } from '../../lib/catalogue';
import { CATALOGUE as CONFIG_RULES } from '../../lib/rules';
import { ISOLATION_RULES } from '../../lib/isolation/rules';
import { EVENT_RULES } from '../../lib/events/rules';
import { frameworkPagePath, renderFrameworkPage } from '../../lib/docs/framework-page';
import { FRAMEWORKS } from '../../lib/frameworks';
import { docPage } from '../support/doc-page';

const root = join(__dirname, '..', '..');
const readme = docPage('README.md');
const pages = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));

describe('README', () => {
  it('opens with the two set-up commands', () => {
    const head = readme.slice(0, 1500);
    expect(head).toContain('npm ci && npm run demo');
    expect(head).toContain('npm test');
  });

  it('is one short page (reference material lives in docs/)', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('links every page of docs/', () => {
    for (const page of pages) expect(readme).toContain(`(docs/${page})`);
  });
});

describe('docs/', () => {
  it('rules table matches the catalogue metadata (run `npm run docs:rules` when this fails)', () => {
    expect(docPage('rules.md')).toContain(renderRulesTable(CATALOGUE));
  });

  it('rules page counts the catalogue as it is', () => {
    const m = docPage('rules.md').match(/vmaudit ships (\d+) rules: (\d+) configuration rules[^]*?(\d+) network isolation rules[^]*?(\d+) CloudTrail event rules/);
    expect(m?.slice(1).map(Number)).toEqual([CATALOGUE.length, CONFIG_RULES.length, ISOLATION_RULES.length, EVENT_RULES.length]);
  });

  it.each(FRAMEWORKS.map((fw) => [fw.id, fw] as const))('framework page of %s matches the registry (run `npm run docs:rules` when this fails)', (_id, fw) => {
    expect(readFileSync(join(root, frameworkPagePath(fw)), 'utf8')).toBe(renderFrameworkPage(fw));
    expect(docPage('rules.md')).toContain(`(${frameworkPagePath(fw).replace(/^docs\//, '')})`);
  });

  it.each(['README.md', ...pages])('%s-links-only-to-files-that-exist', (page) => {
    const file = page === 'README.md' ? join(root, page) : join(root, 'docs', page);
    const text = docPage(page);
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
    for (const t of targets) expect({ link: t, exists: existsSync(resolve(dirname(file), t)) }).toEqual({ link: t, exists: true });
  });

  it.each(['README.md', ...pages])('%s-cites-no-file-a-user-does-not-have', (page) => {
    // The design notes and issues live outside the repository; a user has only what is in it.
    expect(docPage(page)).not.toMatch(/DESIGN(\.md)? ?§|STYLE\.md|\bissue \d+\b/);
  });
});
