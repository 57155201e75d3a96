import rule from '../../lib/rules/ec2-launch-template-hop-limit';
import { launchTemplateVersion, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type Meta = { httpTokens?: 'optional' | 'required'; httpEndpoint?: 'enabled' | 'disabled'; httpPutResponseHopLimit?: number };
const v = (versionNumber: number, metadataOptions: Meta, roles: { isDefault?: boolean; isLatest?: boolean } = { isDefault: true, isLatest: true }) =>
  launchTemplateVersion({ launchTemplateId: 'lt-1', launchTemplateName: 'web', versionNumber, metadataOptions, isDefault: false, isLatest: false, ...roles });

describe('ec2-launch-template-hop-limit', () => {
  it.each([
    { name: 'hop-limit-1-passes', versions: [v(1, { httpTokens: 'required', httpPutResponseHopLimit: 1 })], expected: 'PASS' },
    { name: 'hop-limit-2-fails-by-default', versions: [v(1, { httpTokens: 'required', httpPutResponseHopLimit: 2 })], expected: 'FAIL' },
    { name: 'hop-limit-2-passes-when-the-policy-allows-2', versions: [v(1, { httpPutResponseHopLimit: 2 })], params: { maxHopLimit: 2 }, expected: 'PASS' },
    { name: 'metadata-service-off-passes-whatever-the-hop-limit', versions: [v(1, { httpEndpoint: 'disabled', httpPutResponseHopLimit: 5 })], expected: 'PASS' },
    { name: 'hop-limit-not-set-is-not-applicable-the-instances-are-judged', versions: [v(1, { httpTokens: 'required' })], expected: 'NOT_APPLICABLE' },
    { name: 'latest-version-over-the-limit-fails-though-the-default-is-fine', versions: [v(1, { httpPutResponseHopLimit: 1 }, { isDefault: true }), v(2, { httpPutResponseHopLimit: 3 }, { isLatest: true })], expected: 'FAIL' },
  ])('$name', ({ versions, params, expected }) => {
    expect(resultFor(runRule(rule, snapshot({ launchTemplateVersions: versions }), params ?? {}), 'lt-1').status).toBe(expected);
  });

  it('fail-names-the-hops-and-the-version', () => {
    const f = resultFor(runRule(rule, snapshot({ launchTemplateVersions: [v(2, { httpPutResponseHopLimit: 3 })] })), 'lt-1');
    expect(f.message).toBe('lt-1 (web) lets metadata tokens travel 3 hops in version 2 (default and latest) (at most 1 allowed)');
    expect(f.evidence).toEqual({ maxHopLimit: 1, versions: [{ versionNumber: 2, isDefault: true, isLatest: true, httpPutResponseHopLimit: 3 }] });
  });
});
