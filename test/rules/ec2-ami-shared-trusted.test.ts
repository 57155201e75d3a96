import rule from '../../lib/rules/ec2-ami-shared-trusted';
import { image, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, statusFor } from './helpers';

const ORG = 'arn:aws:organizations::111111111111:organization/o-abc123def4';
const OU = 'arn:aws:organizations::111111111111:ou/o-abc123def4/ou-ab12-cdef3456';

describe('ec2-ami-shared-trusted', () => {
  it.each([
    { name: 'not-shared-passes', sharedWith: [] as string[], expected: 'PASS' },
    { name: 'shared-with-a-trusted-organization-passes', sharedWith: [ORG], trustedAccounts: [ORG], expected: 'PASS' },
    { name: 'shared-with-an-untrusted-ou-fails', sharedWith: [OU], trustedAccounts: [ORG], expected: 'FAIL' },
    { name: 'shared-with-an-unknown-account-fails', sharedWith: ['999999999999'], expected: 'FAIL' },
    { name: 'sharing-not-read-is-unknown', sharedWith: undefined, expected: 'UNKNOWN' },
  ])('$name', ({ sharedWith, trustedAccounts, expected }) => {
    const snap = snapshot({ images: [image({ imageId: 'ami-1', owned: true, ...(sharedWith ? { sharedWith } : {}) })] });
    expect(resultFor(runRule(rule, snap, {}, { trustedAccounts: trustedAccounts ?? [] }), 'ami-1').status).toBe(expected);
  });

  it('images-the-account-does-not-own-are-not-judged', () => {
    const snap = snapshot({ images: [image({ imageId: 'ami-2', owned: false, ownerId: '137112412989', sharedWith: ['999999999999'] })] });
    expect(statusFor(runRule(rule, snap), 'ami-2')).toBeUndefined();
  });
});
