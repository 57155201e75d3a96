/** Rewrites the rules table in docs/rules.md from the catalogue's metadata. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceRulesTable } from '../lib/docs/rules-table';
import { FULL_CATALOGUE as CATALOGUE } from '../lib/catalogue';

const path = join(__dirname, '..', 'docs', 'rules.md');
writeFileSync(path, replaceRulesTable(readFileSync(path, 'utf8'), CATALOGUE));
console.log(`docs/rules.md: rules table written (${CATALOGUE.length} rules)`);
