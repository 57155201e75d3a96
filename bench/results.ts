/** The results file (bench/results/latest.json), its growth figures and its Markdown table. */
import type { BenchSuite } from './suite';

export interface Measurement {
  label: string;
  runs: number;
  warmup: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  /** Resident memory when the measured runs started (after GC): the inputs, Node, and pages V8 has not returned yet. */
  rssBeforeMiB: number;
  /** Peak resident memory of the process while the measured runs ran (sampled every 2 ms). */
  peakRssMiB: number;
  /** Heap in use before the first measured run (after GC): the inputs. */
  heapBeforeMiB: number;
  /** Largest heap in use at the end of a run, before GC: inputs + result + garbage not yet collected. */
  heapAtEndMiB: number;
  /** Heap in use after the runs and a GC: inputs + the last result. */
  heapRetainedMiB: number;
}

export interface ChildReport {
  suite: string;
  size: number;
  /** RSS of the child before the suite started (Node itself, the bundled code). */
  baselineRssMiB: number;
  /** The child's peak RSS over its whole life (getrusage maxrss): set-up and all measurements. */
  processPeakRssMiB: number;
  measurements: Measurement[];
  notes: Record<string, number | string>;
}

export interface SizeResult extends Partial<ChildReport> {
  suite: string;
  size: number;
  unit: string;
  /** Set when the child failed (out of memory, a thrown error). */
  error?: string;
}

export interface Growth {
  suite: string;
  label: string;
  fromSize: number;
  toSize: number;
  sizeRatio: number;
  timeRatio: number;
  /** timeRatio / sizeRatio: 1.0 is linear. */
  perUnitRatio: number;
  /** Time ratio scaled to a 10× larger estate: (timeRatio)^(1 / log10(sizeRatio)). DESIGN §8 allows ≤ 12. */
  perTenfold: number;
}

export interface TargetCheck {
  suite: string;
  label: string;
  size: number;
  what: string;
  limit: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  generatedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; totalMemoryMiB: number; loadAverage: number[] };
  commit?: string;
  options: { suites: string[]; runs: number; warmup: number; quick: boolean };
  results: SizeResult[];
  growth: Growth[];
  targets: TargetCheck[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function growthOf(results: SizeResult[], suites: readonly BenchSuite[]): Growth[] {
  const out: Growth[] = [];
  for (const suite of suites) {
    const rows = results.filter((r) => r.suite === suite.name && r.measurements).sort((a, b) => a.size - b.size);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1].measurements!.find((m) => m.label === suite.primary);
      const b = rows[i].measurements!.find((m) => m.label === suite.primary);
      if (!a || !b || a.medianMs <= 0) continue;
      const sizeRatio = rows[i].size / rows[i - 1].size;
      const timeRatio = b.medianMs / a.medianMs;
      out.push({
        suite: suite.name,
        label: suite.primary,
        fromSize: rows[i - 1].size,
        toSize: rows[i].size,
        sizeRatio: r2(sizeRatio),
        timeRatio: r2(timeRatio),
        perUnitRatio: r2(timeRatio / sizeRatio),
        perTenfold: r2(Math.pow(timeRatio, 1 / Math.log10(sizeRatio))),
      });
    }
  }
  return out;
}

export function checkTargets(results: SizeResult[], growth: Growth[], suites: readonly BenchSuite[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const suite of suites) {
    for (const t of suite.targets ?? []) {
      const row = results.find((r) => r.suite === suite.name && r.size === t.size);
      const m = row?.measurements?.find((x) => x.label === t.label);
      if (!m) continue;
      if (t.maxMedianMs !== undefined) out.push({ suite: suite.name, label: t.label, size: t.size, what: 'median time', limit: `≤ ${t.maxMedianMs} ms`, measured: `${m.medianMs} ms`, met: m.medianMs <= t.maxMedianMs });
      if (t.maxPeakRssMiB !== undefined) {
        out.push({ suite: suite.name, label: t.label, size: t.size, what: 'peak RSS while evaluating', limit: `≤ ${t.maxPeakRssMiB} MiB`, measured: `${m.peakRssMiB} MiB`, met: m.peakRssMiB <= t.maxPeakRssMiB });
      }
      if (t.maxGrowthPerTenfold !== undefined) {
        for (const g of growth.filter((x) => x.suite === suite.name && x.label === t.label)) {
          const limit = 10 * t.maxGrowthPerTenfold;
          out.push({ suite: suite.name, label: t.label, size: g.toSize, what: `time growth ${g.fromSize}→${g.toSize}, scaled to 10×`, limit: `≤ ${limit}×`, measured: `${g.perTenfold}×`, met: g.perTenfold <= limit });
        }
      }
    }
  }
  return out;
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const fmtMiB = (m: number | undefined) => (m === undefined ? '' : `${Math.round(m)}`);
const fmtSize = (n: number) => n.toLocaleString('en-US');

export function toMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`Benchmark run ${r.generatedAt}${r.commit ? ` at ${r.commit}` : ''} — Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.cpuModel}, ${fmtSize(r.machine.totalMemoryMiB)} MiB RAM, load ${r.machine.loadAverage.map((x) => x.toFixed(1)).join(' / ')}.`);
  lines.push(`Each size runs in a fresh child process; times are the median of ${r.options.runs} runs after ${r.options.warmup} warm-up (GC before each run).`);
  lines.push('');
  lines.push('| suite | size | operation | median | min – max | RSS: start → peak during op (MiB) | process peak RSS (MiB) | heap: inputs → end of run (MiB) | notes |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---|');
  for (const row of r.results) {
    if (row.error) {
      lines.push(`| ${row.suite} | ${fmtSize(row.size)} | — | **failed** | | | | | ${row.error.replace(/\|/g, '\\|').slice(0, 200)} |`);
      continue;
    }
    const notes = Object.entries(row.notes ?? {}).map(([k, v]) => `${k} ${typeof v === 'number' ? fmtSize(v) : v}`).join(', ');
    row.measurements!.forEach((m, i) => {
      lines.push(
        `| ${row.suite} | ${fmtSize(row.size)} | ${m.label} | ${fmtMs(m.medianMs)} | ${m.runs > 1 ? `${fmtMs(m.minMs)} – ${fmtMs(m.maxMs)}` : ''} | ${fmtMiB(m.rssBeforeMiB)} → ${fmtMiB(m.peakRssMiB)} | ${i === 0 ? fmtMiB(row.processPeakRssMiB) : ''} | ${fmtMiB(m.heapBeforeMiB)} → ${fmtMiB(m.heapAtEndMiB)} | ${i === row.measurements!.length - 1 ? notes : ''} |`,
      );
    });
  }
  if (r.growth.length) {
    lines.push('');
    lines.push('| suite | operation | sizes | size × | time × | time per unit × (1.0 = linear) | scaled to 10× the size |');
    lines.push('|---|---|---|---:|---:|---:|---:|');
    for (const g of r.growth) lines.push(`| ${g.suite} | ${g.label} | ${fmtSize(g.fromSize)} → ${fmtSize(g.toSize)} | ${g.sizeRatio} | ${g.timeRatio} | ${g.perUnitRatio} | ${g.perTenfold}× |`);
  }
  if (r.targets.length) {
    lines.push('');
    lines.push('| DESIGN §8 target | size | limit | measured | |');
    lines.push('|---|---:|---:|---:|---|');
    for (const t of r.targets) lines.push(`| ${t.suite} ${t.label}: ${t.what} | ${fmtSize(t.size)} | ${t.limit} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`);
  }
  return lines.join('\n') + '\n';
}
