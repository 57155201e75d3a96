/** `vmaudit rules`: the catalogue, with framework ids, severity and parameters. */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { FULL_CATALOGUE } from '../catalogue';
import { rulePacks } from '../engine/rule';
import { UsageError } from '../errors';
import { out as terminalOut } from './terminal';

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the rule catalogue: id, severity, FSBP and CIS 3.0 controls, parameters')
    .option('--framework <pack>', 'only rules of this pack (fsbp, cis-3.0, vmaudit)')
    .option('--json', 'machine-readable output with rationale, remediation and parameter defaults')
    .action((o: { framework?: string; json?: boolean }) => {
      if (o.framework && !['fsbp', 'cis-3.0', 'vmaudit'].includes(o.framework)) {
        throw new UsageError(`UsageError: --framework ${JSON.stringify(o.framework)} is not a pack: use fsbp, cis-3.0 or vmaudit.`);
      }
      const rules = FULL_CATALOGUE.filter((r) => !o.framework || rulePacks(r).includes(o.framework));
      if (o.json) {
        const out = rules.map((r) => ({
          id: r.id, title: r.title, severity: r.severity, category: r.category, resourceType: r.resourceType,
          frameworks: { fsbp: r.frameworks.fsbp ?? [], 'cis-3.0': r.frameworks.cis ?? [] },
          rationale: r.rationale, remediation: r.remediation, parameters: r.params.parse({}), requires: r.requires,
        }));
        terminalOut(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      const table = new Table({ head: ['id', 'severity', 'FSBP', 'CIS 3.0', 'title'], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [34, 10, 14, 10, 50] });
      for (const r of rules) table.push([r.id, r.severity, (r.frameworks.fsbp ?? []).join(' '), (r.frameworks.cis ?? []).join(' '), r.title]);
      terminalOut(`${table.toString()}\n${rules.length} rules. \`vmaudit rules --json\` adds rationale, remediation and parameters.\n`);
    });
}
