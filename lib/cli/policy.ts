/**
 * `vmaudit policy validate <file>` and `vmaudit policy show [file]`: check a policy file the way every
 * other command will load it, and print the policy that would actually run.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { isRuleSelected, ruleSelection } from '../engine/selection';
import { AnswerExit, userErrorOf, type PolicyProblem } from '../errors';
import { DEFAULT_POLICY_YAML } from '../policy/default-policy';
import { defaultPolicy, loadPolicyFile, type LoadedPolicy } from '../catalogue/load-policy';
import type { Rule } from '../engine/rule';
import { FULL_CATALOGUE as CATALOGUE } from '../catalogue';
import { out as terminalOut, err as terminalErr } from './terminal';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line that says what the policy will do: the numbers a reviewer checks first. */
export function policySummary(loaded: LoadedPolicy, catalogue: readonly Rule[]): string {
  const p = loaded.policy;
  const enabled = catalogue.filter((r) => isRuleSelected(p, r)).length;
  const parts = [
    `${enabled} of ${catalogue.length} rules enabled`,
    `frameworks ${p.frameworks.join(', ')}`,
    plural(p.exceptions.length, 'exception'),
    p.isolation ? `${plural(p.isolation.zones.length, 'zone')} by tag ${p.isolation.zoneTag}` : 'isolation off',
    plural(p.flows.length, 'flow intent'),
    plural(p.access.length, 'access policy', 'access policies'),
    plural(p.audit.length, 'audit policy', 'audit policies'),
    plural(p.response.length, 'response policy', 'response policies'),
  ];
  return `OK: ${loaded.source} (${parts.join(', ')})`;
}

/**
 * The rules that will run and those that will not, each with its reason, one per line; `prefix` lets
 * `policy show` print them as YAML comments.
 */
export function selectionListing(loaded: LoadedPolicy, catalogue: readonly Rule[], prefix = ''): string[] {
  const sel = ruleSelection(loaded.policy, catalogue, (id) => loaded.ruleLines?.[id]);
  const width = Math.max(...catalogue.map((r) => r.id.length));
  const row = (s: (typeof sel)[number]) => `${prefix}  ${s.ruleId.padEnd(width)}  ${s.reason}`;
  const on = sel.filter((s) => s.runs);
  const off = sel.filter((s) => !s.runs);
  const lines = [`${prefix}Rules that will run (${on.length}):`, ...on.map(row)];
  lines.push(off.length ? `${prefix}Rules that will not run (${off.length}):` : `${prefix}Rules that will not run: none`, ...off.map(row));
  lines.push(`${prefix}Frameworks shown in reports: ${loaded.policy.frameworks.join(', ')} (frameworks choose control ids, never which rules run)`);
  return lines;
}

export function formatWarning(file: string, w: PolicyProblem): string {
  return `warning: ${file}${w.line ? `:${w.line}` : ''} ${w.path || '(top level)'}: ${w.message}`;
}

/** Checks every file (one bad file does not hide the problems of the next), then exits 2 if any was bad. */
export function validatePolicies(files: readonly string[]): void {
  const now = new Date();
  const bad: string[] = [];
  files.forEach((file, i) => {
    if (i > 0) terminalOut('\n');
    try {
      const loaded = loadPolicyFile(file, CATALOGUE, { now });
      terminalOut(`${policySummary(loaded, CATALOGUE)}\n${selectionListing(loaded, CATALOGUE).join('\n')}\n`);
      for (const w of loaded.warnings) terminalErr(`${formatWarning(file, w)}\n`);
    } catch (err) {
      const known = userErrorOf(err, file);
      if (!known || files.length === 1) throw err;
      terminalErr(`${known.message}\n`);
      bad.push(file);
    }
  });
  if (bad.length) {
    terminalErr(`${bad.length} of ${files.length} policy files have problems: ${bad.join(', ')}.\n`);
    throw new AnswerExit(2);
  }
}

export function register(program: Command): void {
  const policy = program
    .command('policy')
    .description('check a policy file, or print the policy that would run')
    .addHelpText('after', '\nExamples:\n  vmaudit policy validate policy.yaml\n  vmaudit policy validate policies/*.yaml\n  vmaudit policy show            # the built-in default\n  vmaudit policy show policy.yaml # default with policy.yaml on top');

  policy
    .command('validate')
    .description('validate policy files against the schema and the rule catalogue; exit 0 when every file is valid, 2 with every problem of every file listed otherwise')
    .argument('<files...>', 'policy files (YAML)')
    .action((files: string[]) => validatePolicies(files));

  policy
    .command('show')
    .description('print the built-in default policy, or the effective policy of a file (the default with the file on top)')
    .argument('[file]', 'policy file (YAML) to lay over the default')
    .option('--json', 'print JSON instead of YAML')
    .action((file: string | undefined, opts: { json?: boolean }) => {
      const loaded = file ? loadPolicyFile(file, CATALOGUE) : defaultPolicy(CATALOGUE);
      const doc = loaded.policy;
      if (opts.json) {
        terminalOut(`${JSON.stringify(doc, null, 2)}\n`);
        return;
      }
      const listing = `${selectionListing(loaded, CATALOGUE, '# ').join('\n')}\n`;
      if (!file) terminalOut(`${DEFAULT_POLICY_YAML}\n${listing}`);
      else terminalOut(`# Effective policy: the built-in default with ${file} on top.\n${stringify(doc, { lineWidth: 0 })}\n${listing}`);
    });
}

