import { renderFindingsJson } from '../../lib/reports/json';
import { compareFindings } from '../../lib/findings/finding';
import { finding, findingsDoc, gap, manyFindings } from '../support/findings';

function shuffled<T>(xs: readonly T[], seed = 7): T[] {
  const out = [...xs];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('renderFindingsJson', () => {
  const findings = manyFindings(200);
  const doc = findingsDoc(findings, { coverageGaps: [gap()] });

  it('same-document-renders-byte-identical-twice', () => {
    expect(renderFindingsJson(doc)).toBe(renderFindingsJson(doc));
  });

  it('shuffled-findings-sorted-by-compareFindings-render-identical', () => {
    const again = findingsDoc(shuffled(findings).sort(compareFindings), { coverageGaps: [gap()] });
    expect(renderFindingsJson(again)).toBe(renderFindingsJson(doc));
  });

  it('shuffled-findings-unsorted-still-render-in-report-order', () => {
    const unsorted = { ...doc, findings: shuffled(doc.findings) };
    expect(renderFindingsJson(unsorted)).toBe(renderFindingsJson(doc));
  });

  it('keys-in-different-insertion-order-render-identical', () => {
    const f = finding({ evidence: { b: 1, a: { y: 2, x: 1 } }, tags: { Z: '1', A: '2' } });
    const reordered = Object.fromEntries(Object.entries(f).reverse()) as typeof f;
    reordered.evidence = { a: { x: 1, y: 2 }, b: 1 };
    reordered.tags = { A: '2', Z: '1' };
    expect(renderFindingsJson(findingsDoc([reordered]))).toBe(renderFindingsJson(findingsDoc([f])));
  });

  it('top-level-run-and-finding-keys-follow-the-contract-order', () => {
    const parsed = JSON.parse(renderFindingsJson(findingsDoc([finding({ suppression: { reason: 'r', owner: 'o', expires: '2027-01-01', exception: 0 }, status: 'SUPPRESSED' })])));
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'run', 'summary', 'findings']);
    expect(Object.keys(parsed.run)).toEqual(['id', 'startedAt', 'finishedAt', 'accounts', 'regions', 'coverageGaps']);
    expect(Object.keys(parsed.summary.byStatus)).toEqual(['FAIL', 'ERROR', 'UNKNOWN', 'SUPPRESSED', 'PASS', 'NOT_APPLICABLE']);
    expect(Object.keys(parsed.findings[0])).toEqual([
      'id', 'ruleId', 'status', 'severity', 'accountId', 'region', 'resourceType', 'resourceId', 'resourceArn',
      'title', 'message', 'frameworks', 'remediation', 'evidence', 'lifecycle', 'suppression',
    ]);
    expect(Object.keys(parsed.findings[0].suppression)).toEqual(['reason', 'owner', 'expires', 'exception']);
  });

  it('unknown-keys-follow-known-keys-sorted', () => {
    const f = { ...finding(), zeta: 1, alpha: 2 };
    const keys = Object.keys(JSON.parse(renderFindingsJson(findingsDoc([f]))).findings[0]);
    expect(keys.slice(-2)).toEqual(['alpha', 'zeta']);
  });

  it('two-space-indent-and-trailing-newline', () => {
    const out = renderFindingsJson(doc);
    expect(out.startsWith('{\n  "schemaVersion": 2,\n  "run": {\n    "id": ')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.endsWith('}\n\n')).toBe(false);
  });

  it('round-trips-to-an-equal-document', () => {
    expect(JSON.parse(renderFindingsJson(doc))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('hostile-proto-tag-key-stays-an-ordinary-key', () => {
    const tags = JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string>;
    const parsed = JSON.parse(renderFindingsJson(findingsDoc([finding({ tags })])));
    expect(Object.prototype.hasOwnProperty.call(parsed.findings[0].tags, '__proto__')).toBe(true);
    expect(parsed.findings[0].tags.constructor).toBe('y');
  });

  it('non-finite-numbers-and-undefined-become-json-values', () => {
    const parsed = JSON.parse(renderFindingsJson(findingsDoc([finding({ evidence: { n: Number.NaN, u: undefined, d: new Date('2026-01-01T00:00:00Z') } })])));
    expect(parsed.findings[0].evidence).toEqual({ d: '2026-01-01T00:00:00.000Z', n: null });
  });
});
