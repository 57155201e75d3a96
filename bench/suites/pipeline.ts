/**
 * The deployed path at scale: the pipeline's Publish and Report Lambdas, each loaded as `npm run
 * invoke` loads it, in a fresh Node process whose V8 heap is capped at that Lambda's memory setting
 * (`--max-old-space-size`, lib/stack/lambda-memory.ts), against the AWS emulator's S3 (the real
 * protocol: multipart uploads, conditional puts, versioned bucket). Set-up (not measured): the
 * synthetic estate's run as the CollectTarget Lambdas leave it (bench/pipeline-seed.ts).
 *
 * Per size: Publish of the first run (no previous state, every finding NEW), Publish of the next run
 * an hour later (reads the previous state: the steady state), then the daily Report over both.
 * Each records wall time, CPU time and the process's peak RSS (what Lambda bills as memory used).
 * A handler that fails at its setting is run again at Lambda's maximum, 10,240 MB, so the figure
 * that sets the memory and the largest estate is still measured; both outcomes are noted.
 *
 *   npm run bench -- --suite pipeline --sizes 50000 --runs 1 --warmup 0
 *   node --expose-gc -r ts-node/register/transpile-only bench/suites/pipeline.ts 2000
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackPolicy } from '../../lib/stack/stack-policy';
import { LAMBDA_MAX_MEMORY_MB, LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from '../../lib/stack/lambda-memory';
import type { FunctionKind } from '../../lib/stack/lambda-env';
import { runIdOf, type RunRef } from '../../lib/pipeline/run-context';
import { runFolder, targetsKey } from '../../lib/layout';
import { benchEstate, NOW } from '../estate';
import { REGION, seedRun, startBenchAws, type BenchAws } from '../pipeline-seed';
import type { BenchSuite, SuiteContext } from '../suite';
import { runStandalone } from '../standalone';

// The bench child runs bundled from elsewhere, with the repository as its cwd.
const ROOT = process.cwd();

export interface HandlerRun {
  wallMs: number;
  cpuMs: number;
  loadMs: number;
  peakRssMiB: number;
  heapLimitMiB: number;
  memoryMb: number;
  error?: string;
  output?: unknown;
}

let bundled: { dir: string; file: string } | undefined;

/** bench/pipeline-handler.ts as plain JS (dependencies stay in node_modules): no ts-node in the measured process. */
function handlerBundle(): string {
  if (bundled) return bundled.file;
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-bench-handler-'));
  const file = join(dir, 'pipeline-handler.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [join(ROOT, 'bench', 'pipeline-handler.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile: file, logLevel: 'error',
    // bin/invoke.ts runs its CLI when it is the main module; in one bundle every module would be.
    define: { 'require.main': 'undefined' },
  });
  bundled = { dir, file };
  return file;
}

/** Runs `kind` once on `event` with its heap capped at `memoryMb`. */
export function runHandler(aws: BenchAws, kind: FunctionKind, event: unknown, memoryMb: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<HandlerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${memoryMb}`, handlerBundle(), kind, JSON.stringify(event)], {
      cwd: ROOT,
      env: { ...aws.env, ...extraEnv, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-200_000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        const r = JSON.parse(last) as Omit<HandlerRun, 'memoryMb'>;
        resolve({ ...r, memoryMb });
      } catch {
        const oom = /heap out of memory|Allocation failed/i.test(stderr);
        const line = stderr.trim().split('\n').find((l) => /Error\b/.test(l)) ?? stderr.trim().split('\n').slice(-2).join(' ');
        resolve({ wallMs: NaN, cpuMs: NaN, loadMs: NaN, peakRssMiB: NaN, heapLimitMiB: memoryMb, memoryMb, error: oom ? 'JavaScript heap out of memory' : `exited with ${signal ?? `code ${code}`}: ${line.trim().slice(0, 300)}` });
      }
    });
  });
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Measures one handler at its setting; if it fails there, again at Lambda's maximum. Notes both. */
async function measureHandler(ctx: SuiteContext, aws: BenchAws, label: string, kind: FunctionKind, event: unknown, leftBehind?: string): Promise<HandlerRun> {
  const setting = LAMBDA_MEMORY_MB[kind];
  // Lambda ends an invocation whose whole process outgrows the setting, not only its V8 heap.
  const outcome = (r: HandlerRun) => (r.error ? `failed: ${r.error}` : r.peakRssMiB > r.memoryMb ? `over: peak RSS ${Math.round(r.peakRssMiB)} MiB > ${r.memoryMb} MB` : 'ok');
  let run = await runHandler(aws, kind, event, setting);
  ctx.note(`${label}: at ${setting} MB`, outcome(run));
  if (run.error && setting < LAMBDA_MAX_MEMORY_MB) {
    // What the failed attempt wrote would let the second one skip work.
    if (leftBehind) for (const key of await aws.store.list(leftBehind)) await aws.store.delete(key);
    run = await runHandler(aws, kind, event, LAMBDA_MAX_MEMORY_MB);
    ctx.note(`${label}: at ${LAMBDA_MAX_MEMORY_MB} MB`, outcome(run));
  }
  const final = run;
  await ctx.measure(label, () => final.wallMs, { runs: 1, warmup: 0, timeFromResult: true, externalPeakRssMiB: () => final.peakRssMiB });
  ctx.note(`${label}: memory MB`, final.memoryMb);
  ctx.note(`${label}: wall s`, round(final.wallMs / 1000));
  ctx.note(`${label}: CPU s`, round(final.cpuMs / 1000));
  ctx.note(`${label}: peak RSS MiB`, Math.round(final.peakRssMiB));
  ctx.note(`${label}: module load ms`, Math.round(final.loadMs));
  const out = final.output as { changes?: { new: number; open: number; resolved: number }; alertStatus?: string; digestStatus?: string } | undefined;
  if (out?.changes) ctx.note(`${label}: new / open / resolved`, `${out.changes.new} / ${out.changes.open} / ${out.changes.resolved}`);
  if (out?.alertStatus ?? out?.digestStatus) ctx.note(`${label}: ${out.alertStatus ? 'alert' : 'digest'}`, String(out.alertStatus ?? out.digestStatus));
  ctx.note(`${label}: within ${LAMBDA_TIMEOUT_SECONDS[kind]} s timeout`, final.error ? 'no result' : final.wallMs <= LAMBDA_TIMEOUT_SECONDS[kind] * 1000 ? 'yes' : 'NO');
  return final;
}

const suite: BenchSuite = {
  name: 'pipeline',
  description: 'the Publish and Report Lambdas in-process (as npm run invoke loads them), heap capped at their memory setting, against the emulator\'s S3: first run, next run, daily report',
  unit: 'instances',
  sizes: [50000, 100000],
  quickSizes: [1000],
  primary: 'publish next run',
  async run(size, ctx) {
    const aws = await startBenchAws(ROOT);
    try {
      const policy = loadStackPolicy({}).policy;
      const estate = await ctx.measure('synthetic estate (set-up)', () => benchEstate(size), { runs: 1, warmup: 0 });
      const regions = [...new Set(estate.targets.map((t) => t.region))].sort();
      const first: RunRef = { runId: runIdOf(NOW.toISOString(), 'bench1'), startedAt: NOW.toISOString(), regions };
      const nextAt = new Date(NOW.getTime() + 3600_000).toISOString();
      const next: RunRef = { runId: runIdOf(nextAt, 'bench2'), startedAt: nextAt, since: first.startedAt, regions };
      const targets = await ctx.measure('collect outputs of the first run (set-up)', () => seedRun(aws, estate, first, policy), { runs: 1, warmup: 0 });
      ctx.note('targets', targets.length);
      ctx.note('accounts', new Set(targets.map((t) => t.accountId)).size);
      const p1 = await measureHandler(ctx, aws, 'publish first run', 'publish', { run: first, targetsKey: targetsKey(first.runId) }, runFolder(first.runId, first.startedAt));
      const out1 = p1.output as { findings?: number; changes?: { new: number } } | undefined;
      if (out1?.findings !== undefined) ctx.note('findings', out1.findings);
      await ctx.measure('collect outputs of the next run (set-up)', () => seedRun(aws, estate, next, policy), { runs: 1, warmup: 0 });
      await measureHandler(ctx, aws, 'publish next run', 'publish', { run: next, targetsKey: targetsKey(next.runId) }, runFolder(next.runId, next.startedAt));
      await measureHandler(ctx, aws, 'daily report', 'report', { period: 'daily', date: NOW.toISOString().slice(0, 10) });
      ctx.note('region', REGION);
      ctx.note('loadAverage1m', Math.round(loadavg()[0] * 10) / 10);
    } finally {
      await aws.stop();
      if (bundled) rmSync(bundled.dir, { recursive: true, force: true });
      bundled = undefined;
    }
  },
};

export default suite;

if (require.main === module) runStandalone(suite, 2000);
