import rule from '../../lib/rules/ec2-imdsv2-required';
import { coverageGap, instance, snapshot } from '../../lib/model/builders';
import { runRule, statusByResource } from '../support/run-rule';

describe('ec2-imdsv2-required', () => {
  const cases: { name: string; metadataOptions?: { httpTokens: 'optional' | 'required'; httpEndpoint?: 'enabled' | 'disabled' }; state?: 'running' | 'terminated'; expected: string | undefined }[] = [
    { name: 'tokens-required-passes', metadataOptions: { httpTokens: 'required' }, expected: 'PASS' },
    { name: 'tokens-optional-fails', metadataOptions: { httpTokens: 'optional' }, expected: 'FAIL' },
    { name: 'endpoint-disabled-passes-even-with-optional-tokens', metadataOptions: { httpTokens: 'optional', httpEndpoint: 'disabled' }, expected: 'PASS' },
    { name: 'options-not-reported-is-unknown', metadataOptions: undefined, expected: 'UNKNOWN' },
    { name: 'terminated-instance-is-ignored', metadataOptions: { httpTokens: 'optional' }, state: 'terminated', expected: undefined },
  ];
  it.each(cases)('$name', ({ metadataOptions, state, expected }) => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', metadataOptions, state: state ?? 'running' })] });
    expect(statusByResource(runRule(rule, snap))['i-1']).toBe(expected);
  });

  it('describe-instances-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1' })], coverageGaps: [coverageGap({ api: 'DescribeInstances' })] });
    const findings = runRule(rule, snap);
    expect(findings.map((f) => f.status).sort()).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(findings.some((f) => f.message.includes('ec2:DescribeInstances failed (AccessDenied)'))).toBe(true);
  });

  it('fail-is-kept-when-unrelated-api-failed', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', metadataOptions: { httpTokens: 'optional' } })], coverageGaps: [coverageGap({ service: 'cloudtrail', api: 'LookupEvents' })] });
    expect(statusByResource(runRule(rule, snap))['i-1']).toBe('FAIL');
  });
});
