import { renderConsoleSummary } from '../../lib/reports/console';
import { finding, findingsDoc, gap } from '../support/findings';
import { HOSTILE } from './hostile';

describe('renderConsoleSummary', () => {
  const doc = findingsDoc(
    [
      finding({ severity: 'critical', ruleId: 'ec2-sg-no-public-ssh', resourceId: 'sg-1', title: 'No SSH from the internet' }),
      finding({ severity: 'high', resourceId: 'i-1' }),
      finding({ severity: 'high', resourceId: 'i-2', lifecycle: 'OPEN' }),
      finding({ severity: 'high', resourceId: 'i-3', status: 'PASS' }),
      finding({ severity: 'medium', resourceId: 'i-4', status: 'SUPPRESSED', suppression: { reason: 'r', owner: 'o', expires: '2027-01-01', exception: 0 } }),
    ],
    { accounts: ['111111111111', '222222222222'], regions: ['us-east-1'] },
  );
  const out = renderConsoleSummary(doc, { files: { html: 'out/demo/report.html' } });
  const lines = out.split('\n');

  it('headline-counts-accounts-regions-and-failures', () => {
    expect(lines[0]).toBe('vmaudit run 2026-11-26T12-00-00Z-abc123: 2 accounts, 1 region, 5 findings (3 failing)');
  });

  it('severity-rows-show-fail-new-and-other-statuses', () => {
    const row = (label: string) => lines.find((l) => l.startsWith(`│ ${label}`))!.split('│').slice(1, -1).map((c) => c.trim());
    expect(lines.find((l) => l.includes('Severity'))!.split('│').slice(1, -1).map((c) => c.trim())).toEqual(['Severity', 'FAIL', 'new', 'ERROR', 'UNKNOWN', 'SUPPRESSED', 'PASS', 'N/A']);
    expect(row('CRITICAL')).toEqual(['CRITICAL', '1', '1', '0', '0', '0', '0', '0']);
    expect(row('HIGH')).toEqual(['HIGH', '2', '1', '0', '0', '0', '1', '0']);
    expect(row('MEDIUM')).toEqual(['MEDIUM', '0', '0', '0', '0', '1', '0', '0']);
    expect(row('Total')).toEqual(['Total', '3', '2', '0', '0', '1', '1', '0']);
  });

  it('top-rules-sorted-by-failing-count', () => {
    const top = lines.slice(lines.indexOf('Top failing rules:'));
    const imds = top.findIndex((l) => l.includes('ec2-imdsv2-required'));
    const ssh = top.findIndex((l) => l.includes('ec2-sg-no-public-ssh'));
    expect(imds).toBeGreaterThan(0);
    expect(imds).toBeLessThan(ssh);
    expect(top[imds]).toMatch(/ec2-imdsv2-required +│ HIGH +│ +2 │/);
  });

  it('complete-coverage-and-files-are-listed', () => {
    expect(out).toContain('Coverage: complete (every API call succeeded).');
    expect(out).toContain('  html     out/demo/report.html');
  });

  it('coverage-gaps-are-listed-and-capped', () => {
    const gaps = Array.from({ length: 12 }, (_, i) => gap({ accountId: String(100000000000 + i) }));
    const text = renderConsoleSummary(findingsDoc([finding()], { coverageGaps: gaps }));
    expect(text).toContain('COVERAGE GAPS: 12 API calls failed. Resources there are not compliant or unknown, not "compliant".');
    expect(text).toContain('  100000000009/eu-west-1 ec2:DescribeInstances AccessDenied');
    expect(text).not.toContain('100000000010/');
    expect(text).toContain('... and 2 more (see report.html)');
  });

  it('hostile-strings-cannot-send-terminal-escapes-or-break-lines', () => {
    const text = renderConsoleSummary(
      findingsDoc([finding({ ruleId: HOSTILE.ansi, title: HOSTILE.newline })], { id: HOSTILE.ansi, coverageGaps: [gap({ message: HOSTILE.newline + HOSTILE.ansi, accountId: HOSTILE.long })] }),
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(text).not.toMatch(/^Subject: injected/m);
    expect(text).not.toContain('L'.repeat(41));
  });

  it('same-document-renders-identical-text', () => {
    expect(renderConsoleSummary(doc)).toBe(renderConsoleSummary(doc));
  });
});
