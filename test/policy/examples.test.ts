import { docPage } from '../support/doc-page';
import { join } from 'node:path';
import { isRuleSelected } from '../../lib/engine/evaluate';
import type { PolicyFileError } from '../../lib/errors';
import { loadPolicy, loadPolicyFile } from '../../lib/policy/load';
import { CATALOGUE } from '../../lib/rules';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'policy.yaml');

describe('examples/policy.yaml', () => {
  // Before its expiries, so no warning is expected.
  const loaded = loadPolicyFile(EXAMPLE, CATALOGUE, { now: new Date('2026-06-01T00:00:00Z') });

  test('validates-against-the-real-catalogue-without-warnings', () => {
    expect(loaded.warnings).toEqual([]);
  });

  test('sets-every-section', () => {
    const p = loaded.policy;
    expect(Object.keys(p.rules).length).toBeGreaterThan(0);
    expect(p.isolation?.zones).toEqual(['prod', 'staging', 'dev', 'shared']);
    for (const list of [p.flows, p.access, p.audit, p.response, p.exceptions]) expect(list.length).toBeGreaterThan(0);
    expect(p.alerts.reportUrl).toContain('{runId}');
  });

  test('every-exception-has-reason-owner-and-expiry', () => {
    for (const e of loaded.policy.exceptions) {
      expect(e.reason.length).toBeGreaterThan(0);
      expect(e.owner).toMatch(/@/);
      expect(Date.parse(e.expires)).not.toBeNaN();
    }
  });

  test('disabled-rule-does-not-run-and-the-others-do', () => {
    expect(CATALOGUE.filter((r) => !isRuleSelected(loaded.policy, r)).map((r) => r.id)).toEqual(['ec2-nacl-unused']);
  });
});

describe('docs/policy.md', () => {
  const doc = docPage('policy.md');
  const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

  test('the-short-example-validates-against-the-real-catalogue', () => {
    const example = yamlBlocks.find((b) => b.startsWith('frameworks: [fsbp, cis-3.0, vmaudit]'));
    expect(example).toBeDefined();
    const { policy, warnings } = loadPolicy(example!, 'policy.md', CATALOGUE, { now: new Date('2026-06-01T00:00:00Z') });
    expect(warnings).toEqual([]);
    expect(policy.exceptions).toHaveLength(1);
  });

  test('the-error-example-fails-on-the-lines-the-page-shows', () => {
    const bad = yamlBlocks.find((b) => b.startsWith('frameworks: [fsbp, cis]'));
    expect(bad).toBeDefined();
    let problems: Array<{ line?: number; path: string }> = [];
    try {
      loadPolicy(bad!, 'policy.yaml', CATALOGUE);
    } catch (err) {
      problems = (err as PolicyFileError).problems;
    }
    const shown = [...doc.matchAll(/^ {2}policy\.yaml:(\d+) (\S+):/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(problems.map((p) => `${p.line} ${p.path}`)).toEqual(shown);
  });
});
