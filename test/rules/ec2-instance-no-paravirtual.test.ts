import rule from '../../lib/rules/ec2-instance-no-paravirtual';
import { image, instance, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-instance-no-paravirtual', () => {
  const cases: { name: string; type?: 'hvm' | 'paravirtual'; imageType?: 'hvm' | 'paravirtual'; expected: string }[] = [
    { name: 'hvm-instance-passes', type: 'hvm', expected: 'PASS' },
    { name: 'paravirtual-instance-fails', type: 'paravirtual', expected: 'FAIL' },
    { name: 'paravirtual-image-fails-when-instance-lacks-the-field', imageType: 'paravirtual', expected: 'FAIL' },
    { name: 'hvm-image-passes-when-instance-lacks-the-field', imageType: 'hvm', expected: 'PASS' },
    { name: 'type-unknown-everywhere-is-unknown', expected: 'UNKNOWN' },
  ];
  it.each(cases)('$name', ({ type, imageType, expected }) => {
    const snap = snapshot({
      instances: [instance({ instanceId: 'i-1', imageId: 'ami-1', virtualizationType: type })],
      images: imageType ? [image({ imageId: 'ami-1', virtualizationType: imageType })] : [],
    });
    expect(resultFor(runRule(rule, snap), 'i-1').status).toBe(expected);
  });
});
