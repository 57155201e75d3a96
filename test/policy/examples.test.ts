import { docPage } from '../support/doc-page';
import { join } from 'node:path';
import { isRuleSelected } from '../../lib/engine/evaluate';
import type { PolicyFileError } from '../../lib/errors';
import { loadPolicy, loadPolicyFile } from '../../lib/catalogue/load-policy';
import { CATALOGUE } from '../../lib/rules';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { policySummary, selectionListing } from '../../lib/cli/policy';

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

describe('docs/policy.md: which rules run', () => {
  const doc = docPage('policy.md');
  const consoleBlocks = [...doc.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]);

  test('the-validate-listing-the-page-shows-is-what-validate-prints-for-the-example', () => {
    const block = consoleBlocks.find((b) => b.startsWith('$ vmaudit policy validate examples/policy.yaml'));
    expect(block).toBeDefined();
    const loaded = loadPolicyFile(EXAMPLE, FULL_CATALOGUE, { now: new Date('2026-06-01T00:00:00Z') });
    loaded.source = 'examples/policy.yaml';
    const printed = [policySummary(loaded, FULL_CATALOGUE), ...selectionListing(loaded, FULL_CATALOGUE)];
    const shown = block!.split('\n').slice(1).filter((l) => l && !l.startsWith('$') && l.trim() !== '…' && l !== '0');
    for (const line of shown) expect(printed).toContain(line);
  });

  test('the-section-table-names-exactly-the-rules-that-enforce-each-section', () => {
    const rows = [...doc.matchAll(/^\| `(isolation|flows|access|audit|response)` \| (`(?:net|evt)-.*) \|$/gm)].map((m) => [m[1], [...m[2].matchAll(/`([^`]+)`/g)].map((x) => x[1])]);
    const expected = ['isolation', 'flows', 'access', 'audit', 'response'].map((s) => [s, FULL_CATALOGUE.filter((r) => r.enforces?.includes(s as never)).map((r) => r.id)]);
    expect(rows).toEqual(expected);
  });

  test('the-refused-example-fails-with-the-problem-the-page-shows', () => {
    const yaml = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.startsWith('rules:\n  net-zone-isolation: false'));
    expect(yaml).toBeDefined();
    let problems: PolicyFileError['problems'] = [];
    try {
      loadPolicy(yaml!, 'need.yaml', FULL_CATALOGUE);
    } catch (err) {
      problems = (err as PolicyFileError).problems;
    }
    const shown = doc.match(/^ {2}need\.yaml:(\d+) (\S+): (.*)$/m);
    expect(shown).not.toBeNull();
    expect(problems.map((p) => [String(p.line), p.path, p.message])).toEqual([[shown![1], shown![2], shown![3]]]);
  });
});
