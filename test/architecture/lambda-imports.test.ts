/**
 * What keeps the Lambda bundles small (DESIGN §8: ≤ 450 KB zipped), as import habits a sweep can see:
 * zod is imported as a namespace (`import * as z from 'zod'`), because esbuild keeps every one of
 * zod's locales (≈ 258 KiB) for the named import `{ z }` but drops them when `z.` is only read as a
 * namespace; and the Lambda wiring (lib/pipeline/deps) never reaches the YAML policy loader, because
 * the Lambdas read the policy.json the stack validated at synth. The bundles themselves are checked
 * in test/stack/bundling.test.ts.
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

const rel = (p: string) => relative(ROOT, p).split('\\').join('/');
const sources = [...walk(join(ROOT, 'lib')), ...walk(join(ROOT, 'lambdas'))].map(rel);

describe('imports that decide the Lambda bundle size', () => {
  it.each(sources)('%s imports zod as a namespace, if at all', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text.match(/^import\s+(type\s+)?\{[^}]*\}\s+from\s+'zod'/gm) ?? []).toEqual([]);
  });

  it('the-lambda-wiring-does-not-import-the-yaml-policy-loader', () => {
    for (const file of sources.filter((f) => f.startsWith('lib/pipeline/deps/') || f.startsWith('lambdas/'))) {
      expect([file, readFileSync(join(ROOT, file), 'utf8').match(/from '[^']*policy\/(load|locate)'|from 'yaml'/g)]).toEqual([file, null]);
    }
  });
});
