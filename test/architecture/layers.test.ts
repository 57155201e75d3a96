/**
 * The layers of lib/, lowest first: a module imports only from its own folder or from a lower layer,
 * and no two modules import each other, directly or round a loop. Imports are read with TypeScript's
 * own pre-processor (static, re-exports, dynamic `import()` and `require`), so a new upward import or
 * cycle fails here with the file and the import named. docs/architecture.md explains the layers.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'lib');

/** Lowest first. A folder of lib/ (or a file directly in it, by name without .ts). */
export const LAYERS: readonly (readonly string[])[] = [
  ['util', 'errors', 'limits'],
  ['model', 'layout'],
  ['frameworks'],
  ['policy'],
  ['findings'],
  ['engine'],
  ['rules'],
  ['reports'],
  ['state'],
  ['exports'],
  ['events', 'isolation'],
  ['catalogue'],
  ['compliance', 'manifest', 'docs'],
  ['aws'],
  ['storage'],
  ['collect'],
  ['demo', 'template'],
  ['pipeline'],
  ['stack', 'cli', 'cdk'],
];

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const rel = (p: string) => relative(ROOT, p).split('\\').join('/');

/** lib/<unit>/… or lib/<unit>.ts → unit. */
function unitOf(file: string): string {
  const [first, ...rest] = relative(LIB, file).split(/[\\/]/);
  return rest.length ? first : first.replace(/\.(ts|json)$/, '');
}

/** The lib/ file a relative specifier names, or undefined for a package or a non-TypeScript file. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const files = walk(LIB);
const graph = new Map<string, string[]>(
  files.map((f) => {
    const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const targets = info.importedFiles.map((i) => resolveImport(f, i.fileName)).filter((t): t is string => t !== undefined && t.startsWith(LIB));
    return [f, [...new Set(targets)]];
  }),
);

/** Strongly connected components of more than one file (Tarjan): each is an import loop. */
function importLoops(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const loop: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        loop.push(rel(w));
      } while (w !== v);
      if (loop.length > 1) loops.push(loop.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return loops;
}

describe('layers of lib/', () => {
  it('every-folder-and-top-level-file-of-lib-has-a-layer', () => {
    const units = [...new Set(files.map(unitOf))].sort();
    expect(units.filter((u) => !rank.has(u))).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });

  it('no-module-imports-from-a-higher-layer', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      const a = unitOf(from);
      for (const to of targets) {
        const b = unitOf(to);
        if (a !== b && rank.get(b)! > rank.get(a)!) upward.push(`${rel(from)} imports ${rel(to)} (${b} is above ${a})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no-import-loops', () => {
    expect(importLoops()).toEqual([]);
  });

  it('the-check-sees-imports-and-loops', () => {
    // The sweep would be vacuous if the resolver found nothing: the engine must be seen importing the model.
    const evaluate = join(LIB, 'engine', 'evaluate.ts');
    expect((graph.get(evaluate) ?? []).map(rel)).toEqual(expect.arrayContaining(['lib/model/severity.ts']));
  });
});

describe('docs/architecture.md', () => {
  it('lists-the-layers-this-test-enforces-in-the-same-order', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), [...m[2].matchAll(/`([^`]+)`/g)].map((x) => x[1].replace(/\.ts$/, ''))] as const);
    expect(rows).toEqual(LAYERS.map((names, i) => [i + 1, [...names]]));
  });
});
