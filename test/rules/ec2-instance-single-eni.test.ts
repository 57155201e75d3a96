import rule from '../../lib/rules/ec2-instance-single-eni';
import { instance, networkInterface, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-instance-single-eni', () => {
  it.each([
    { name: 'one-eni-passes', enis: ['eni-1'], expected: 'PASS' },
    { name: 'two-enis-fail', enis: ['eni-1', 'eni-2'], expected: 'FAIL' },
    { name: 'no-eni-reported-is-unknown', enis: [], expected: 'UNKNOWN' },
  ])('$name', ({ enis, expected }) => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', networkInterfaceIds: enis })] });
    expect(resultFor(runRule(rule, snap), 'i-1').status).toBe(expected);
  });

  it('fail-evidence-lists-enis-and-their-subnets', () => {
    const snap = snapshot({
      instances: [instance({ instanceId: 'i-1', networkInterfaceIds: ['eni-1', 'eni-2'] })],
      networkInterfaces: [networkInterface({ networkInterfaceId: 'eni-1', subnetId: 'subnet-a' }), networkInterface({ networkInterfaceId: 'eni-2', subnetId: 'subnet-b' })],
    });
    const f = resultFor(runRule(rule, snap), 'i-1');
    expect(f.message).toBe('i-1 has 2 network interfaces: eni-1 and eni-2');
    expect(f.evidence).toEqual({ networkInterfaceIds: ['eni-1', 'eni-2'], subnets: ['subnet-a', 'subnet-b'] });
  });
});
