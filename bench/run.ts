/**
 * `npm run bench` / `npm run bench:quick`: runs every registered suite (bench/suites/index.ts) at
 * each size in its own child process (fresh heap, so peak memory is that size's alone), then writes
 * bench/results/<name>.json and .md and prints the table.
 *
 *   npm run bench -- --suite engine --sizes 1000,10000 --runs 3
 *
 * The child is bundled with esbuild first, so neither ts-node nor the TypeScript compiler sits in the
 * measured process's memory.
 */
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { SUITES } from './suites';
import { checkTargets, growthOf, toMarkdown, type BenchResults, type ChildReport, type SizeResult } from './results';
import type { BenchSuite } from './suite';

const ROOT = join(__dirname, '..');

interface Options {
  suite?: string[];
  sizes?: number[];
  runs: number;
  warmup: number;
  quick: boolean;
  out?: string;
  list: boolean;
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
function sizes(v: string): number[] {
  return list(v).map((s) => {
    const n = Number(s.replace(/_/g, '').replace(/k$/i, '000'));
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected sizes like 1000,10000 or 10k, got "${s}"`);
    return n;
  });
}
function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got "${v}"`);
  return n;
}

/** Bundles bench/child.ts to plain JS; falls back to ts-node when esbuild is unavailable. */
function childEntry(): { file: string; execArgv: string[] } {
  const outfile = join(ROOT, 'node_modules', '.cache', 'vmaudit-bench', 'child.js');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [join(__dirname, 'child.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error',
      // In one bundle every module would pass a `require.main === module` check and run its
      // stand-alone entry point on import; no suite module is the main module here.
      define: { 'require.main': 'undefined' },
    });
    return { file: outfile, execArgv: [] };
  } catch (err) {
    process.stderr.write(`esbuild bundle failed (${(err as Error).message}); running the child through ts-node\n`);
    return { file: join(__dirname, 'child.ts'), execArgv: ['-r', 'ts-node/register/transpile-only'] };
  }
}

function runChild(entry: { file: string; execArgv: string[] }, suite: BenchSuite, size: number, o: Options): Promise<SizeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let stderr = '';
    const child = fork(entry.file, [suite.name, String(size), String(o.runs), String(o.warmup)], {
      cwd: ROOT,
      execArgv: ['--expose-gc', ...entry.execArgv],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(0, 20000)));
    const done = (r: SizeResult) => {
      if (!settled) resolve(r);
      settled = true;
    };
    child.on('message', (msg: { type: 'result'; report: ChildReport } | { type: 'error'; message: string }) => {
      if (msg.type === 'result') done({ ...msg.report, unit: suite.unit });
      else done({ suite: suite.name, size, unit: suite.unit, error: msg.message });
    });
    child.on('exit', (code, signal) => {
      const oom = /heap out of memory|Allocation failed/i.test(stderr);
      const lines = stderr.trim().split('\n');
      const first = lines.find((l) => /^\w*(Error|Exception)\b/.test(l.trim())) ?? lines.slice(-3).join(' ');
      done({ suite: suite.name, size, unit: suite.unit, error: oom ? 'JavaScript heap out of memory' : `child exited with ${signal ?? `code ${code}`}: ${first.trim()}` });
    });
  });
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('bench')
    .description('Runs the vmaudit benchmarks: each suite at each size in a fresh child process; writes bench/results/<name>.{json,md}.')
    .option('--suite <names>', `suites to run, comma-separated (${SUITES.map((s) => s.name).join(', ')})`, list)
    .option('--sizes <sizes>', 'sizes to run, e.g. 1000,10000 or 10k (default: each suite\'s own)', sizes)
    .option('--runs <n>', 'measured runs per operation (median reported)', positive, 5)
    .option('--warmup <n>', 'unmeasured warm-up runs per operation', positive, 1)
    .option('--quick', 'small sizes and 3 runs, for a fast check; writes bench/results/quick.*', false)
    .option('--out <path>', 'results path without extension (default bench/results/latest, or quick with --quick)')
    .option('--list', 'list the suites and exit', false)
    .showHelpAfterError();
  program.parse(argv, { from: 'user' });
  const o = program.opts<Options>();
  if (o.quick && !argv.includes('--runs')) o.runs = 3;

  if (o.list) {
    for (const s of SUITES) process.stdout.write(`${s.name.padEnd(16)} ${s.description}\n${' '.repeat(17)}sizes ${s.sizes.join(', ')} (quick ${s.quickSizes.join(', ')}) ${s.unit}\n`);
    return 0;
  }
  const unknown = (o.suite ?? []).filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(`bench: unknown suite ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const suites = o.suite ? SUITES.filter((s) => o.suite!.includes(s.name)) : [...SUITES];
  const entry = childEntry();
  const results: SizeResult[] = [];
  for (const suite of suites) {
    for (const size of o.sizes ?? (o.quick ? suite.quickSizes : suite.sizes)) {
      process.stderr.write(`${suite.name} ${size.toLocaleString('en-US')} ${suite.unit} … `);
      const t0 = Date.now();
      const r = await runChild(entry, suite, size, o);
      const primary = r.measurements?.find((m) => m.label === suite.primary);
      process.stderr.write(r.error ? `FAILED: ${r.error}\n` : `${suite.primary} ${primary?.medianMs ?? '?'} ms median, process peak RSS ${r.processPeakRssMiB} MiB (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      results.push(r);
    }
  }

  const growth = growthOf(results, suites);
  const doc: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.versions.node, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', totalMemoryMiB: Math.round(totalmem() / 2 ** 20), loadAverage: loadavg() },
    commit: gitCommit(),
    options: { suites: suites.map((s) => s.name), runs: o.runs, warmup: o.warmup, quick: o.quick },
    results,
    growth,
    targets: checkTargets(results, growth, suites),
  };
  const base = o.out ?? join(ROOT, 'bench', 'results', o.quick ? 'quick' : 'latest');
  mkdirSync(dirname(base), { recursive: true });
  const md = toMarkdown(doc);
  writeFileSync(`${base}.json`, JSON.stringify(doc, null, 2) + '\n');
  writeFileSync(`${base}.md`, md);
  process.stdout.write(`\n${md}\nWrote ${relative(process.cwd(), base)}.json and .md\n`);
  return results.some((r) => r.error) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
