/**
 * Running one suite by hand, without the harness (no child process, no sampler, no results file):
 *   node --expose-gc -r ts-node/register/transpile-only bench/suites/<name>.ts <size>
 * Each measurement prints its median wall and CPU time and the process's peak RSS so far.
 */
import { performance } from 'node:perf_hooks';
import type { BenchSuite, SuiteContext } from './suite';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Time and peak RSS (the process high-water mark), printed per measurement. */
export function standaloneContext(size: number): SuiteContext {
  return {
    size,
    note: (k, v) => process.stdout.write(`  ${k}: ${v}\n`),
    async measure(label, fn, o = {}) {
      let result: Awaited<ReturnType<typeof fn>> | undefined;
      for (let i = 0; i < (o.warmup ?? 0); i++) result = await fn();
      const times: number[] = [];
      const cpu: number[] = [];
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < (o.runs ?? 1); i++) {
        // As the harness does: drop the previous result and collect, so a run's peak is its own.
        result = undefined;
        gc?.();
        const [t0, c0] = [performance.now(), cpuNow()];
        result = await fn();
        times.push(o.timeFromResult ? Number(result) : performance.now() - t0);
        cpu.push(cpuNow() - c0);
      }
      // CPU time beside wall time: on a shared machine the wall clock includes waiting for a core.
      process.stdout.write(`${label}: median ${median(times).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU over ${times.length} run(s); peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
      return result as Awaited<ReturnType<typeof fn>>;
    },
  };
}

/** Runs `suite` at the size given as the first argument (`50_000` allowed) or `defaultSize`; a failure prints its stack and exits 1. */
export function runStandalone(suite: BenchSuite, defaultSize: number, context: (size: number) => SuiteContext = standaloneContext): void {
  const size = Number((process.argv[2] ?? String(defaultSize)).replace(/_/g, ''));
  suite.run(size, context(size)).catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
}
