/**
 * PASS results stay compact through the evaluation: no PASS is built as a finding, hashed or sorted
 * with the others; expanding them gives exactly the findings, ids and order the full list has.
 */
import { demoSnapshot, DEMO_NOW } from '../../lib/demo/estate';
import { DEMO_POLICY_SOURCE, DEMO_POLICY_YAML } from '../../lib/demo/demo-policy';
import { evaluate, evaluateCompact, withPasses } from '../../lib/engine/evaluate';
import { expandPasses } from '../../lib/engine/pass-results';
import { loadPolicy } from '../../lib/catalogue/load-policy';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { compareFindings } from '../../lib/findings/finding';

const policy = loadPolicy(DEMO_POLICY_YAML, DEMO_POLICY_SOURCE, FULL_CATALOGUE, { now: DEMO_NOW }).policy;
const compact = evaluateCompact(demoSnapshot(), policy, { rules: FULL_CATALOGUE, now: DEMO_NOW });
const full = evaluate(demoSnapshot(), policy, { rules: FULL_CATALOGUE, now: DEMO_NOW });

describe('compact PASS results', () => {
  it('no-pass-result-is-a-finding-of-the-compact-evaluation', () => {
    expect(compact.findings.filter((f) => f.status === 'PASS')).toEqual([]);
    expect(compact.passes.count).toBe(full.findings.filter((f) => f.status === 'PASS').length);
    expect(compact.passes.count).toBeGreaterThan(500);
  });

  it('expanded-passes-are-the-full-evaluation-s-pass-findings-in-its-order', () => {
    expect([...expandPasses(compact.passes)]).toEqual(full.findings.filter((f) => f.status === 'PASS'));
  });

  it('with-passes-gives-every-finding-in-report-order', () => {
    const all = withPasses(compact.findings, compact.passes);
    expect(all).toEqual(full.findings);
    expect([...all].sort(compareFindings)).toEqual(all);
  });

  it('a-rule-that-throws-after-passing-leaves-no-pass-behind', () => {
    const rule = { ...FULL_CATALOGUE.find((r) => r.id === 'ec2-imdsv2-required')! };
    const original = rule.evaluate;
    const throwing = {
      ...rule,
      *evaluate(ctx: Parameters<typeof original>[0]) {
        let n = 0;
        for (const r of original(ctx)) {
          yield r;
          if (++n === 3) throw new Error('boom');
        }
      },
    };
    const e = evaluateCompact(demoSnapshot(), policy, { rules: [throwing], now: DEMO_NOW });
    expect(e.passes.count).toBe(0);
    expect(e.findings.length).toBeGreaterThan(0);
    expect(e.findings.every((f) => f.status === 'ERROR')).toBe(true);
  });
});
