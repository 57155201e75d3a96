import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { renderReportHtml } from '../../lib/reports/html/report';
import { escapeHtml, anchorId } from '../../lib/reports/html/escape';
import { findingsFilterHref } from '../../lib/reports/html/sections/links';
import { SEVERITIES } from '../../lib/model/severity';
import { finding, findingsDoc, gap, manyFindings } from '../support/findings';
import { HOSTILE, hostileDoc } from './hostile';

type PackedRow = [string, string, string, string, string, string, string, string];
/** The rows in the report's data blocks, unpacked as the report's script does (base64, gunzip, JSON). */
function unpackRows(html: string): PackedRow[] {
  return [...html.matchAll(/<script type="application\/x-vmaudit-rows\+gzip" class="rows" data-n="(\d+)">([^<]*)<\/script>/g)].flatMap((m) => {
    const rows = JSON.parse(gunzipSync(Buffer.from(m[2], 'base64')).toString('utf8')) as PackedRow[];
    expect(rows).toHaveLength(Number(m[1]));
    return rows;
  });
}

function between(html: string, open: string, close: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const a = html.indexOf(open, i);
    if (a < 0) return out;
    const b = html.indexOf(close, a + open.length);
    out.push(html.slice(a + open.length, b));
    i = b + close.length;
  }
}

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('escapeHtml', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['"><script>', '&quot;&gt;&lt;script&gt;'],
    ["it's & co", 'it&#39;s &amp; co'],
    ['a\u202Eb', 'a\uFFFDb'],
    ['bell\u0007', 'bell\uFFFD'],
    [undefined, ''],
    [42, '42'],
  ])('%p-becomes-%p', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('renderReportHtml', () => {
  describe('with hostile estate strings', () => {
    const html = renderReportHtml(hostileDoc());

    it('has-no-markup-from-the-estate', () => {
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<svg/i);
      expect(html).not.toContain('window.__xss=1</script>');
      expect(between(html, '<script>', '</script>')).toHaveLength(2);
      expect((html.match(/<script/gi) ?? []).length).toBe(2);
    });

    it('keeps-hostile-text-visible-escaped', () => {
      expect(html).toContain(escapeHtml(HOSTILE.imgTag));
      expect(html).toContain(escapeHtml(HOSTILE.breakOut));
    });

    it('has-no-bidi-override-or-control-characters', () => {
      expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
    });

    it('attribute-values-never-contain-a-raw-quote-or-angle-bracket', () => {
      // Every attribute is double-quoted; a value may not close it or open a tag.
      for (const m of html.matchAll(/ [a-z-]+="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
    });

    it('shows-suppression-reason-owner-and-expiry', () => {
      expect(html).toContain(`Suppressed</dt><dd>${escapeHtml(HOSTILE.imgTag)} <span class="muted">(owner ${escapeHtml(HOSTILE.breakOut)}, until ${escapeHtml(HOSTILE.hyperlink)})`);
    });

    it('cuts-10000-character-values-to-at-most-4000', () => {
      expect(html).toContain('L'.repeat(60));
      expect(html).not.toContain('L'.repeat(4001));
      for (const summary of between(html, '<summary>', '</summary>')) expect(summary.length).toBeLessThan(600 * 6);
      for (const cell of between(html, '<td>', '</td>').filter((c) => !c.startsWith('<details>'))) expect(cell.replace(/<[^>]+>/g, '').length).toBeLessThan(400);
    });

    it('cuts-evidence-at-4000-characters-and-says-so', () => {
      for (const pre of between(html, '<pre class="ev">', '</pre>')) expect(pre.length).toBeLessThan(4000 * 6 + 200);
      expect(html).toContain('(cut at 4,000 characters; the full evidence is in findings.json)');
    });
  });

  describe('self-contained under a strict content security policy', () => {
    const html = renderReportHtml(findingsDoc(manyFindings(50)));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");

    it('csp-allows-exactly-the-inline-style-and-scripts-by-hash', () => {
      const [style] = between(html, '<style>', '</style>');
      const scripts = between(html, '<script>', '</script>');
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`style-src ${sha(style)}`);
      expect(csp).toContain(`script-src ${scripts.map(sha).join(' ')}`);
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("form-action 'none'");
      expect(csp).not.toContain('unsafe');
    });

    it('loads-nothing-from-outside-the-file', () => {
      expect(html).not.toMatch(/\ssrc=/i);
      expect(html).not.toMatch(/href="(https?:)?\/\//i);
      expect(html).not.toMatch(/url\(|@import/i);
      expect(html).not.toMatch(/<link\b/i);
    });

    it('uses-no-inline-style-attribute-the-csp-would-block', () => {
      expect(html).not.toMatch(/\sstyle=/i);
    });

    it('has-print-css-and-labelled-controls', () => {
      expect(html).toContain('@media print');
      const form = between(html, '<form id="filters"', '</form>')[0];
      const selects = form.match(/<select/g)!.length;
      const labelled = form.match(/<label>[A-Z][a-z ]+<select/g)!.length;
      expect(labelled).toBe(selects);
      expect(form).toMatch(/<label>Search<input type="search"/);
      expect(html).toMatch(/<th scope="col">Severity<\/th>/);
    });
  });

  it('same-document-renders-byte-identical-twice', () => {
    const doc = findingsDoc(manyFindings(100));
    expect(renderReportHtml(doc)).toBe(renderReportHtml(doc));
  });

  describe('coverage', () => {
    it('gaps-show-a-prominent-not-compliant-or-unknown-banner', () => {
      const html = renderReportHtml(findingsDoc([finding()], { coverageGaps: [gap(), gap({ accountId: '222222222222' })] }));
      const header = between(html, '<header id="top">', '</header>')[0];
      expect(header).toContain('role="alert"');
      expect(header).toContain('Coverage gaps: this audit is incomplete');
      expect(header).toContain('not compliant or unknown, not &#39;compliant&#39;');
      expect(header).toContain('2 API calls failed in 2 account/region targets');
      expect(html).toContain('<td>DescribeInstances</td>');
    });

    it('capped-event-window-counts-as-incomplete', () => {
      const html = renderReportHtml(
        findingsDoc([finding()], { eventWindows: [{ accountId: '111111111111', region: 'us-east-1', from: '2026-11-26T11:00:00.000Z', to: '2026-11-26T12:00:00.000Z', eventCount: 5000, capped: true, unparsed: 0, unparsedErrors: [] }] }),
      );
      expect(html).toContain('Coverage gaps: this audit is incomplete');
      expect(html).toContain('CloudTrail event windows not read in full');
    });

    it('no-gaps-says-coverage-complete', () => {
      const html = renderReportHtml(findingsDoc([finding()]));
      expect(html).toContain('Coverage complete');
      expect(html).not.toContain('not compliant or unknown');
    });
  });

  describe('summaries', () => {
    const findings = [
      finding({ severity: 'critical', resourceId: 'i-1' }),
      finding({ severity: 'critical', resourceId: 'i-2', lifecycle: 'OPEN' }),
      finding({ severity: 'high', resourceId: 'i-3' }),
      finding({ severity: 'high', resourceId: 'i-4', status: 'PASS' }),
      finding({ severity: 'low', resourceId: 'i-5', status: 'SUPPRESSED', suppression: { reason: 'r', owner: 'o', expires: '2027-01-01', exception: 0 } }),
      finding({ ruleId: 'sg-a', resourceId: 'sg-1', frameworks: { fsbp: ['EC2.10'], 'cis-3.0': ['5.10'] } }),
      finding({ ruleId: 'sg-b', resourceId: 'sg-2', status: 'PASS', frameworks: { fsbp: ['EC2.2'], 'cis-3.0': ['5.2'] } }),
    ];
    const html = renderReportHtml(findingsDoc(findings));

    it('severity-cards-show-failing-counts-with-labels', () => {
      const cards = [...html.matchAll(/<a class="card c-(\w+)[^"]*"[^>]*><span class="l">(\w+)<\/span><span class="n">([\d,]+)<\/span>/g)].map((m) => [m[1], m[2], m[3]]);
      expect(cards).toEqual([
        ['critical', 'CRITICAL', '2'],
        ['high', 'HIGH', '2'],
        ['medium', 'MEDIUM', '0'],
        ['low', 'LOW', '0'],
        ['info', 'INFO', '0'],
      ]);
      expect(cards.map((c) => c[0])).toEqual([...SEVERITIES]);
    });

    it('severity-table-counts-new-and-suppressed', () => {
      const row = (sev: string) => between(html, `<span class="sev sev-${sev}">${sev.toUpperCase()}</span></th>`, '</tr>')[0].match(/>(\d+)</g)!.map((x) => Number(x.slice(1, -1)));
      expect(row('critical')).toEqual([2, 1, 0, 0, 0, 0, 0]);
      expect(row('high')).toEqual([2, 2, 0, 0, 0, 2, 0]);
      expect(row('low')).toEqual([0, 0, 1, 0, 0, 0, 0]);
    });

    it('control-table-sorts-ec2-2-before-ec2-10-and-counts', () => {
      const controls = between(html, '<section id="controls"', '</section>')[0];
      const ids = [...controls.matchAll(/<tr><th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
      expect(ids).toEqual(['EC2.2', 'EC2.8', 'EC2.10', '5.2', '5.6', '5.10']);
      const ec28 = between(controls, '<th scope="row">EC2.8</th>', '</tr>')[0];
      expect(ec28).toContain('v-FAIL');
      expect(ec28.match(/class="num[^"]*">(\d+)</g)!.map((x) => Number(x.replace(/\D/g, '')))).toEqual([3, 0, 1, 1]);
    });

    it('each-finding-is-one-filterable-row-with-its-data', () => {
      const rows = html.match(/<tr class="f" id="finding-[0-9a-z-]+" data-sev="\w+" data-st="\w+" data-lc="\w+">/g)!;
      const listed = findings.filter((f) => f.status !== 'PASS');
      expect(rows).toHaveLength(listed.length);
      expect(html).not.toMatch(/data-st="PASS"/);
      expect(html).toMatch(/<tr class="f" id="finding-[0-9a-z-]+" data-sev="low" data-st="SUPPRESSED" data-lc="NEW">/);
      // Each row is the target of #finding-<id> links (zone matrix, exposure list).
      for (const f of listed) expect(html).toContain(`id="${anchorId('finding', f.id)}"`);
      expect(html).toContain('<span class="rt">until 2027-01-01</span>');
    });

    it('rules-section-carries-remediation-once-per-rule', () => {
      const rules = between(html, '<section id="rules"', '</section>')[0];
      expect(rules.match(/class="wrap r-fix"/g)).toHaveLength(3);
      expect(rules).toContain(`id="${anchorId('rule', 'ec2-imdsv2-required')}"`);
      // Three rules share the builder's remediation text: it appears once per rule, not once per finding.
      expect(html.match(/modify-instance-metadata-options/g)).toHaveLength(3);
    });
  });

  describe('extra sections', () => {
    const doc = findingsDoc([finding()]);
    const zones = { id: 'zones', title: 'Zone isolation', html: '<p>matrix</p>', css: '.zm{color:red}' };

    it('go-before-the-findings-table-by-default', () => {
      const html = renderReportHtml(doc, { extraSections: [zones] });
      expect(html.indexOf('id="zones"')).toBeGreaterThan(html.indexOf('id="controls"'));
      expect(html.indexOf('id="zones"')).toBeLessThan(html.indexOf('<section id="findings"'));
      expect(html).toContain('<a href="#zones">Zone isolation</a>');
    });

    it('go-after-the-section-they-name', () => {
      const html = renderReportHtml(doc, { extraSections: [{ ...zones, after: 'severity' }] });
      expect(html.indexOf('id="zones"')).toBeGreaterThan(html.indexOf('id="severity"'));
      expect(html.indexOf('id="zones"')).toBeLessThan(html.indexOf('id="controls"'));
    });

    it('add-their-css-under-the-csp-hash', () => {
      const html = renderReportHtml(doc, { extraSections: [zones] });
      const [style] = between(html, '<style>', '</style>');
      expect(style).toContain('.zm{color:red}');
      expect(html).toContain(sha(style).replace(/'/g, '&#39;'));
    });

    it.each([
      ['bad-id-is-rejected', [{ ...zones, id: 'Zones!' }], /must match/],
      ['duplicate-id-is-rejected', [zones, zones], /used twice/],
      ['clash-with-built-in-is-rejected', [{ ...zones, id: 'findings' }], /used twice/],
      ['unknown-after-is-rejected', [{ ...zones, after: 'nope' }], /not in the report/],
      ['closing-style-tag-in-css-is-rejected', [{ ...zones, css: '</style><script>x</script>' }], /closing/],
    ])('%s', (_name, extraSections, error) => {
      expect(() => renderReportHtml(doc, { extraSections })).toThrow(error);
    });
  });

  it('filter-links-encode-their-values', () => {
    expect(findingsFilterHref({ rule: 'net-zone-isolation', q: 'prod → dev&x' })).toBe('#findings?q=prod%20%E2%86%92%20dev%26x&rule=net-zone-isolation');
    expect(findingsFilterHref({})).toBe('#findings');
  });

  it('empty-document-renders-a-readable-page', () => {
    const html = renderReportHtml(findingsDoc([]));
    expect(html).toContain('No findings: no enabled rule produced a result');
    expect(html).toContain('No finding maps to a control of this framework.');
  });

  it('100000-findings-render-1000-rows-and-pack-the-rest-in-a-bounded-size', () => {
    const doc = findingsDoc(manyFindings(100_000));
    const listed = doc.findings.filter((f) => f.status !== 'PASS');
    const html = renderReportHtml(doc);
    expect(html.match(/<tr class="f"/g)).toHaveLength(1000);
    const packed = unpackRows(html);
    expect(packed).toHaveLength(listed.length - 1000);
    // Inline rows then packed rows: every listed finding once, in report order.
    const inlineIds = [...html.matchAll(/<tr class="f" id="([^"]+)"/g)].map((m) => m[1]);
    expect([...inlineIds, ...packed.map((r) => r[0])]).toEqual(listed.map((f) => anchorId('finding', f.id)));
    // Each packed row is the markup an inline row would be, with its filter fields beside it.
    const last = listed[listed.length - 1];
    const [, sev, st, , rule, acct, reg, markup] = packed[packed.length - 1];
    expect([sev, st, rule, acct, reg]).toEqual([last.severity, last.status, last.ruleId, last.accountId, last.region]);
    expect(markup).toMatch(new RegExp(`^<tr class="f" id="${anchorId('finding', last.id)}" data-sev="${last.severity}"`));
    expect(markup).toContain(escapeHtml(last.message));
    // About 1.3 KB of markup per row, packed ~10×; PASS results are one count per rule, account and region.
    expect(Buffer.byteLength(html)).toBeLessThan(listed.length * 250);
  });

  it('rows-the-page-does-not-list-inline-are-named-in-the-note', () => {
    const doc = findingsDoc(manyFindings(3000).filter((f) => f.status !== 'PASS'));
    const html = renderReportHtml(doc, { inlineRows: 100, blockRows: 500 });
    expect(html.match(/<tr class="f"/g)).toHaveLength(100);
    expect(html.match(/<script type="application\/x-vmaudit-rows\+gzip" class="rows" data-n="\d+">/g)).toHaveLength(Math.ceil((doc.findings.length - 100) / 500));
    expect(html).toContain(`The first 100 of the ${doc.findings.length.toLocaleString('en-US')} findings that did not pass are listed below (with JavaScript on, all of them; findings.csv lists them too)`);
    expect(unpackRows(html)).toHaveLength(doc.findings.length - 100);
  });

  it('pass-results-are-counted-per-rule-account-and-region', () => {
    const fs = [
      finding({ resourceId: 'i-1', status: 'PASS' }),
      finding({ resourceId: 'i-2', status: 'PASS' }),
      finding({ resourceId: 'i-3', status: 'PASS', region: 'eu-west-1' }),
      finding({ resourceId: 'i-4' }),
    ];
    const html = renderReportHtml(findingsDoc(fs));
    const passes = between(html, '<section id="passes"', '</section>')[0];
    expect(passes).toContain('3 results passed');
    // Sorted by rule, account, region: eu-west-1 before us-east-1 (the builder's default).
    expect(passes.match(/<td class="num">\d+<\/td>/g)).toEqual(['<td class="num">1</td>', '<td class="num">2</td>']);
    expect(html.match(/<tr class="f"/g)).toHaveLength(1);
  });
});
