import rule from '../../lib/rules/ec2-instance-no-public-ip';
import { coverageGap, instance, networkInterface, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, statusFor } from './helpers';

describe('ec2-instance-no-public-ip', () => {
  const cases: { name: string; publicIp?: string; eniPublicIp?: string; state?: 'running' | 'terminated'; expected: string | undefined }[] = [
    { name: 'private-only-instance-passes', expected: 'PASS' },
    { name: 'instance-with-public-ip-fails', publicIp: '203.0.113.10', expected: 'FAIL' },
    { name: 'elastic-ip-on-secondary-eni-fails', eniPublicIp: '203.0.113.20', expected: 'FAIL' },
    { name: 'terminated-instance-is-skipped', publicIp: '203.0.113.10', state: 'terminated', expected: undefined },
  ];
  it.each(cases)('$name', ({ publicIp, eniPublicIp, state, expected }) => {
    const snap = snapshot({
      instances: [instance({ instanceId: 'i-1', publicIpAddress: publicIp, networkInterfaceIds: ['eni-1', 'eni-2'], state: state ?? 'running' })],
      networkInterfaces: [networkInterface({ networkInterfaceId: 'eni-1', instanceId: 'i-1' }), networkInterface({ networkInterfaceId: 'eni-2', instanceId: 'i-1', publicIp: eniPublicIp })],
    });
    expect(statusFor(runRule(rule, snap), 'i-1')).toBe(expected);
  });

  it('same-address-on-instance-and-eni-is-reported-once', () => {
    const snap = snapshot({
      instances: [instance({ instanceId: 'i-1', publicIpAddress: '203.0.113.10', networkInterfaceIds: ['eni-1'], tags: { Name: 'web' } })],
      networkInterfaces: [networkInterface({ networkInterfaceId: 'eni-1', publicIp: '203.0.113.10' })],
    });
    expect(resultFor(runRule(rule, snap), 'i-1').message).toBe('i-1 (web) has the public IPv4 address 203.0.113.10');
  });

  it('network-interfaces-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1' })], coverageGaps: [coverageGap({ api: 'DescribeNetworkInterfaces' })] });
    expect(resultFor(runRule(rule, snap), 'i-1').status).toBe('UNKNOWN');
  });
});
