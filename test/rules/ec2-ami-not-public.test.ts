import rule from '../../lib/rules/ec2-ami-not-public';
import { image, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { statusFor } from './helpers';

describe('ec2-ami-not-public', () => {
  it.each([
    { name: 'private-owned-image-passes', owned: true, isPublic: false, expected: 'PASS' },
    { name: 'public-owned-image-fails', owned: true, isPublic: true, expected: 'FAIL' },
    { name: 'public-image-of-another-owner-is-not-judged', owned: false, isPublic: true, expected: undefined },
  ])('$name', ({ owned, isPublic, expected }) => {
    const snap = snapshot({ images: [image({ imageId: 'ami-1', owned, public: isPublic })] });
    expect(statusFor(runRule(rule, snap), 'ami-1')).toBe(expected);
  });

  it('public-image-fails-under-a-policy-that-lists-only-fsbp-and-cis', () => {
    const snap = snapshot({ images: [image({ imageId: 'ami-1', public: true })] });
    expect(statusFor(runRule(rule, snap, {}, { frameworks: ['fsbp', 'cis-3.0'] }), 'ami-1')).toBe('FAIL');
    expect(statusFor(runRule(rule, snap, {}, { frameworks: ['vmaudit'] }), 'ami-1')).toBe('FAIL');
  });
});
