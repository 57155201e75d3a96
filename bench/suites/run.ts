/**
 * The run a user runs: `vmaudit evaluate snapshot.json.gz --out <dir>` end to end in a fresh process
 * (read and validate the snapshot, evaluate, lifecycle, every default output written and hashed,
 * manifest, latest/), on the synthetic estate written to a .json.gz first (not measured). Records the
 * CLI process's wall time and peak RSS, and the bytes of each output file.
 *
 *   npm run bench -- --suite run --sizes 10000 --runs 1
 *   npx ts-node --transpile-only bench/suites/run.ts 10000
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../lib/model/snapshot-file';
import { benchEstate, NOW } from '../estate';
import { bundleCli, removeCliBundle, runCli, type CliRun } from '../cli-bundle';
import type { BenchSuite } from '../suite';
import { runStandalone } from '../standalone';

function filesUnder(dir: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else out.push({ path: r, bytes: statSync(join(d, e.name)).size });
    }
  };
  walk(dir, '');
  return out;
}

const suite: BenchSuite = {
  name: 'run',
  description: '`vmaudit evaluate <snapshot.json.gz>` end to end in a fresh process (bundled CLI): read, evaluate, every default output, manifest, latest/',
  unit: 'instances',
  sizes: [1000, 10000, 50000, 100000],
  quickSizes: [500, 2000],
  primary: 'vmaudit evaluate',
  targets: [{ label: 'vmaudit evaluate', size: 50000, maxMedianMs: 15000, maxPeakRssMiB: 1536 }],
  async run(size, ctx) {
    const work = mkdtempSync(join(tmpdir(), 'vmaudit-bench-run-'));
    try {
      const cli = bundleCli();
      const snapshotFile = join(work, 'snapshot.json.gz');
      await ctx.measure('write snapshot .json.gz (set-up)', () => writeSnapshotFile(snapshotFile, benchEstate(size), { gzip: true }), { runs: 1, warmup: 0 });
      ctx.note('snapshotBytes', statSync(snapshotFile).size);
      let last: CliRun | undefined;
      let peak = 0;
      let out = '';
      let n = 0;
      await ctx.measure('vmaudit evaluate', async () => {
        out = join(work, `out-${n++}`);
        const r = await runCli(cli, ['evaluate', snapshotFile, '--out', out, '--at', NOW.toISOString()]);
        if (r.code !== 0) throw new Error(`vmaudit evaluate exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        last = r;
        peak = Math.max(peak, r.peakRssMiB);
        return r.wallMs;
      }, { runs: 1, warmup: 0, externalPeakRssMiB: () => peak });
      ctx.note('cliPeakRssMiB', Math.round(last!.peakRssMiB));
      ctx.note('cliCpuSeconds', Math.round(last!.cpuMs / 100) / 10);
      ctx.note('loadAverage1m', Math.round(loadavg()[0] * 10) / 10);
      const files = filesUnder(out);
      const runFiles = files.filter((f) => f.path.startsWith('runs/'));
      for (const f of runFiles) ctx.note(`bytes ${f.path.split('/').pop()}`, f.bytes);
      ctx.note('runFolderBytes', runFiles.reduce((s, f) => s + f.bytes, 0));
      ctx.note('latestBytes', files.filter((f) => f.path.startsWith('latest/')).reduce((s, f) => s + f.bytes, 0));
    } finally {
      rmSync(work, { recursive: true, force: true });
      removeCliBundle();
    }
  },
};

export default suite;

if (require.main === module) runStandalone(suite, 1000);
