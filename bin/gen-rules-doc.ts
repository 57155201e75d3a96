/** Rewrites the rules table in docs/rules.md and the framework pages docs/frameworks/<id>.md from the catalogue and the framework registry. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { replaceRulesTable } from '../lib/docs/rules-table';
import { frameworkPagePath, renderFrameworkPage } from '../lib/docs/framework-page';
import { FULL_CATALOGUE as CATALOGUE } from '../lib/catalogue';
import { FRAMEWORKS } from '../lib/frameworks/index';

const root = join(__dirname, '..');
const path = join(root, 'docs', 'rules.md');
writeFileSync(path, replaceRulesTable(readFileSync(path, 'utf8'), CATALOGUE));
console.log(`docs/rules.md: rules table written (${CATALOGUE.length} rules)`);
for (const fw of FRAMEWORKS) {
  const page = join(root, frameworkPagePath(fw));
  mkdirSync(dirname(page), { recursive: true });
  writeFileSync(page, renderFrameworkPage(fw));
  console.log(`${frameworkPagePath(fw)}: ${fw.controls.length} controls`);
}
