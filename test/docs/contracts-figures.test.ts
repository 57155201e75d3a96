/**
 * docs/contracts.md quotes the size of each run file at 50,000 instances; those figures come from
 * the committed results of the `run` and `html` suites, so this checks each one against them (after
 * regenerating the results, update the table to what this test names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResults, RESULT_FILES } from '../../bench/scale-figures';

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'contracts.md'), 'utf8');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function note(file: string, size: number, key: string): number {
  const row = readResults(file).results.find((r) => r.size === size);
  const value = Number(row?.notes?.[key]);
  if (!Number.isFinite(value)) throw new Error(`${file}: no note "${key}" at ${size}`);
  return value;
}

function tableRow(file: string): string {
  const row = docs.split('\n').find((l) => l.startsWith(`| \`${file}\``));
  if (!row) throw new Error(`docs/contracts.md: no table row for ${file}`);
  return row;
}

describe('docs/contracts.md sizes at 50,000 instances', () => {
  it.each([
    ['findings.json', RESULT_FILES.run, 'bytes findings.json'],
    ['findings.csv', RESULT_FILES.run, 'bytes findings.csv'],
    ['report.html', RESULT_FILES.html, 'reportBytes'],
  ])('%s-size-is-the-committed-bench-figure', (file, results, key) => {
    expect(tableRow(file)).toContain(`| ${mb(note(results, 50000, key))}`);
  });

  it('no-other-size-is-typed-by-hand', () => {
    const table = docs.split('\n').filter((l) => l.startsWith('| `'));
    const figures = table.flatMap((l) => l.match(/[\d.,]+ ?(?:KB|MB|GB|B)\b/g) ?? []);
    expect(figures).toHaveLength(3);
  });
});
