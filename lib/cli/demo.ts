/**
 * `vmaudit demo`: audits the embedded demo estate (two accounts, two regions, four zones, a few
 * hundred CloudTrail events) with the demo policy, so a newcomer sees real reports in one command.
 * The audit is evaluated as of the demo's own clock, so its findings are the same on every machine;
 * only the run header (run id, start time) changes between runs, and a second run shows lifecycle
 * (OPEN instead of NEW).
 */
import type { Command } from 'commander';
import { demoSnapshot, DEMO_NOW } from '../demo/estate';
import { DEMO_POLICY_SOURCE, DEMO_POLICY_YAML } from '../demo/demo-policy';
import { FULL_CATALOGUE } from '../catalogue';
import { loadPolicy } from '../policy/load';
import { runEvaluation } from '../pipeline/run-evaluation';
import { writeSnapshotFile } from '../model/snapshot-file';
import { join } from 'node:path';
import { prepareOutLocation } from '../storage/out-location';
import { out } from './terminal';
import { OUTPUT_FORMATS_HELP, parseOutputFormats } from './options';

export function register(program: Command): void {
  program
    .command('demo')
    .description('audit the embedded demo estate and write its reports (no AWS needed)')
    .option('-o, --out <dir>', 'output folder', join('out', 'demo'))
    .option('--save-snapshot <file>', 'also write the demo inventory snapshot (try `vmaudit evaluate` on it)')
    .option('--output-formats <list>', OUTPUT_FORMATS_HELP)
    .action(async (o: { out: string; saveSnapshot?: string; outputFormats?: string }) => {
      const outputFormats = parseOutputFormats(o.outputFormats);
      await prepareOutLocation(o.out);
      const snapshot = demoSnapshot();
      const now = new Date(DEMO_NOW);
      const policy = loadPolicy(DEMO_POLICY_YAML, DEMO_POLICY_SOURCE, FULL_CATALOGUE, { now });
      if (o.saveSnapshot) await writeSnapshotFile(o.saveSnapshot, snapshot, { gzip: o.saveSnapshot.endsWith('.gz') });
      await runEvaluation({ snapshot, source: 'embedded demo estate', policy, outDir: o.out, startedAt: new Date(), now, stdout: out, outputFormats });
    });
}
