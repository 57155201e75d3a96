import rule from '../../lib/rules/ec2-launch-template-no-public-ip';
import { launchTemplateVersion, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type Nic = { deviceIndex?: number; associatePublicIpAddress?: boolean };
const v = (versionNumber: number, networkInterfaces: Nic[], roles: { isDefault?: boolean; isLatest?: boolean } = { isDefault: true, isLatest: true }) =>
  launchTemplateVersion({ launchTemplateId: 'lt-1', launchTemplateName: 'bastion', versionNumber, networkInterfaces, isDefault: false, isLatest: false, ...roles });

describe('ec2-launch-template-no-public-ip', () => {
  it.each([
    { name: 'no-network-interfaces-passes-the-subnet-decides', versions: [v(1, [])], expected: 'PASS' },
    { name: 'public-ip-false-passes', versions: [v(1, [{ deviceIndex: 0, associatePublicIpAddress: false }])], expected: 'PASS' },
    { name: 'public-ip-not-set-passes', versions: [v(1, [{ deviceIndex: 0 }])], expected: 'PASS' },
    { name: 'public-ip-true-fails', versions: [v(1, [{ deviceIndex: 0, associatePublicIpAddress: true }])], expected: 'FAIL' },
    { name: 'a-second-interface-with-a-public-ip-fails', versions: [v(1, [{ deviceIndex: 0, associatePublicIpAddress: false }, { deviceIndex: 1, associatePublicIpAddress: true }])], expected: 'FAIL' },
    { name: 'public-ip-in-the-latest-version-only-fails', versions: [v(1, [], { isDefault: true }), v(2, [{ deviceIndex: 0, associatePublicIpAddress: true }], { isLatest: true })], expected: 'FAIL' },
  ])('$name', ({ versions, expected }) => {
    expect(resultFor(runRule(rule, snapshot({ launchTemplateVersions: versions })), 'lt-1').status).toBe(expected);
  });

  it('fail-names-the-version-and-the-interface', () => {
    const f = resultFor(runRule(rule, snapshot({ launchTemplateVersions: [v(5, [{ deviceIndex: 0, associatePublicIpAddress: true }])] })), 'lt-1');
    expect(f.message).toBe('lt-1 (bastion) assigns a public IPv4 address in version 5 (default and latest)');
    expect(f.evidence).toEqual({ versions: [{ versionNumber: 5, isDefault: true, isLatest: true, deviceIndexes: [0] }] });
  });
});
