/** `vmaudit evaluate <snapshot>`: audits a saved inventory snapshot offline. */
import type { Command } from 'commander';
import { FULL_CATALOGUE } from '../catalogue';
import { readSnapshotFile } from '../model/snapshot-file';
import { resolvePolicy } from '../catalogue/load-policy';
import { runEvaluation } from '../pipeline/run-evaluation';
import { prepareOutLocation } from '../storage/out-location';
import { parseFailOn, parseAt, parseOutputFormats, OUTPUT_FORMATS_HELP } from './options';
import { auditOptions, auditSetup, runAudited, type AuditFlags } from './audit-run';
import { outOption, policyOption, type Streams } from './conventions';

export interface EvaluateCliOptions extends AuditFlags {
  policy?: string;
  out: string;
  failOn?: string;
  at?: string;
  outputFormats?: string;
}

export async function runEvaluate(file: string, o: EvaluateCliOptions, streams?: Streams): Promise<void> {
  const failOn = parseFailOn(o.failOn);
  const outputFormats = parseOutputFormats(o.outputFormats);
  const at = parseAt(o.at);
  const startedAt = new Date();
  const now = at ?? startedAt;
  const policy = resolvePolicy(o.policy, FULL_CATALOGUE, { now });
  const setup = auditSetup(o, policy, streams);
  await prepareOutLocation(o.out);
  const snapshot = await readSnapshotFile(file);
  await runAudited(setup, () => runEvaluation({ snapshot, source: file, policy, policyFile: o.policy, outDir: o.out, failOn, startedAt, now, outputFormats, ...setup.input }), o.failOn);
}

export function register(program: Command): void {
  const cmd = program
    .command('evaluate')
    .description('evaluate a saved inventory snapshot (JSON or JSON.gz) and write reports')
    .argument('<snapshot>', 'snapshot file written by `vmaudit scan` or `vmaudit demo` (snapshot.json.gz), or by hand');
  policyOption(cmd);
  outOption(cmd, 'output folder or s3://bucket/prefix for runs, reports and state');
  cmd
    .option('--fail-on <severity>', 'exit 1 when a failing finding at or above this severity is open (critical|high|medium|low|info)')
    .option('--at <time>', 'evaluate as of this ISO time (rule ages, exception expiry); default: now')
    .option('--output-formats <list>', OUTPUT_FORMATS_HELP);
  auditOptions(cmd)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vmaudit evaluate snapshot.json.gz --policy vmaudit.yaml --out out/ --fail-on high\n' +
        '  vmaudit evaluate snapshot.json.gz --services ec2 --severity critical,high --json | jq .summary\n' +
        '  vmaudit evaluate snapshot.json.gz --checks ec2-imdsv2-required --status FAIL,UNKNOWN\n',
    )
    .action((file: string, o: EvaluateCliOptions) => runEvaluate(file, o));
}
