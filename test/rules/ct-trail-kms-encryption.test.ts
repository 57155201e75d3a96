import rule from '../../lib/rules/ct-trail-kms-encryption';
import { snapshot, trail } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, resultsOf } from './helpers';

describe('ct-trail-kms-encryption', () => {
  it.each([
    { name: 'kms-encrypted-trail-passes', kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/abc', expected: 'PASS' },
    { name: 'sse-s3-only-trail-fails', kmsKeyId: undefined, expected: 'FAIL' },
  ])('$name', ({ kmsKeyId, expected }) => {
    const snap = snapshot({ trails: [trail({ kmsKeyId })] });
    const f = resultFor(runRule(rule, snap), 'org-trail');
    expect(f.status).toBe(expected);
    expect(f).toMatchObject({ resourceType: 'AWS::CloudTrail::Trail', region: 'us-east-1', resourceArn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail' });
  });

  it('shadow-copies-are-judged-once-in-the-home-region', () => {
    const snap = snapshot({ trails: [trail({ kmsKeyId: undefined }), trail({ kmsKeyId: undefined, region: 'eu-west-1' }), trail({ kmsKeyId: undefined, region: 'ap-south-1' })] });
    const results = resultsOf(runRule(rule, snap));
    expect(results.map((f) => [f.status, f.region])).toEqual([['FAIL', 'us-east-1']]);
    expect(results[0]!.message).toBe('Trail org-trail (home us-east-1) does not encrypt its logs with a KMS key (S3-managed keys only)');
  });

  it('organization-trail-seen-from-a-member-is-judged-only-in-its-owner', () => {
    const arn = 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org';
    const snap = snapshot({
      targets: [{ accountId: '111111111111', region: 'us-east-1' }, { accountId: '999999999999', region: 'us-east-1' }],
      trails: [trail({ name: 'org', arn, kmsKeyId: undefined, isOrganizationTrail: true }), trail({ accountId: '999999999999', name: 'org', arn, kmsKeyId: undefined, isOrganizationTrail: true })],
    });
    const results = resultsOf(runRule(rule, snap));
    expect(results.map((f) => [f.accountId, f.status])).toEqual([['999999999999', 'FAIL']]);
  });
});
