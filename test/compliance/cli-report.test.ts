import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../lib/cli/report';
import { UsageError } from '../../lib/errors';
import { fixedHistory } from './fixture';

const NOW = new Date('2026-11-30T01:00:00.000Z');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), now: () => NOW } };
}

describe('vmaudit report', () => {
  it('weekly-report-from-a-local-history-goes-under-reports', async () => {
    const { dir } = await fixedHistory();
    const t = io();
    await runReport({ period: 'weekly', history: dir, date: '2026-11-26', printDigest: true }, t.io);
    const text = t.out.join('');
    expect(text).toContain('Weekly report 2026-W48');
    // Every FSBP control of the last run has a failing resource: 0 % of controls, however many resources pass.
    expect(text).toContain('AWS Foundational Security Best Practices v1.0.0: 0.0 % of controls passing (0 of 3; 2 failing, 1 unknown)');
    expect(text).toContain('[vmaudit] weekly report 2026-W48');
    for (const f of ['report.html', 'report.json', 'report.csv', 'digest.txt']) expect(existsSync(join(dir, 'reports/weekly/2026-11-23', f))).toBe(true);
  });

  it('date-and-out-pick-the-period-and-the-folder', async () => {
    const { dir } = await fixedHistory();
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-rep-'));
    const t = io();
    await runReport({ period: 'monthly', history: dir, date: '2026-11-02', out }, t.io);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(t.out.join('')).toContain('Monthly report 2026-11');
  });

  it('period-without-runs-still-reports-and-warns', async () => {
    const { dir } = await fixedHistory();
    const t = io();
    const r = await runReport({ period: 'daily', history: dir, date: '2026-11-01' }, t.io);
    expect(r.report.run).toBeNull();
    expect(t.err.join('')).toMatch(/no run in 2026-11-01/);
  });

  it('a-corrupted-run-is-named-and-never-read-as-no-run-or-all-clear', async () => {
    const { dir } = await fixedHistory();
    const day = join(dir, 'runs/2026/11/26');
    const [run] = readdirSync(day);
    writeFileSync(join(day, run, 'findings.json'), '{"run":');
    const t = io();
    const r = await runReport({ period: 'daily', history: dir, date: '2026-11-26' }, t.io);
    const text = t.out.join('');
    expect(r.report.run).toBeNull();
    expect(text).toContain('NO READABLE RUN: 1 run(s) in the period, the last could not be read');
    expect(text).toContain(`note: runs/2026/11/26/${run}/findings.json is not valid JSON`);
    expect(text).toContain('new, resolved and failing findings: unknown (no readable run)');
    expect(text).not.toMatch(/nothing was audited|failing at the end 0/);
    expect(t.err.join('')).toMatch(/could not be read \(the notes name the file\)/);
  });

  it.each([
    ['unknown-period', { period: 'yearly', history: '.' }, /^UsageError: --period "yearly" is not a report period: use one of daily, weekly, monthly\./],
    ['missing-history', { period: 'weekly' }, /--history is required/],
    ['bad-date', { period: 'weekly', history: '.', date: '2026-02-30' }, /^UsageError: --date "2026-02-30" is not a real day: use ISO 8601/],
    ['future-date', { period: 'weekly', history: '.', date: '2027-01-01' }, /in the future/],
    ['bad-trend', { period: 'weekly', history: '.', trend: '0' }, /^UsageError: --trend "0" must be a whole number from 1 to 120\./],
    ['bad-severity', { period: 'weekly', history: '.', digestSeverity: 'urgent' }, /--digest-severity/],
  ])('%s-is-a-usage-error', async (_n, opts, message) => {
    const p = runReport(opts, io().io);
    await expect(p).rejects.toBeInstanceOf(UsageError);
    await expect(runReport(opts, io().io)).rejects.toThrow(message);
  });
});
