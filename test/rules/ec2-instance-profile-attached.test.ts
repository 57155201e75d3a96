import rule from '../../lib/rules/ec2-instance-profile-attached';
import { instance, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-instance-profile-attached', () => {
  const cases: { name: string; profile?: string; state?: 'running' | 'stopped'; expected: string }[] = [
    { name: 'instance-with-a-profile-passes', profile: 'arn:aws:iam::123456789012:instance-profile/web', expected: 'PASS' },
    { name: 'instance-without-a-profile-fails', expected: 'FAIL' },
    { name: 'stopped-instance-without-a-profile-fails-too', state: 'stopped', expected: 'FAIL' },
  ];
  it.each(cases)('$name', ({ profile, state, expected }) => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', ...(state ? { state } : {}), ...(profile ? { iamInstanceProfileArn: profile } : {}) })] });
    expect(resultFor(runRule(rule, snap), 'i-1').status).toBe(expected);
  });

  it('terminated-instances-are-skipped', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', state: 'terminated' })] });
    expect(runRule(rule, snap).filter((f) => f.resourceId === 'i-1')).toEqual([]);
  });

  it('maps-to-cis-1.18-in-3.0-and-1.17-in-5.0', () => {
    const f = resultFor(runRule(rule, snapshot({ instances: [instance({ instanceId: 'i-1' })] })), 'i-1');
    expect(f.frameworks).toMatchObject({ 'cis-3.0': ['1.18'], 'cis-5.0': ['1.17'] });
  });
});
