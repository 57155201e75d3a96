import rule from '../../lib/rules/ct-trail-bucket-not-public';
import { coverageGap, snapshot, trail, trailBucket } from '../../lib/model/builders';
import { concreteRemediation } from '../../lib/reports/remediation';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

const OPEN = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
const run = (bucket: Parameters<typeof trailBucket>[0] | null, extra: Parameters<typeof snapshot>[0] = {}) =>
  resultFor(runRule(rule, snapshot({ trails: [trail()], trailBuckets: bucket ? [trailBucket(bucket)] : [], ...extra })), 'org-trail');

describe('ct-trail-bucket-not-public', () => {
  it.each([
    { name: 'private-bucket-with-block-passes', bucket: {}, expected: 'PASS' },
    { name: 'no-policy-no-grants-no-block-passes', bucket: { policyIsPublic: false, aclPublicGrants: [], publicAccessBlock: OPEN }, expected: 'PASS' },
    { name: 'public-policy-fails', bucket: { policyIsPublic: true, publicAccessBlock: OPEN }, expected: 'FAIL' },
    { name: 'public-policy-voided-by-restrict-public-buckets-passes', bucket: { policyIsPublic: true, publicAccessBlock: { ...OPEN, restrictPublicBuckets: true } }, expected: 'PASS' },
    { name: 'acl-grant-to-all-users-fails', bucket: { aclPublicGrants: ['AllUsers READ'], publicAccessBlock: OPEN }, expected: 'FAIL' },
    { name: 'acl-grant-to-authenticated-users-fails', bucket: { aclPublicGrants: ['AuthenticatedUsers WRITE'], publicAccessBlock: OPEN }, expected: 'FAIL' },
    { name: 'acl-grant-voided-by-ignore-public-acls-passes', bucket: { aclPublicGrants: ['AllUsers READ'], publicAccessBlock: { ...OPEN, ignorePublicAcls: true } }, expected: 'PASS' },
    { name: 'public-policy-with-block-unread-fails', bucket: { policyIsPublic: true, publicAccessBlock: undefined }, expected: 'FAIL' },
    { name: 'policy-status-unread-and-not-restricted-is-unknown', bucket: { policyIsPublic: undefined, publicAccessBlock: OPEN }, expected: 'UNKNOWN' },
    { name: 'acl-unread-but-ignored-by-block-passes', bucket: { aclPublicGrants: undefined, publicAccessBlock: { ...OPEN, ignorePublicAcls: true } }, expected: 'PASS' },
    { name: 'bucket-not-read-is-unknown', bucket: null, expected: 'UNKNOWN' },
  ])('$name', ({ bucket, expected }) => {
    expect(run(bucket).status).toBe(expected);
  });

  it('a-failed-s3-call-in-the-trail-region-turns-pass-into-unknown', () => {
    const f = run({}, { coverageGaps: [coverageGap({ service: 's3', api: 'GetBucketAcl', errorCode: 'AccessDenied' })] });
    expect(f.status).toBe('UNKNOWN');
  });

  it('fail-names-the-bucket-and-the-grant-and-its-remediation-the-bucket', () => {
    const f = run({ aclPublicGrants: ['AllUsers READ'], publicAccessBlock: OPEN });
    expect(f.message).toBe('Trail org-trail (home us-east-1) delivers to bucket trail-bucket, which is public: its ACL grants AllUsers READ');
    expect(f.evidence).toMatchObject({ bucketName: 'trail-bucket', aclPublicGrants: ['AllUsers READ'], policyIsPublic: false });
    expect(concreteRemediation(f)).toContain('aws s3api put-public-access-block --bucket trail-bucket ');
  });

  it('a-trail-owned-by-another-account-is-not-judged-here', () => {
    const t = trail({ arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail', isOrganizationTrail: true });
    expect(runRule(rule, snapshot({ trails: [t], trailBuckets: [] }))).toEqual([]);
  });
});
