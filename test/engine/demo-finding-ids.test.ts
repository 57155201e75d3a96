/**
 * Finding ids are a contract: the next run's lifecycle, Security Hub and people's tickets key on them.
 * The golden file holds the demo's findings as evaluated before PASS results became compact rows;
 * any change to how results are built, hashed or ordered must leave every one of them as it was.
 * A rule added later may add findings, and a verdict may change (status is recorded for reading);
 * none of these may change id, disappear or move.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoSnapshot, DEMO_NOW } from '../../lib/demo/estate';
import { DEMO_POLICY_SOURCE, DEMO_POLICY_YAML } from '../../lib/demo/demo-policy';
import { evaluate } from '../../lib/engine/evaluate';
import { loadPolicy } from '../../lib/catalogue/load-policy';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { findingId } from '../../lib/findings/finding';

interface GoldenRow {
  id: string;
  status: string;
  key: string;
  parts: [string, string, string, string, string];
}

const golden: GoldenRow[] = readFileSync(join(__dirname, '..', 'fixtures', 'golden', 'demo-finding-ids.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [id, status, ruleId, accountId, region, resourceId, detailKey] = l.split('\t');
    return { id, status, key: [ruleId, accountId, region, resourceId, detailKey].join('\t'), parts: [ruleId, accountId, region, resourceId, detailKey] };
  });

const loaded = loadPolicy(DEMO_POLICY_YAML, DEMO_POLICY_SOURCE, FULL_CATALOGUE, { now: DEMO_NOW });
const { findings } = evaluate(demoSnapshot(), loaded.policy, { rules: FULL_CATALOGUE, now: DEMO_NOW });
const byKey = new Map(findings.map((f) => [[f.ruleId, f.accountId, f.region, f.resourceId, f.detailKey ?? ''].join('\t'), f]));

describe('demo finding ids (golden)', () => {
  it('golden-file-holds-the-demo-run-with-pass-results', () => {
    expect(golden.length).toBeGreaterThan(800);
    expect(golden.filter((g) => g.status === 'PASS').length).toBeGreaterThan(500);
  });

  it('every-golden-id-is-the-hash-of-its-own-key', () => {
    const wrong = golden.filter((g) => findingId(...g.parts) !== g.id);
    expect(wrong).toEqual([]);
  });

  it('every-golden-finding-is-still-produced-with-the-same-id', () => {
    const changed = golden
      .map((g) => ({ g, f: byKey.get(g.key) }))
      .filter(({ g, f }) => !f || f.id !== g.id)
      .map(({ g, f }) => ({ key: g.key, was: g.id, now: f ? f.id : 'missing' }));
    expect(changed).toEqual([]);
  });

  it('golden-findings-keep-their-relative-order', () => {
    const known = new Set(golden.map((g) => g.id));
    expect(findings.map((f) => f.id).filter((id) => known.has(id))).toEqual(golden.map((g) => g.id));
  });
});
