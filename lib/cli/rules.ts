/**
 * `vmaudit rules`: the catalogue, with framework controls, severity and parameters; with
 * `--framework <id>`, that framework's controls with their titles and the rules that evidence them.
 */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { FULL_CATALOGUE } from '../catalogue';
import { rulePacks, type Rule } from '../engine/rule';
import { UsageError } from '../errors';
import { out as terminalOut } from './terminal';
import { controlsOfRule, framework, FRAMEWORK_IDS, isFrameworkId, VMAUDIT_PACK, type FrameworkId } from '../frameworks/index';
import { frameworksText } from '../frameworks/text';

const PACKS = [...FRAMEWORK_IDS, VMAUDIT_PACK];

function printFramework(id: FrameworkId, json: boolean): void {
  const fw = framework(id);
  if (json) {
    const out = { id: fw.id, label: fw.label, source: fw.source, scope: fw.scope, controls: fw.controls.map((c) => ({ id: c.id, title: c.title, description: c.description, rules: c.rules, evidenced: c.rules.length > 0 })) };
    terminalOut(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  const table = new Table({ head: ['control', 'title', 'rules (or why vmaudit cannot evidence it)'], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [16, 56, 46] });
  for (const c of fw.controls) table.push([c.id, c.title, c.rules.length ? c.rules.join('\n') : `not evidenced: ${c.description}`]);
  const evidenced = fw.controls.filter((c) => c.rules.length > 0).length;
  terminalOut(
    `${fw.label} (${fw.scope}; ${fw.source})\n${table.toString()}\n` +
      `${fw.controls.length} controls: ${evidenced} evidenced by vmaudit rules, ${fw.controls.length - evidenced} not evidenced (reported as such, never counted as passed).\n`,
  );
}

/** `name=default` per parameter, as a policy file would set it (`rules.<id>.<name>`). */
export function parameterText(rule: Rule): string {
  const defaults = rule.params.parse({}) as Record<string, unknown>;
  return Object.entries(defaults)
    .map(([k, v]) => `${k}=${JSON.stringify(v).replace(/,/g, ', ')}`)
    .join('\n');
}

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the rule catalogue (id, severity, framework controls); parameters with their defaults; with --framework, that framework\'s controls with titles and rules')
    .option('--framework <id>', `one framework's controls (${FRAMEWORK_IDS.join(', ')}), or ${VMAUDIT_PACK} for the rules that map to none`)
    .option('--json', 'machine-readable output with rationale, remediation and parameter defaults')
    .action((o: { framework?: string; json?: boolean }) => {
      if (o.framework !== undefined && !PACKS.includes(o.framework)) {
        throw new UsageError(`UsageError: --framework ${JSON.stringify(o.framework)} is not a framework: use ${PACKS.join(', ')}.`);
      }
      if (o.framework !== undefined && isFrameworkId(o.framework)) return printFramework(o.framework, o.json === true);
      const rules = FULL_CATALOGUE.filter((r) => !o.framework || rulePacks(r).includes(o.framework));
      if (o.json) {
        const out = rules.map((r) => ({
          id: r.id, title: r.title, severity: r.severity, category: r.category, resourceType: r.resourceType,
          frameworks: controlsOfRule(r.id),
          rationale: r.rationale, remediation: r.remediation, parameters: r.params.parse({}), requires: r.requires,
        }));
        terminalOut(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      const table = new Table({ head: ['id', 'severity', 'controls', 'title', 'parameters (default)'], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [33, 10, 30, 40, 34] });
      for (const r of rules) table.push([r.id, r.severity, frameworksText(controlsOfRule(r.id)).replace(/; /g, '\n'), r.title, parameterText(r) || '-']);
      terminalOut(
        `${table.toString()}\n${rules.length} rules. A policy file sets a parameter under rules.<id> (\`rules: { ec2-instance-stopped-too-long: { days: 14 } }\`); \`vmaudit rules --framework <id>\` lists a framework's controls; \`vmaudit rules --json\` adds rationale and remediation.\n`,
      );
    });
}
