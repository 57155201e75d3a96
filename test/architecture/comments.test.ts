/**
 * Comments say why, in the code's own terms: an issue number means nothing to the next reader (the
 * tracker is not part of the source), so none may appear in lib/, bin/ or lambdas/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const ISSUE_REFERENCE = /\b[Ii]ssues? #?\d+\b/;

it('no-source-comment-refers-to-an-issue-number', () => {
  const files = ['lib', 'bin', 'lambdas'].flatMap((d) => walk(join(ROOT, d)));
  expect(files.length).toBeGreaterThan(100);
  const found = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => ISSUE_REFERENCE.test(line))
      .map(({ line, i }) => `${relative(ROOT, f)}:${i + 1}: ${line.trim()}`),
  );
  expect(found).toEqual([]);
});
