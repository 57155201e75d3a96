/**
 * Runs one suite at one size in this (fresh) process and reports to the parent over IPC.
 * Started by bench/run.ts with --expose-gc; not meant to be run by hand.
 */
import { performance } from 'node:perf_hooks';
import { SUITES } from './suites';
import { RssSampler } from './sampler';
import type { MeasureOptions, SuiteContext } from './suite';
import type { ChildReport, Measurement } from './results';

const MiB = 2 ** 20;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('bench child needs --expose-gc');
  g();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const [suiteName, sizeText, runsText, warmupText] = process.argv.slice(2);
  const suite = SUITES.find((s) => s.name === suiteName);
  if (!suite) throw new Error(`unknown suite ${suiteName}`);
  const size = Number(sizeText);
  const defaults = { runs: Number(runsText), warmup: Number(warmupText) };

  gc();
  const baselineRssMiB = process.memoryUsage().rss / MiB;
  const sampler = new RssSampler();
  const measurements: Measurement[] = [];
  const notes: Record<string, number | string> = {};

  const ctx: SuiteContext = {
    size,
    note(key, value) {
      notes[key] = value;
    },
    async measure<T>(label: string, fn: () => T | Promise<T>, options: MeasureOptions = {}): Promise<T> {
      const runs = Math.max(1, options.runs ?? defaults.runs);
      const warmup = Math.max(0, options.warmup ?? defaults.warmup);
      // The result lives only in `box`: an awaited result would stay referenced from the suspended
      // async frame during the next run and count twice in its memory.
      const box: { value?: T } = {};
      const once = (): number | Promise<number> => {
        const t0 = performance.now();
        const v = fn();
        if (v instanceof Promise) {
          return v.then((x: T) => {
            const ms = performance.now() - t0;
            box.value = x;
            return options.timeFromResult ? Number(x) : ms;
          });
        }
        const ms = performance.now() - t0;
        box.value = v;
        return options.timeFromResult ? Number(v) : ms;
      };
      for (let i = 0; i < warmup; i++) {
        box.value = undefined;
        gc();
        await once();
      }
      const samples: number[] = [];
      let heapEndMax = 0;
      box.value = undefined;
      gc();
      const heapBefore = process.memoryUsage().heapUsed / MiB;
      const rssBefore = process.memoryUsage().rss / MiB;
      sampler.reset();
      for (let i = 0; i < runs; i++) {
        // Drop the previous result first, so each run starts from the same heap.
        box.value = undefined;
        gc();
        samples.push(await once());
        heapEndMax = Math.max(heapEndMax, process.memoryUsage().heapUsed / MiB);
      }
      const peakRssMiB = options.externalPeakRssMiB ? options.externalPeakRssMiB() : sampler.peakMiB();
      gc();
      measurements.push({
        label,
        runs,
        warmup,
        medianMs: round(median(samples)),
        minMs: round(Math.min(...samples)),
        maxMs: round(Math.max(...samples)),
        samplesMs: samples.map((s) => round(s)),
        rssBeforeMiB: round(rssBefore),
        peakRssMiB: round(peakRssMiB),
        heapBeforeMiB: round(heapBefore),
        heapAtEndMiB: round(heapEndMax),
        heapRetainedMiB: round(process.memoryUsage().heapUsed / MiB),
      });
      return box.value as T;
    },
  };

  await suite.run(size, ctx);
  await sampler.stop();
  // maxRSS is in KiB on Linux and macOS.
  const report: ChildReport = { suite: suite.name, size, baselineRssMiB: round(baselineRssMiB), processPeakRssMiB: round(process.resourceUsage().maxRSS / 1024), measurements, notes };
  process.send!({ type: 'result', report }, () => process.exit(0));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (process.send) process.send({ type: 'error', message }, () => process.exit(1));
  else {
    console.error(message);
    process.exit(1);
  }
});
