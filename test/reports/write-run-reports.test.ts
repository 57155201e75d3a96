import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRunReports } from '../../lib/reports/write-run-reports';
import { renderFindingsJson } from '../../lib/reports/json';
import { renderFindingsCsv } from '../../lib/reports/csv';
import { renderReportHtml } from '../../lib/reports/html/report';
import { alertText, renderAlert } from '../../lib/reports/alert';
import { findingsDoc, manyFindings } from '../support/findings';

describe('writeRunReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vmaudit-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes-the-four-files-into-a-new-folder-and-returns-their-paths', async () => {
    const doc = findingsDoc(manyFindings(30));
    const out = join(dir, 'runs', 'r1');
    const { paths, alert } = await writeRunReports(out, doc, { alert: { minSeverity: 'medium', reportUrl: 'https://x.example/r.html' } });
    expect(paths).toEqual({ json: join(out, 'findings.json'), csv: join(out, 'findings.csv'), html: join(out, 'report.html'), alert: join(out, 'alert.txt') });
    expect((await readdir(out)).sort()).toEqual(['alert.txt', 'findings.csv', 'findings.json', 'report.html']);
    expect(await readFile(paths.json, 'utf8')).toBe(renderFindingsJson(doc));
    expect(await readFile(paths.csv, 'utf8')).toBe(renderFindingsCsv(doc.findings));
    expect(await readFile(paths.html, 'utf8')).toBe(renderReportHtml(doc));
    const expected = renderAlert(doc, { minSeverity: 'medium', reportUrl: 'https://x.example/r.html' });
    expect(await readFile(paths.alert, 'utf8')).toBe(alertText(expected));
    expect(alert.subject).toBe(expected.subject);
  });

  it('overwrites-a-previous-run-in-the-same-folder-without-leftovers', async () => {
    await writeRunReports(dir, findingsDoc(manyFindings(5)));
    const second = findingsDoc(manyFindings(7, 2));
    const { paths } = await writeRunReports(dir, second);
    expect(await readFile(paths.json, 'utf8')).toBe(renderFindingsJson(second));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
