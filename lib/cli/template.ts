/**
 * `vmaudit template <template|cdk.out>`: the same rules and reachability analysis as `evaluate`, on
 * the inventory a CloudFormation template (or a synthesized CDK app) will create, before it is
 * deployed; with --baseline, merged into a live snapshot and stated as what the change adds and removes.
 * Flags, outputs and exit codes are evaluate's; the template adds where each finding sits in the file.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { UsageError, GateFailedError } from '../errors';
import { atLeast } from '../model/severity';
import { FULL_CATALOGUE } from '../catalogue';
import { readSnapshotFile } from '../model/snapshot-file';
import { resolvePolicy } from '../catalogue/load-policy';
import { runEvaluation, type RunEvaluationResult } from '../pipeline/run-evaluation';
import { openStore } from '../storage/open-store';
import { prepareOutLocation } from '../storage/out-location';
import { bounded } from '../reports/text';
import { compareWithBaseline, formatChanges, type TemplateChanges } from '../template/changes';
import { prepareTemplateCheck } from '../template/check';
import { templateLocation } from '../template/locate';
import { readTemplates } from '../template/read.edge';
import type { Finding } from '../findings/finding';
import { parseAt, parseFailOn, parseOutputFormats, OUTPUT_FORMATS_HELP } from './options';
import { auditOptions, auditSetup, runSummaryJson, type AuditFlags } from './audit-run';
import { outOption, policyOption, type Streams } from './conventions';

export interface TemplateCliOptions extends AuditFlags {
  policy?: string;
  parameters?: string[];
  baseline?: string;
  out: string;
  failOn?: string;
  at?: string;
  outputFormats?: string;
}

export const CHANGES_FILE = 'template-changes.json';
const SHOWN = 40;

/**
 * `Name=value,Other=a,b`: a comma starts a new pair only when `Key=` follows, so list parameters
 * (`Subnets=subnet-1,subnet-2`) keep their commas, as in CloudFormation's own parameter files.
 */
export function parseParameters(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of values ?? []) {
    for (const pair of text.split(/,(?=[A-Za-z0-9:]+=)/)) {
      const eq = pair.indexOf('=');
      const key = eq > 0 ? pair.slice(0, eq).trim() : '';
      if (!/^[A-Za-z0-9:]+$/.test(key)) throw new UsageError(`UsageError: --parameters ${JSON.stringify(pair)} is not Name=value: give e.g. --parameters SSHLocation=10.0.0.0/8,Subnets=subnet-1,subnet-2`);
      out[key] = pair.slice(eq + 1).trim();
    }
  }
  return out;
}

/** `WebServer at web.yaml:70 Resources.WebAddress`: the resource judged, then the property to change. */
function where(f: Finding): string {
  const t = templateLocation(f);
  return t ? `${f.resourceId} at ${t.file}${t.line ? `:${t.line}` : ''} ${t.path}` : f.resourceId;
}

export async function runTemplate(file: string, o: TemplateCliOptions, streams?: Streams): Promise<void> {
  const failOn = parseFailOn(o.failOn);
  const outputFormats = parseOutputFormats(o.outputFormats);
  const parameters = parseParameters(o.parameters);
  const startedAt = new Date();
  const now = parseAt(o.at) ?? startedAt;
  const loaded = resolvePolicy(o.policy, FULL_CATALOGUE, { now });
  const setup = auditSetup(o, loaded, streams);
  const sources = await readTemplates(file);
  const baseline = o.baseline ? await readSnapshotFile(o.baseline) : undefined;
  const prepared = prepareTemplateCheck({ sources, policy: loaded.policy, parameters, baseline, now });
  // The selection flags narrow the rules that make sense for a template; they never add others.
  const chosen = new Set((setup.input.rules ?? FULL_CATALOGUE).map((r) => r.id));
  const rules = prepared.rules.filter((r) => chosen.has(r.id));
  await prepareOutLocation(o.out);
  const info = setup.terminal.info;
  // No failOn here: the gate is decided below, on what the template adds when there is a baseline.
  const result: RunEvaluationResult = await runEvaluation({ snapshot: prepared.snapshot, source: file, policy: loaded, policyFile: o.policy, outDir: o.out, startedAt, now, outputFormats, ...setup.input, rules, refine: prepared.refine });
  const findings = result.published.document.findings;
  const open = findings.filter((f) => f.status === 'FAIL' || f.status === 'UNKNOWN');
  // With a baseline, the deployed estate's own findings are in the reports; the list is the template's.
  const listed = baseline ? open.filter((f) => templateLocation(f)) : open;
  info(`\nTemplate ${file}: ${listed.filter((f) => f.status === 'FAIL').length} failing, ${listed.filter((f) => f.status === 'UNKNOWN').length} unknown (what to change, where):\n`);
  for (const f of listed.slice(0, SHOWN)) info(`  ${f.status} ${f.severity} ${f.ruleId} ${bounded(where(f), 200)}\n`);
  if (listed.length > SHOWN) info(`  … and ${listed.length - SHOWN} more in ${join(o.out, result.published.folder, 'findings.json')}\n`);
  if (listed.length < open.length) info(`  (${open.length - listed.length} more open findings are about the deployed estate alone: see the reports)\n`);
  for (const n of prepared.notModelled) info(`Not modelled: ${n.logicalId} (${n.cfnType}): ${n.reason}\n`);
  let gated = findings;
  let changes: TemplateChanges | undefined;
  if (prepared.baselineFindings) {
    changes = compareWithBaseline(prepared.baselineFindings.filter((f) => chosen.has(f.ruleId)), findings);
    info(formatChanges(changes));
    await openStore(o.out).put(CHANGES_FILE, `${JSON.stringify({ template: file, baseline: o.baseline, adds: changes.adds, removes: changes.removes }, null, 2)}\n`);
    gated = changes.adds;
  }
  const count = failOn ? gated.filter((f) => f.status === 'FAIL' && atLeast(f.severity, failOn)).length : 0;
  const summary = runSummaryJson({ ...result, gateCount: count }, setup.selection, { failOn: o.failOn });
  setup.terminal.json({
    ...summary,
    template: {
      file,
      stacks: sources.map((s) => s.stackName),
      notModelled: prepared.notModelled,
      locations: open.map((f) => ({ id: f.id, ruleId: f.ruleId, status: f.status, ...templateLocation(f) })),
      ...(changes ? { baseline: o.baseline, adds: changes.adds.map((f) => ({ id: f.id, ruleId: f.ruleId, status: f.status, severity: f.severity, message: f.message })), removes: changes.removes.map((f) => ({ id: f.id, ruleId: f.ruleId, severity: f.severity, message: f.message })) } : {}),
    },
  });
  if (failOn && count > 0) throw new GateFailedError(`vmaudit: ${count} failing finding${count === 1 ? '' : 's'} at or above ${failOn}${changes ? ' added by the template' : ''} (--fail-on ${failOn}); reports are in ${o.out}.`);
}

export function register(program: Command): void {
  const cmd = program
    .command('template')
    .description('check a CloudFormation template (JSON/YAML) or a cdk.out folder before deploy: the same rules and zone reachability as evaluate, findings located in the template')
    .argument('<template>', 'template file (.json, .yaml) or cdk.out folder written by `cdk synth`');
  policyOption(cmd, 'policy file (YAML); its isolation.zoneTag names the zone tag; default: the built-in policy');
  outOption(cmd, 'output folder or s3://bucket/prefix for runs, reports and state');
  cmd
    .option('--parameters <Name=value,…>', 'template parameter values (repeatable); AWS::AccountId= and AWS::Region= say where the stack goes', (v: string, prev: string[] = []) => [...prev, v])
    .option('--baseline <snapshot>', 'snapshot of the deployed estate: the template is merged into it and the report lists what the change adds and removes')
    .option('--fail-on <severity>', 'exit 1 when a failing finding at or above this severity is open (with --baseline: one the change adds)')
    .option('--at <time>', 'evaluate as of this ISO time; default: now')
    .option('--output-formats <list>', OUTPUT_FORMATS_HELP);
  auditOptions(cmd)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vmaudit template web.yaml --parameters SSHLocation=10.0.0.0/8 --fail-on high\n' +
        '  vmaudit template cdk.out --policy vmaudit.yaml\n' +
        '  vmaudit template peering.yaml --baseline snapshot.json.gz --fail-on high\n',
    )
    .action((file: string, o: TemplateCliOptions) => runTemplate(file, o));
}
