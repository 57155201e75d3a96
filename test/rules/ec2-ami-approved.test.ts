import rule from '../../lib/rules/ec2-ami-approved';
import { coverageGap, image, instance, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type ImageIn = Parameters<typeof image>[0];
const VENDOR = '222222222222';
const AMI = 'ami-0123456789abcdef0';

// NOW is 2026-11-26T12:00:00Z; the image builder's creationDate is 2026-10-01.
describe('ec2-ami-approved', () => {
  const cases: { name: string; img?: ImageIn; params?: Record<string, unknown>; expected: string }[] = [
    { name: 'own-recent-image-passes', img: {}, expected: 'PASS' },
    { name: 'amazon-image-by-alias-passes', img: { ownerId: '137112412989', ownerAlias: 'amazon', owned: false }, expected: 'PASS' },
    { name: 'unknown-vendor-image-fails', img: { ownerId: VENDOR, owned: false }, expected: 'FAIL' },
    { name: 'vendor-image-approved-by-owner-id-passes', img: { ownerId: VENDOR, owned: false }, params: { owners: [VENDOR] }, expected: 'PASS' },
    { name: 'vendor-image-approved-by-image-id-passes', img: { ownerId: VENDOR, owned: false }, params: { imageIds: [AMI] }, expected: 'PASS' },
    { name: 'own-image-fails-when-self-is-not-approved', img: {}, params: { owners: ['amazon'] }, expected: 'FAIL' },
    { name: 'deprecated-image-fails', img: { deprecationTime: '2026-11-01T00:00:00.000Z' }, expected: 'FAIL' },
    { name: 'future-deprecation-passes', img: { deprecationTime: '2027-06-01T00:00:00.000Z' }, expected: 'PASS' },
    { name: 'deprecated-image-fails-even-when-approved-by-id', img: { deprecationTime: '2026-01-01T00:00:00.000Z' }, params: { imageIds: [AMI] }, expected: 'FAIL' },
    { name: 'image-older-than-365-days-fails', img: { creationDate: '2025-06-01T00:00:00.000Z' }, expected: 'FAIL' },
    { name: 'image-older-than-custom-limit-fails', img: {}, params: { maxAgeDays: 30 }, expected: 'FAIL' },
    { name: 'old-image-passes-with-age-check-off', img: { creationDate: '2019-01-01T00:00:00.000Z' }, params: { maxAgeDays: 0 }, expected: 'PASS' },
    { name: 'image-without-creation-date-is-unknown', img: { creationDate: undefined }, expected: 'UNKNOWN' },
    { name: 'disabled-image-fails', img: { state: 'disabled' }, expected: 'FAIL' },
    { name: 'image-not-collected-is-unknown', img: undefined, expected: 'UNKNOWN' },
  ];
  it.each(cases)('$name', ({ img, params, expected }) => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', imageId: AMI })], images: img ? [image({ imageId: AMI, ...img })] : [] });
    expect(resultFor(runRule(rule, snap, params), 'i-1').status).toBe(expected);
  });

  it('fail-message-lists-every-problem', () => {
    const snap = snapshot({
      instances: [instance({ instanceId: 'i-1', imageId: AMI, tags: { Name: 'legacy' } })],
      images: [image({ imageId: AMI, name: 'centos-7', ownerId: VENDOR, owned: false, creationDate: '2020-01-01T00:00:00.000Z', deprecationTime: '2024-06-30T00:00:00.000Z' })],
    });
    const f = resultFor(runRule(rule, snap), 'i-1');
    expect(f.message).toBe(
      `i-1 (legacy) runs ${AMI} (centos-7), which is owned by ${VENDOR}, not an approved owner (self and amazon), has been deprecated since 2024-06-30 and is 2521 days old (allowed: 365)`,
    );
  });

  it('missing-image-message-says-why', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', imageId: AMI })] });
    expect(resultFor(runRule(rule, snap), 'i-1').message).toContain('which DescribeImages did not return');
  });

  it('describe-images-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', imageId: AMI })], images: [image({ imageId: AMI })], coverageGaps: [coverageGap({ api: 'DescribeImages' })] });
    expect(resultFor(runRule(rule, snap), 'i-1').status).toBe('UNKNOWN');
  });

  it('policy-example-parameters-parse', () => {
    expect(rule.params.parse({ owners: ['137112412989'], maxAgeDays: 180 })).toEqual({ owners: ['137112412989'], imageIds: [], maxAgeDays: 180 });
  });

  it.each([
    ['bad-owner', { owners: ['Not An Owner'] }],
    ['bad-image-id', { imageIds: ['image-1'] }],
    ['negative-age', { maxAgeDays: -1 }],
  ])('rejects-%s', (_n, p) => {
    expect(rule.params.safeParse(p).success).toBe(false);
  });
});
