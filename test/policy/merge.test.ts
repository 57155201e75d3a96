import { loadPolicy, mergePolicies } from '../../lib/catalogue/load-policy';
import { PolicySchema, type PolicyDocument } from '../../lib/policy/schema';
import { FAKE_CATALOGUE } from './fake-catalogue';

const lines = (...l: string[]) => l.join('\n') + '\n';

/** A base that sets every section, so each test can see what the user file replaced. */
const BASE: PolicyDocument = PolicySchema.parse({
  frameworks: ['fsbp', 'cis-3.0', 'vmaudit'],
  rules: { 'ec2-instance-stopped-too-long': { days: 90, severity: 'low' }, 'ec2-ami-approved': false },
  isolation: { zoneTag: 'Environment', zones: ['prod', 'dev', 'shared'], allow: [{ from: '*', to: 'shared', ports: ['udp/53'] }] },
  response: [{ event: 'console-login-failed', threshold: { count: 5, withinMinutes: 10 } }],
  alerts: { minSeverity: 'critical', digestSeverity: 'high' },
});

function load(text: string): PolicyDocument {
  return loadPolicy(text, 'p.yaml', FAKE_CATALOGUE, { base: BASE }).policy;
}

describe('the effective policy is the default with the user file on top', () => {
  test('sections-the-file-omits-keep-the-defaults', () => {
    const p = load(lines('frameworks: [fsbp]'));
    expect(p.frameworks).toEqual(['fsbp']);
    expect(p.isolation).toEqual(BASE.isolation);
    expect(p.response).toEqual(BASE.response);
    expect(p.alerts).toEqual(BASE.alerts);
    expect(p.rules).toEqual(BASE.rules);
  });

  test('a-section-the-file-sets-replaces-the-default-section-whole', () => {
    const p = load(lines('isolation:', '  zoneTag: Tier', '  zones: [web, db]'));
    expect(p.isolation).toEqual({ zoneTag: 'Tier', zones: ['web', 'db'], allow: [], internet: { allow: [] } });
  });

  test('alerts-set-in-the-file-replace-the-default-alerts-and-unset-keys-take-schema-defaults', () => {
    expect(load(lines('alerts: { minSeverity: medium }')).alerts).toEqual({ minSeverity: 'medium', digestSeverity: 'medium' });
  });

  test('an-empty-list-in-the-file-clears-the-default-list', () => {
    expect(load(lines('response: []')).response).toEqual([]);
  });

  test.each([
    { name: 'user-parameter-overrides-default-parameter-and-keeps-the-rest', user: '{ days: 30 }', want: { days: 30, severity: 'low' } },
    { name: 'false-disables-and-keeps-default-parameters', user: 'false', want: { days: 90, severity: 'low', enabled: false } },
    { name: 'true-enables-and-keeps-default-parameters', user: 'true', want: { days: 90, severity: 'low', enabled: true } },
  ])('rules merge per rule id: $name', ({ user, want }) => {
    const p = load(lines('rules:', `  ec2-instance-stopped-too-long: ${user}`));
    expect(p.rules['ec2-instance-stopped-too-long']).toEqual(want);
    expect(p.rules['ec2-ami-approved']).toBe(false);
  });

  test('rules-only-in-the-file-are-added-as-written', () => {
    const p = load(lines('rules:', '  ec2-sg-authorized-ports: { tcpPorts: [443] }'));
    expect(p.rules).toEqual({ ...BASE.rules, 'ec2-sg-authorized-ports': { tcpPorts: [443] } });
  });

  test('merging-does-not-change-the-base', () => {
    const before = JSON.stringify(BASE);
    load(lines('rules:', '  ec2-instance-stopped-too-long: { days: 1 }', 'frameworks: [fsbp]'));
    expect(JSON.stringify(BASE)).toBe(before);
  });

  test('mergePolicies-takes-only-the-named-sections', () => {
    const user = PolicySchema.parse({ frameworks: ['vmaudit'] });
    const merged = mergePolicies(BASE, user, ['frameworks']);
    expect(merged).toEqual({ ...BASE, frameworks: ['vmaudit'] });
  });

  test('zones-checked-against-the-files-own-isolation-when-it-has-one', () => {
    // The file's isolation replaces the default's, so its zones are the ones that count.
    expect(() => load(lines('isolation:', '  zones: [web]', '  allow: [{ from: "*", to: shared }]'))).toThrow(/isolation\.allow\[0\]\.to: expected a zone from isolation\.zones \(web\)/);
  });
});
