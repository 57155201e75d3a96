/**
 * The contract of a benchmark suite. A suite is a value registered in `bench/suites/index.ts`; the
 * harness (`bench/run.ts`) runs each (suite, size) in a fresh child process so peak memory belongs
 * to that size alone, and writes the figures to bench/results/.
 */

export interface MeasureOptions {
  /** Measured runs (default: the harness's --runs, 5). */
  runs?: number;
  /** Unmeasured runs first, so the JIT has compiled the hot paths (default: --warmup, 1). */
  warmup?: number;
  /**
   * For work done in another process (the end-to-end suites spawn the CLI): that process's peak RSS
   * in MiB over the measured runs, reported instead of this process's sampled peak.
   */
  externalPeakRssMiB?: () => number;
  /** The function returns the figure in ms itself (a time measured elsewhere, e.g. a browser's paint timing), recorded instead of its wall time. */
  timeFromResult?: boolean;
}

export interface SuiteContext {
  /** The size being run (instances, events, … as the suite's `unit` says). */
  readonly size: number;
  /**
   * Times `fn`: `warmup` unmeasured runs, then `runs` measured ones with a full GC before each.
   * Resident memory is sampled every few milliseconds on a separate thread while it runs.
   * Returns the last run's result.
   */
  measure<T>(label: string, fn: () => T | Promise<T>, options?: MeasureOptions): Promise<T>;
  /** Records a fact about this size for the results (e.g. findings: 470322). */
  note(key: string, value: number | string): void;
}

/** A design target (DESIGN §8) the report checks a measurement against. */
export interface BenchTarget {
  label: string;
  size: number;
  maxMedianMs?: number;
  maxPeakRssMiB?: number;
  /** Cost growth allowed for 10× the size (1.2 = 12× the time for 10× the estate). */
  maxGrowthPerTenfold?: number;
}

export interface BenchSuite {
  name: string;
  description: string;
  /** What a size counts, e.g. "instances". */
  unit: string;
  /** Sizes run by `npm run bench`. */
  sizes: readonly number[];
  /** Sizes run by `npm run bench:quick`. */
  quickSizes: readonly number[];
  /** The measurement whose time is the suite's headline and growth figure. */
  primary: string;
  targets?: readonly BenchTarget[];
  run(size: number, ctx: SuiteContext): Promise<void>;
}
