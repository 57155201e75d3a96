import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildComplianceReport, complianceScore, type ComplianceReport, type HistoryRun } from '../../lib/compliance/model';
import { periodContaining } from '../../lib/compliance/period';
import { renderComplianceHtml } from '../../lib/compliance/render-html';
import { renderComplianceCsv, renderComplianceJson } from '../../lib/compliance/render-data';
import { renderDigest } from '../../lib/compliance/digest';
import { trendSvg } from '../../lib/compliance/trend-svg';
import { publishReport } from '../../lib/pipeline/publish-report';
import { loadHistory } from '../../lib/storage/history';
import { LocalRunStore } from '../../lib/storage/local-store';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc, manyFindings } from '../support/findings';
import { fixedHistory } from './fixture';

const NOW = new Date('2026-11-30T01:00:00.000Z');
const W48 = periodContaining('weekly', new Date('2026-11-26T00:00:00Z'));

/** The report as JSON without the registry's lists of controls that have no findings (test/frameworks pins those). */
function normalise(r: ComplianceReport): unknown {
  const frameworks = r.frameworks.map(({ notEvaluated: _e, notEvidenced: _n, ...f }) => f);
  return JSON.parse(renderComplianceJson({ ...r, frameworks, generatedAt: '<generatedAt>' } as unknown as ComplianceReport));
}

function run(findings: Finding[], day = '2026-11-26', extra: Partial<HistoryRun> = {}): HistoryRun {
  const startedAt = `${day}T06:00:00.000Z`;
  return { runId: `run-${day}`, createdAt: `${day}T06:00:30.000Z`, startedAt, document: findingsDoc(findings, { id: `run-${day}`, startedAt, finishedAt: `${day}T06:00:30.000Z` }), ...extra };
}

describe('compliance score', () => {
  it.each([
    ['three-of-four-pass', { pass: 3, fail: 1 }, 0.75],
    ['nothing-evaluated-has-no-score', { pass: 0, fail: 0 }, null],
    ['all-fail-is-zero', { pass: 0, fail: 5 }, 0],
    ['rounded-to-four-decimals', { pass: 2, fail: 1 }, 0.6667],
  ])('%s', (_n, c, score) => {
    expect(complianceScore(c)).toBe(score);
  });

  it('unknown-never-counts-as-pass-and-suppressed-does-not-fail-a-control', () => {
    const r = buildComplianceReport(
      [run([finding({ resourceId: 'i-1', status: 'PASS' }), finding({ resourceId: 'i-2', status: 'UNKNOWN' }), finding({ resourceId: 'i-3', status: 'SUPPRESSED' }), finding({ resourceId: 'i-4', status: 'ERROR' })])],
      W48,
      NOW,
    );
    const fsbp = r.frameworks.find((f) => f.framework === 'fsbp')!;
    // The one control could not be judged everywhere: unknown, so not passing.
    expect(fsbp.controlRows[0].verdict).toBe('UNKNOWN');
    expect(fsbp.score).toBe(0);
    expect(fsbp.resourcePassRate).toBe(1);
    expect(fsbp.counts).toEqual({ pass: 1, fail: 0, unknown: 2, suppressed: 1, notApplicable: 0 });
    const suppressedOnly = buildComplianceReport([run([finding({ resourceId: 'i-1', status: 'PASS' }), finding({ resourceId: 'i-3', status: 'SUPPRESSED' })])], W48, NOW);
    expect(suppressedOnly.frameworks[0].score).toBe(1);
  });

  it('a-control-with-any-failing-resource-fails-and-the-score-counts-controls', () => {
    // 99 of 100 instances pass EC2.8, every volume passes EC2.3: one control of two fails, 50 %, not 99.5 %.
    const imds = Array.from({ length: 100 }, (_, i) => finding({ resourceId: `i-${i}`, status: i === 0 ? 'FAIL' : 'PASS', frameworks: { fsbp: ['EC2.8'], 'cis-3.0': [] } }));
    const volumes = [finding({ ruleId: 'ec2-volume-encrypted', resourceId: 'vol-1', status: 'PASS', frameworks: { fsbp: ['EC2.3'], 'cis-3.0': [] } })];
    const fsbp = buildComplianceReport([run([...imds, ...volumes])], W48, NOW).frameworks.find((f) => f.framework === 'fsbp')!;
    expect(fsbp.controls).toMatchObject({ passed: 1, failed: 1, unknown: 0 });
    expect(fsbp.score).toBe(0.5);
    expect(fsbp.resourcePassRate).toBe(0.9901);
  });

  it('every-control-failing-is-zero-percent', () => {
    const all = ['EC2.2', 'EC2.3', 'EC2.8'].flatMap((c, i) => [finding({ resourceId: `i-${i}a`, status: 'PASS', frameworks: { fsbp: [c], 'cis-3.0': [] } }), finding({ resourceId: `i-${i}b`, frameworks: { fsbp: [c], 'cis-3.0': [] } })]);
    expect(buildComplianceReport([run(all)], W48, NOW).frameworks.find((f) => f.framework === 'fsbp')!.score).toBe(0);
  });

  it('no-judged-control-gives-no-score-not-100-percent', () => {
    const r = buildComplianceReport([run([finding({ status: 'NOT_APPLICABLE' })])], W48, NOW);
    expect(r.frameworks[0].score).toBeNull();
  });
});

describe('periodic report model', () => {
  it('period-without-a-run-says-so', () => {
    const r = buildComplianceReport([run([finding()], '2026-11-10')], W48, NOW);
    expect(r.run).toBeNull();
    expect(r.notes[0]).toMatch(/No run finished in this period/);
    expect(renderDigest(r).subject).toBe('[vmaudit] weekly report 2026-W48: NO RUN IN THIS PERIOD');
  });

  it('figures-come-from-the-last-run-of-the-period', () => {
    const r = buildComplianceReport([run([finding({ status: 'PASS' })], '2026-11-29'), run([finding()], '2026-11-24')], W48, NOW);
    expect(r.run?.id).toBe('run-2026-11-29');
    expect(r.runsInPeriod).toBe(2);
  });

  it('trend-has-a-point-per-period-and-null-where-no-run', () => {
    const r = buildComplianceReport([run([finding()], '2026-11-26'), run([finding({ status: 'PASS' })], '2026-11-10')], W48, NOW, { trendPeriods: 3 });
    expect(r.trend.map((t) => [t.label, t.scores.fsbp])).toEqual([
      ['2026-W46', 1],
      ['2026-W47', null],
      ['2026-W48', 0],
    ]);
  });

  it('without-lifecycle-state-new-and-resolved-come-from-a-diff-and-it-says-so', () => {
    const r = buildComplianceReport([run([finding({ resourceId: 'i-old' })], '2026-11-17'), run([finding({ resourceId: 'i-new' })], '2026-11-26')], W48, NOW);
    expect(r.newFindings.items.map((f) => f.resourceId)).toEqual(['i-new']);
    expect(r.resolvedFindings.items.map((f) => f.resourceId)).toEqual(['i-old']);
    expect(r.notes.join(' ')).toMatch(/no lifecycle state was recorded/);
  });
});

describe('periodic report of a fixed history', () => {
  let report: ComplianceReport;
  let dir: string;
  beforeAll(async () => {
    const h = await fixedHistory();
    dir = h.dir;
    const loaded = await loadHistory(h.store, W48, 4);
    report = buildComplianceReport(loaded.runs, W48, NOW, { trendPeriods: 4, runsInPeriod: loaded.runsInPeriod, loaderNotes: loaded.notes });
  });

  it('matches-the-snapshot', () => {
    expect(normalise(report)).toMatchSnapshot();
  });

  it('lists-controls-vmaudit-cannot-evidence-apart-and-never-as-passed', () => {
    const fsbp = report.frameworks.find((f) => f.framework === 'fsbp')!;
    const vpn = fsbp.notEvidenced.find((c) => c.control === 'EC2.20');
    expect(vpn?.rules).toEqual([]);
    expect(fsbp.controlRows.map((c) => c.control)).not.toContain('EC2.20');
    expect(fsbp.controls.passed).toBe(fsbp.controlRows.filter((c) => c.verdict === 'PASS').length);
  });

  it('counts-both-runs-of-the-week-and-reports-the-last', () => {
    expect(report.runsInPeriod).toBe(2);
    expect(report.run?.id).toBe('run-2026-11-26');
  });

  it('lists-the-reopened-ssh-finding-as-new-and-nothing-resolved-this-week', () => {
    expect(report.newFindings.items.map((f) => [f.resourceId, f.reopened])).toEqual([['sg-1', 1]]);
    expect(report.resolvedFindings.total).toBe(0);
  });

  it('shows-the-exception-expiring-soon-with-owner-and-reason', () => {
    expect(report.exceptions).toEqual([expect.objectContaining({ state: 'active', owner: 'platform-team', reason: 'vendor appliance, ticket SEC-7', daysLeft: 5, expiringSoon: true, matched: 1 })]);
  });

  it('reports-the-coverage-gap-and-the-unknown-result', () => {
    expect(report.coverageGaps).toHaveLength(1);
    expect(report.byAccountRegion.find((s) => s.region === 'eu-west-1')).toMatchObject({ unknown: 1, score: null });
  });

  it('digest-repeats-open-findings-at-digest-severity', () => {
    const d = renderDigest(report, { reportUrl: 'https://reports.example/weekly/2026-11-23/report.html' });
    expect(d.subject).toBe('[vmaudit] weekly report 2026-W48: FSBP 0.0%, CIS 3.0 0.0%, 2 open >= MEDIUM');
    expect(d.body).toContain('sg-1');
    expect(d.body).toContain('i-1');
    expect(d.body).toMatch(/Exceptions expired or expiring within 14 days/);
    expect(d.body).toContain('https://reports.example/weekly/2026-11-23/report.html');
    expect(d.attributes.kind.StringValue).toBe('digest');
    expect(dir).toBeTruthy();
  });
});

describe('renderers', () => {
  const hostile = finding({
    resourceId: '<img src=x onerror=alert(1)>',
    accountId: '111111111111',
    title: '=cmd|" /C calc"!A0',
    ruleId: '<script>',
    message: 'x'.repeat(10_000),
    region: 'us-east-1"><svg onload=alert(1)>',
  });
  const r = buildComplianceReport([run([hostile, finding({ resourceId: 'i-2', status: 'PASS' })])], W48, NOW);

  it('html-is-self-contained-and-escapes-estate-strings', () => {
    const html = renderComplianceHtml(r);
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<svg onload');
    expect(html).toMatch(/<svg class="trend"/);
  });

  it('svg-labels-are-escaped-and-gaps-break-the-line', () => {
    const svg = trendSvg([
      { label: '<b>', start: '', runId: null, scores: { fsbp: 0.5, 'cis-3.0': null }, failing: 1 },
      { label: 'w2', start: '', runId: null, scores: { fsbp: null, 'cis-3.0': null }, failing: null },
      { label: 'w3', start: '', runId: null, scores: { fsbp: 0.9, 'cis-3.0': 1 }, failing: 0 },
    ]);
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
    expect((svg.match(/<path d="M[^"]*"/g) ?? []).map((p) => (p.match(/M/g) ?? []).length)).toEqual([2, 1]);
  });

  it('csv-neutralises-formulas-and-has-a-row-per-control-and-scope', () => {
    const withFormula = buildComplianceReport([run([finding({ region: '=HYPERLINK("http://evil")' })])], W48, NOW);
    expect(renderComplianceCsv(withFormula, { bom: false })).toContain('"\'=HYPERLINK(""http://evil"")"');
    const csv = renderComplianceCsv(r, { bom: false });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('"period","section","framework","control","title","accountId","region","verdict","score","pass","fail","unknown","suppressed","notApplicable","rules"');
    const controlRows = lines.filter((l) => l.split(',')[1] === '"control"');
    expect(controlRows).toHaveLength(2);
    expect(controlRows[0]).toContain('"EC2.8","EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)"');
    expect(lines.some((l) => l.includes('"account-region"'))).toBe(true);
  });

  it('unicode-estate-strings-survive-in-html-and-csv-and-stay-out-of-the-subject', () => {
    const u = buildComplianceReport([run([finding({ resourceId: 'i-ünïcødé-🚀-東京', region: 'ap-northeast-1' })])], W48, NOW);
    expect(renderComplianceHtml(u)).toContain('i-ünïcødé-🚀-東京');
    expect(renderComplianceCsv(u)).toContain('"ap-northeast-1"');
    expect(renderDigest(u).body).toContain('i-ünïcødé-🚀-東京');
    expect(renderDigest(u).subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('digest-subject-has-no-line-break-and-stays-under-100-characters', () => {
    const d = renderDigest(r);
    expect(d.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(d.body).not.toContain('http://');
  });

  it('hundred-thousand-findings-render-within-size-bounds', () => {
    const many = manyFindings(100_000).map((f, i) => (i % 2 ? { ...f, status: 'FAIL' as const } : f));
    const big = buildComplianceReport([run(many)], W48, NOW);
    const html = renderComplianceHtml(big);
    expect(html.length).toBeLessThan(2_000_000);
    expect(html).toMatch(/and [\d,]+ more/);
    expect(renderComplianceJson(big).length).toBeLessThan(2_000_000);
    const d = renderDigest(big);
    expect(Buffer.byteLength(d.body)).toBeLessThan(256 * 1024);
    expect(d.body).toMatch(/and [\d,]+ more open/);
  });
});

describe('publishReport', () => {
  it('writes-the-four-files-under-reports-period-date-and-sends-the-digest-once', async () => {
    const { dir, store } = await fixedHistory();
    const sent: string[] = [];
    const deliver = async (d: { subject: string }) => {
      sent.push(d.subject);
    };
    const a = await publishReport({ store, period: 'weekly', now: NOW, deliver });
    expect(a.written).toEqual(['reports/weekly/2026-11-23/report.html', 'reports/weekly/2026-11-23/report.json', 'reports/weekly/2026-11-23/report.csv', 'reports/weekly/2026-11-23/digest.txt']);
    expect(readFileSync(join(dir, 'reports/weekly/2026-11-23/digest.txt'), 'utf8')).toMatch(/^\[vmaudit\] weekly report 2026-W48/);
    const b = await publishReport({ store, period: 'weekly', now: NOW, deliver });
    expect([a.digestStatus, b.digestStatus]).toEqual(['sent', 'already-sent']);
    expect(sent).toHaveLength(1);
  });

  it('writes-into-an-output-folder-when-asked', async () => {
    const { store } = await fixedHistory();
    const out = new LocalRunStore(mkdtempSync(join(tmpdir(), 'vmaudit-out-')));
    const r = await publishReport({ store, period: 'daily', now: NOW, date: new Date('2026-11-24T00:00:00Z'), out });
    expect(r.written).toEqual(['report.html', 'report.json', 'report.csv', 'digest.txt']);
    expect(r.report.period.label).toBe('2026-11-24');
    expect(JSON.parse((await out.read('report.json'))!.toString()).run.id).toBe('run-2026-11-24');
  });
});
