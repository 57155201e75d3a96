import rule from '../../lib/rules/ec2-launch-template-imdsv2';
import { coverageGap, launchTemplateVersion, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, resultsOf } from './helpers';

type Meta = { httpTokens?: 'optional' | 'required'; httpEndpoint?: 'enabled' | 'disabled' };
const v = (versionNumber: number, metadataOptions: Meta, roles: { isDefault?: boolean; isLatest?: boolean }) =>
  launchTemplateVersion({ launchTemplateId: 'lt-1', launchTemplateName: 'web', versionNumber, metadataOptions, isDefault: false, isLatest: false, ...roles });

describe('ec2-launch-template-imdsv2', () => {
  it.each([
    { name: 'required-in-the-one-default-and-latest-version-passes', versions: [v(1, { httpTokens: 'required' }, { isDefault: true, isLatest: true })], expected: 'PASS' },
    { name: 'optional-fails', versions: [v(1, { httpTokens: 'optional' }, { isDefault: true, isLatest: true })], expected: 'FAIL' },
    { name: 'tokens-not-set-fails-the-default-may-be-optional', versions: [v(1, {}, { isDefault: true, isLatest: true })], expected: 'FAIL' },
    { name: 'metadata-service-off-passes', versions: [v(1, { httpEndpoint: 'disabled' }, { isDefault: true, isLatest: true })], expected: 'PASS' },
    { name: 'required-default-but-optional-latest-fails', versions: [v(3, { httpTokens: 'required' }, { isDefault: true }), v(4, { httpTokens: 'optional' }, { isLatest: true })], expected: 'FAIL' },
    { name: 'optional-default-but-required-latest-fails', versions: [v(3, { httpTokens: 'optional' }, { isDefault: true }), v(4, { httpTokens: 'required' }, { isLatest: true })], expected: 'FAIL' },
    { name: 'required-in-both-passes', versions: [v(3, { httpTokens: 'required' }, { isDefault: true }), v(4, { httpTokens: 'required' }, { isLatest: true })], expected: 'PASS' },
  ])('$name', ({ versions, expected }) => {
    expect(resultFor(runRule(rule, snapshot({ launchTemplateVersions: versions })), 'lt-1').status).toBe(expected);
  });

  it('fail-names-the-template-the-version-and-why', () => {
    const f = resultFor(runRule(rule, snapshot({ launchTemplateVersions: [v(3, { httpTokens: 'required' }, { isDefault: true }), v(4, { httpTokens: 'optional' }, { isLatest: true })] })), 'lt-1');
    expect(f).toMatchObject({ resourceType: 'AWS::EC2::LaunchTemplate', resourceArn: 'arn:aws:ec2:us-east-1:111111111111:launch-template/lt-1' });
    expect(f.message).toBe('lt-1 (web) lets instances use IMDSv1: version 4 (latest) sets HttpTokens=optional');
    expect(f.evidence).toEqual({ versions: [{ versionNumber: 4, isDefault: false, isLatest: true, httpTokens: 'optional' }] });
  });

  it('one-result-per-template-however-many-versions', () => {
    const snap = snapshot({ launchTemplateVersions: [v(1, { httpTokens: 'required' }, { isDefault: true }), v(2, { httpTokens: 'required' }, { isLatest: true }), launchTemplateVersion({ launchTemplateId: 'lt-2' })] });
    expect(resultsOf(runRule(rule, snap)).map((f) => f.resourceId)).toEqual(['lt-1', 'lt-2']);
  });

  it('api-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ launchTemplateVersions: [v(1, { httpTokens: 'required' }, { isDefault: true, isLatest: true })], coverageGaps: [coverageGap({ api: 'DescribeLaunchTemplateVersions' })] });
    expect(resultFor(runRule(rule, snap), 'lt-1').status).toBe('UNKNOWN');
  });
});
