import rule from '../../lib/rules/ct-trail-enabled';
import { coverageGap, snapshot, trail } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type TrailIn = Parameters<typeof trail>[0];
const ACCOUNT = '111111111111';
const TWO_REGIONS = [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: ACCOUNT, region: 'eu-west-1' }];

describe('ct-trail-enabled', () => {
  const cases: { name: string; trails: TrailIn[]; gaps?: Parameters<typeof coverageGap>[0][]; expected: string }[] = [
    { name: 'logging-trail-passes', trails: [{}], expected: 'PASS' },
    { name: 'single-region-logging-trail-passes', trails: [{ isMultiRegion: false, region: 'eu-west-1', homeRegion: 'eu-west-1', arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/eu' }], expected: 'PASS' },
    { name: 'no-trail-fails', trails: [], expected: 'FAIL' },
    { name: 'stopped-trail-fails', trails: [{ status: { isLogging: false } }], expected: 'FAIL' },
    { name: 'status-not-read-is-unknown', trails: [{ status: null }], expected: 'UNKNOWN' },
    { name: 'no-trail-but-a-region-not-listed-is-unknown', trails: [], gaps: [{ service: 'cloudtrail', api: 'DescribeTrails', region: 'eu-west-1' }], expected: 'UNKNOWN' },
    { name: 'account-wide-access-failure-is-unknown', trails: [], gaps: [{ service: '*', api: '*', region: '*', errorCode: 'AssumeRoleFailed' }], expected: 'UNKNOWN' },
    { name: 'logging-trail-with-a-status-gap-elsewhere-is-unknown', trails: [{}], gaps: [{ service: 'cloudtrail', api: 'GetTrailStatus', region: 'eu-west-1' }], expected: 'UNKNOWN' },
  ];
  it.each(cases)('$name', ({ trails, gaps, expected }) => {
    const snap = snapshot({ targets: TWO_REGIONS, trails: trails.map((t) => trail(t)), coverageGaps: (gaps ?? []).map((g) => coverageGap(g)) });
    expect(resultFor(runRule(rule, snap), ACCOUNT).status).toBe(expected);
  });

  it('fail-message-names-the-stopped-trails', () => {
    const snap = snapshot({ targets: TWO_REGIONS, trails: [trail({ name: 'main', status: { isLogging: false } })] });
    expect(resultFor(runRule(rule, snap), ACCOUNT).message).toBe('Account 111111111111 has no logging trail: main is stopped');
  });
});
