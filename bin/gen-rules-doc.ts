/** Rewrites the rules table in README.md from the catalogue's metadata. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceRulesTable } from '../lib/docs/rules-table';
import { FULL_CATALOGUE as CATALOGUE } from '../lib/catalogue';

const path = join(__dirname, '..', 'README.md');
writeFileSync(path, replaceRulesTable(readFileSync(path, 'utf8'), CATALOGUE));
console.log(`README.md: rules table written (${CATALOGUE.length} rules)`);
