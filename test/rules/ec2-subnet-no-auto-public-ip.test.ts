import rule from '../../lib/rules/ec2-subnet-no-auto-public-ip';
import { subnet, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-subnet-no-auto-public-ip', () => {
  it.each([
    { name: 'private-subnet-passes', map: false, defaultForAz: false, expected: 'PASS' },
    { name: 'auto-assigning-subnet-fails', map: true, defaultForAz: false, expected: 'FAIL' },
    { name: 'default-subnet-auto-assigning-fails', map: true, defaultForAz: true, expected: 'FAIL' },
  ])('$name', ({ map, defaultForAz, expected }) => {
    const snap = snapshot({ subnets: [subnet({ subnetId: 'subnet-1', mapPublicIpOnLaunch: map, defaultForAz })] });
    expect(resultFor(runRule(rule, snap), 'subnet-1').status).toBe(expected);
  });

  it('fail-message-names-subnet-and-vpc', () => {
    const snap = snapshot({ subnets: [subnet({ subnetId: 'subnet-1', mapPublicIpOnLaunch: true, tags: { Name: 'public-a' } })] });
    expect(resultFor(runRule(rule, snap), 'subnet-1').message).toBe('subnet-1 (public-a) in vpc-1 assigns a public IPv4 address to every instance launched into it');
  });
});
