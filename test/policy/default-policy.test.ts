import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRuleSelected } from '../../lib/engine/evaluate';
import { DEFAULT_POLICY_YAML } from '../../lib/policy/default-policy';
import { DEFAULT_POLICY_SOURCE, defaultPolicy, loadPolicyFile } from '../../lib/catalogue/load-policy';
import { CATALOGUE } from '../../lib/rules';
import { FAKE_CATALOGUE } from './fake-catalogue';
import { FRAMEWORK_IDS } from '../../lib/frameworks/ids';

const ROOT = join(__dirname, '..', '..');

describe('built-in default policy', () => {
  test('the-bundled-string-equals-default-policy-yaml', () => {
    // If this fails: paste lib/policy/default-policy.yaml into lib/policy/default-policy.ts.
    expect(DEFAULT_POLICY_YAML).toBe(readFileSync(join(ROOT, 'lib/policy/default-policy.yaml'), 'utf8'));
  });

  test('validates-against-the-real-catalogue', () => {
    const d = defaultPolicy(CATALOGUE);
    expect(d.source).toBe(DEFAULT_POLICY_SOURCE);
    expect(d.warnings).toEqual([]);
  });

  test('the-yaml-file-loads-to-the-same-policy', () => {
    expect(loadPolicyFile(join(ROOT, 'lib/policy/default-policy.yaml'), CATALOGUE).policy).toEqual(defaultPolicy(CATALOGUE).policy);
  });

  test('shows-every-framework-and-every-catalogue-rule-runs', () => {
    const { policy } = defaultPolicy(CATALOGUE);
    expect(policy.frameworks).toEqual([...FRAMEWORK_IDS, 'vmaudit']);
    expect(CATALOGUE.filter((r) => !isRuleSelected(policy, r)).map((r) => r.id)).toEqual([]);
    expect(FAKE_CATALOGUE.filter((r) => !isRuleSelected(defaultPolicy(FAKE_CATALOGUE).policy, r))).toEqual([]);
  });

  test('isolates-prod-staging-dev-and-lets-every-zone-reach-shared-on-https-and-dns', () => {
    const iso = defaultPolicy(CATALOGUE).policy.isolation;
    expect(iso?.zoneTag).toBe('Environment');
    expect(iso?.zones).toEqual(['prod', 'staging', 'dev', 'shared']);
    expect(iso?.allow).toEqual([expect.objectContaining({ from: '*', to: 'shared', ports: ['tcp/443', 'udp/53'] })]);
  });

  test('alerts-on-five-console-sign-in-failures-in-ten-minutes', () => {
    expect(defaultPolicy(CATALOGUE).policy.response).toEqual([
      { event: 'console-login-failed', threshold: { count: 5, withinMinutes: 10 }, action: 'alert', severity: 'high', groupBy: 'account' },
    ]);
  });

  test('a-caller-changing-its-copy-does-not-change-the-next-callers', () => {
    defaultPolicy(CATALOGUE).policy.isolation?.zones.push('lab');
    expect(defaultPolicy(CATALOGUE).policy.isolation?.zones).toEqual(['prod', 'staging', 'dev', 'shared']);
  });

  test('alerts-at-high-and-digests-from-medium-with-no-exceptions', () => {
    const { policy } = defaultPolicy(CATALOGUE);
    expect(policy.alerts).toEqual({ minSeverity: 'high', digestSeverity: 'medium' });
    expect(policy.exceptions).toEqual([]);
  });
});
