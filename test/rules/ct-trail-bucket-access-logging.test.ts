import rule from '../../lib/rules/ct-trail-bucket-access-logging';
import { snapshot, trail, trailBucket } from '../../lib/model/builders';
import { concreteRemediation } from '../../lib/reports/remediation';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

const run = (bucket: Parameters<typeof trailBucket>[0] | null) => resultFor(runRule(rule, snapshot({ trails: [trail()], trailBuckets: bucket ? [trailBucket(bucket)] : [] })), 'org-trail');

describe('ct-trail-bucket-access-logging', () => {
  it.each([
    { name: 'logging-to-a-target-bucket-passes', bucket: {}, expected: 'PASS' },
    { name: 'no-access-logging-fails', bucket: { accessLogging: { enabled: false } }, expected: 'FAIL' },
    { name: 'logging-settings-unread-is-unknown', bucket: { accessLogging: undefined }, expected: 'UNKNOWN' },
    { name: 'bucket-not-read-is-unknown', bucket: null, expected: 'UNKNOWN' },
  ])('$name', ({ bucket, expected }) => {
    expect(run(bucket).status).toBe(expected);
  });

  it('pass-names-the-target-bucket-fail-fills-the-bucket-in-the-command', () => {
    expect(run({}).message).toBe('Trail org-trail (home us-east-1) delivers to bucket trail-bucket, which logs access to org-access-logs');
    const f = run({ accessLogging: { enabled: false } });
    expect(f.message).toBe('Trail org-trail (home us-east-1) delivers to bucket trail-bucket, which has no server access logging');
    expect(concreteRemediation(f)).toContain('aws s3api put-bucket-logging --bucket trail-bucket ');
  });
});
