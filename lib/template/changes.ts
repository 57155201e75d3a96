/**
 * What a template changes, compared with the baseline: findings that fail (or become unknown) only
 * with the template merged in, and failing findings the template fixes. Findings are matched by id
 * (rule, account, region, resource, detail), so a zone path that opens is one added finding.
 */
import { compareFindings, type Finding } from '../findings/finding';
import { bounded } from '../reports/text';

export interface TemplateChanges {
  adds: Finding[];
  removes: Finding[];
}

const OPEN = new Set(['FAIL', 'UNKNOWN']);

export function compareWithBaseline(baseline: readonly Finding[], merged: readonly Finding[]): TemplateChanges {
  const before = new Map(baseline.map((f) => [f.id, f]));
  const after = new Map(merged.map((f) => [f.id, f]));
  const adds = merged.filter((f) => OPEN.has(f.status) && before.get(f.id)?.status !== f.status && !(f.status === 'UNKNOWN' && before.get(f.id)?.status === 'FAIL'));
  const removes = baseline.filter((f) => f.status === 'FAIL' && after.get(f.id)?.status !== 'FAIL');
  return { adds: [...adds].sort(compareFindings), removes: [...removes].sort(compareFindings) };
}

/** "This stack adds: …" lines for the terminal, one per finding. */
export function formatChanges(c: TemplateChanges): string {
  const lines: string[] = [];
  lines.push(`Compared with the baseline, this change adds ${c.adds.length} finding${c.adds.length === 1 ? '' : 's'} and removes ${c.removes.length}.`);
  for (const f of c.adds) lines.push(`  + ${f.status} ${f.severity} ${f.ruleId}: this stack adds: ${bounded(f.message, 600)}`);
  for (const f of c.removes) lines.push(`  - fixed ${f.severity} ${f.ruleId}: ${bounded(f.message, 600)}`);
  return `${lines.join('\n')}\n`;
}
