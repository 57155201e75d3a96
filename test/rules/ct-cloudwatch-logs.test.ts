import rule from '../../lib/rules/ct-cloudwatch-logs';
import { snapshot, trail } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ct-cloudwatch-logs', () => {
  it.each([
    { name: 'trail-with-log-group-passes', group: 'arn:aws:logs:us-east-1:111111111111:log-group:ct:*', expected: 'PASS' },
    { name: 'trail-without-log-group-fails', group: undefined, expected: 'FAIL' },
  ])('$name', ({ group, expected }) => {
    const snap = snapshot({ trails: [trail({ cloudWatchLogsLogGroupArn: group })] });
    expect(resultFor(runRule(rule, snap), 'org-trail').status).toBe(expected);
  });

  it('fail-evidence-carries-the-trail-arn', () => {
    const snap = snapshot({ trails: [trail({ cloudWatchLogsLogGroupArn: undefined })] });
    expect(resultFor(runRule(rule, snap), 'org-trail').evidence).toEqual({ trailArn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail', homeRegion: 'us-east-1', cloudWatchLogsLogGroupArn: null });
  });
});
