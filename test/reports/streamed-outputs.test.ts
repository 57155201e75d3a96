/**
 * Run files are rendered as chunks and never as one string: each chunk holds at most one finding (or
 * one row), and the chunks joined are exactly the file as the whole-document renderers define it.
 */
import { findingsJsonChunks, renderFindingsJson } from '../../lib/reports/json';
import { findingsCsvChunks } from '../../lib/reports/csv';
import { reportHtmlChunks } from '../../lib/reports/html/report';
import { asffChunks } from '../../lib/exports/asff';
import { ocsfChunks } from '../../lib/exports/ocsf';
import { findingsDoc, manyFindings } from '../support/findings';

const doc = findingsDoc(manyFindings(3000));
const longest = (chunks: Iterable<string>) => Math.max(...[...chunks].filter((c) => !c.includes('<style>')).map((c) => c.length));

describe('streamed run files', () => {
  it('findings-json-is-byte-identical-to-stringifying-the-whole-document', () => {
    const text = renderFindingsJson(doc);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect((JSON.parse(text) as { findings: unknown[] }).findings).toHaveLength(3000);
  });

  it('findings-json-of-no-findings-is-an-empty-array', () => {
    const empty = findingsDoc([]);
    const text = renderFindingsJson(empty);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(text).toContain('"findings": []');
  });

  it.each([
    ['findings.json', () => findingsJsonChunks(doc)],
    ['findings.csv', () => findingsCsvChunks(doc.findings)],
    ['findings.asff.json', () => asffChunks(doc)],
    ['findings.ocsf.json', () => ocsfChunks(doc)],
  ])('%s-has-no-chunk-larger-than-one-finding', (_name, chunks) => {
    // 3,000 findings of a few hundred bytes each: a chunk that holds many would be far above 20 KB.
    expect(longest(chunks())).toBeLessThan(20_000);
  });

  it('report.html-packs-rows-in-blocks-of-bounded-size', () => {
    const blocks = [...reportHtmlChunks(doc, { inlineRows: 100, blockRows: 500 })].filter((c) => c.includes('class="rows"'));
    const listed = doc.findings.filter((f) => f.status !== 'PASS').length;
    expect(blocks).toHaveLength(Math.ceil((listed - 100) / 500));
    // 500 rows of ~1 KB packed: a block holding all the rows would be several times this.
    for (const b of blocks) expect(b.length).toBeLessThan(100_000);
  });

  it('report.html-has-no-chunk-with-more-than-one-finding-row', () => {
    // Sections whose size does not grow with the findings (the control summary of every framework) may be long.
    const rows = [...reportHtmlChunks(doc)].map((c) => (c.match(/<tr class="f"/g) ?? []).length);
    expect(Math.max(...rows)).toBe(1);
    // The first 1,000 as markup; the rest are packed (next case).
    expect(rows.reduce((a, b) => a + b, 0)).toBe(Math.min(1000, doc.findings.filter((f) => f.status !== 'PASS').length));
  });
});
