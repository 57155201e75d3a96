/** `vmaudit evaluate <snapshot>`: audits a saved inventory snapshot offline. */
import type { Command } from 'commander';
import { readSnapshotFile } from '../model/snapshot-file';
import { runEvaluation } from '../pipeline/run-evaluation';
import { prepareOutLocation } from '../storage/out-location';
import { parseFailOn, parseAt, parseOutputFormats, OUTPUT_FORMATS_HELP } from './options';
import { out } from './terminal';

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate a saved inventory snapshot (JSON or JSON.gz) and write reports')
    .argument('<snapshot>', 'snapshot file written by `vmaudit scan` (snapshot.json.gz) or by hand')
    .option('-p, --policy <file>', 'policy file (YAML); default: the built-in policy')
    .option('-o, --out <dir>', 'output folder or s3://bucket/prefix for runs, reports and state', 'out')
    .option('--fail-on <severity>', 'exit 1 when a failing finding at or above this severity is open (critical|high|medium|low|info)')
    .option('--at <time>', 'evaluate as of this ISO time (rule ages, exception expiry); default: now')
    .option('--output-formats <list>', OUTPUT_FORMATS_HELP)
    .addHelpText('after', '\nExample:\n  vmaudit evaluate snapshot.json.gz --policy vmaudit.yaml --out out/ --fail-on high\n')
    .action(async (file: string, o: { policy?: string; out: string; failOn?: string; at?: string; outputFormats?: string }) => {
      const failOn = parseFailOn(o.failOn);
      const outputFormats = parseOutputFormats(o.outputFormats);
      const at = parseAt(o.at);
      await prepareOutLocation(o.out);
      const startedAt = new Date();
      const snapshot = await readSnapshotFile(file);
      await runEvaluation({ snapshot, source: file, policyFile: o.policy, outDir: o.out, failOn, startedAt, now: at ?? startedAt, stdout: out, outputFormats });
    });
}
