/**
 * `vmaudit demo`: audits the embedded demo estate (two accounts, two regions, four zones, a few
 * hundred CloudTrail events) with the demo policy, so a newcomer sees real reports in one command.
 * The audit is evaluated as of the demo's own clock, so its findings are the same on every machine;
 * only the run header (run id, start time) changes between runs, and a second run shows lifecycle
 * (OPEN instead of NEW).
 *
 * The snapshot and the policy it used are written beside the runs (snapshot.json.gz,
 * demo-policy.yaml), so `vmaudit evaluate` on them gives the demo's findings exactly: nothing the
 * demo shows is hidden inside the binary.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { demoSnapshot, DEMO_NOW } from '../demo/estate';
import { DEMO_POLICY_SOURCE, DEMO_POLICY_YAML } from '../demo/demo-policy';
import { FULL_CATALOGUE } from '../catalogue';
import { loadPolicy } from '../catalogue/load-policy';
import { runEvaluation } from '../pipeline/run-evaluation';
import { writeSnapshotFile } from '../model/snapshot-file';
import { isS3Uri } from '../storage/open-store';
import { prepareOutLocation } from '../storage/out-location';
import { outOption, outputOptions, terminalFor, type OutputFlags } from './conventions';
import { runSummaryJson } from './audit-run';
import { OUTPUT_FORMATS_HELP, parseOutputFormats } from './options';

export const DEMO_SNAPSHOT_FILE = 'snapshot.json.gz';
export const DEMO_POLICY_FILE = 'demo-policy.yaml';

/** The command that reproduces the demo's findings from the files it wrote. */
export function reproduceCommand(outDir: string): string {
  return `vmaudit evaluate ${join(outDir, DEMO_SNAPSHOT_FILE)} --policy ${join(outDir, DEMO_POLICY_FILE)} --at ${DEMO_NOW.toISOString()}`;
}

export function register(program: Command): void {
  const cmd = program.command('demo').description('audit the embedded demo estate and write its reports, snapshot and policy (no AWS needed)');
  outOption(cmd, 'output folder (runs, reports, state, and the demo snapshot and policy)');
  outputOptions(cmd, 'print the run\'s JSON summary on stdout (the text summary goes to stderr)')
    .option('--save-snapshot <file>', 'also write the demo inventory snapshot to this file')
    .option('--output-formats <list>', OUTPUT_FORMATS_HELP)
    .action(async (o: { out: string; saveSnapshot?: string; outputFormats?: string } & OutputFlags) => {
      const outputFormats = parseOutputFormats(o.outputFormats);
      await prepareOutLocation(o.out);
      const terminal = terminalFor(o);
      const snapshot = demoSnapshot();
      const now = new Date(DEMO_NOW);
      const policy = loadPolicy(DEMO_POLICY_YAML, DEMO_POLICY_SOURCE, FULL_CATALOGUE, { now });
      if (o.saveSnapshot) await writeSnapshotFile(o.saveSnapshot, snapshot, { gzip: o.saveSnapshot.endsWith('.gz') });
      const result = await runEvaluation({ snapshot, source: 'embedded demo estate', policy, outDir: o.out, startedAt: new Date(), now, stdout: terminal.info, colors: terminal.colors, outputFormats, listStatuses: o.verbose ? ['FAIL'] : undefined });
      // After the run: a run that could not be written leaves nothing beside it.
      if (!isS3Uri(o.out)) {
        await writeSnapshotFile(join(o.out, DEMO_SNAPSHOT_FILE), snapshot, { gzip: true });
        await writeFile(join(o.out, DEMO_POLICY_FILE), DEMO_POLICY_YAML);
        terminal.info(`Demo snapshot and policy: ${join(o.out, DEMO_SNAPSHOT_FILE)}, ${join(o.out, DEMO_POLICY_FILE)}; the same findings again: ${reproduceCommand(o.out)}\n`);
      }
      if (o.json) terminal.json(runSummaryJson(result, { rules: FULL_CATALOGUE, notSelected: [] }));
    });
}
