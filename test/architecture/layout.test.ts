/**
 * One home for where objects live: lib/layout.ts. Every other file of lib/ builds keys and prefixes
 * (writers, readers, the stack's grants and lifecycle rules) from it, so no string literal elsewhere
 * starts with a top-level prefix of the store. Literals are found with TypeScript's scanner, so
 * comments and docs may still name keys.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { PREFIX } from '../../lib/layout';

const ROOT = join(__dirname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const LITERALS = new Set([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead]);

/** String literals of a source that start with a store prefix, as `file:line: text`. */
export function keyLiterals(file: string, text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const prefixes = Object.values(PREFIX);
  const found: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken) {
      // Inside a template: rescan so the scanner reads the template's middle or tail, not a brace.
      kind = scanner.reScanTemplateToken(false);
    }
    if (!LITERALS.has(kind)) continue;
    const value = scanner.getTokenValue();
    if (prefixes.some((p) => value.startsWith(p))) found.push(`${file}:${text.slice(0, scanner.getTokenPos()).split('\n').length}: ${value}`);
  }
  return found;
}

describe('store layout', () => {
  it('no-file-but-lib-layout-writes-a-store-key-or-prefix', () => {
    const files = walk(join(ROOT, 'lib')).filter((f) => !f.endsWith(join('lib', 'layout.ts')));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => keyLiterals(relative(ROOT, f), readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('the-sweep-sees-keys-in-strings-and-templates-and-not-in-comments', () => {
    const sample = ["const a = 'runs/x';", '// latest/ in a comment', 'const b = `state/alerts/${id}.json`;', "const c = 'other/runs/';"].join('\n');
    expect(keyLiterals('sample.ts', sample)).toEqual(['sample.ts:1: runs/x', 'sample.ts:3: state/alerts/']);
  });
});
