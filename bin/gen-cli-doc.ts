/** Rewrites the command reference in docs/cli.md from the commander definitions. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceCliReference } from '../lib/docs/cli-reference';
import { buildProgram } from '../lib/cli/program';

const path = join(__dirname, '..', 'docs', 'cli.md');
writeFileSync(path, replaceCliReference(readFileSync(path, 'utf8'), buildProgram()));
console.log('docs/cli.md: command reference written');
