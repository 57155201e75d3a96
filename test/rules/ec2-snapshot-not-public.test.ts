import rule from '../../lib/rules/ec2-snapshot-not-public';
import { coverageGap, ebsSnapshot, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-snapshot-not-public', () => {
  it.each([
    { name: 'private-snapshot-passes', public: false, expected: 'PASS' },
    { name: 'publicly-restorable-snapshot-fails', public: true, expected: 'FAIL' },
  ])('$name', (c) => {
    const snap = snapshot({ snapshots: [ebsSnapshot({ snapshotId: 'snap-1', public: c.public, encrypted: false })] });
    expect(resultFor(runRule(rule, snap), 'snap-1').status).toBe(c.expected);
  });

  it('fail-message-names-the-snapshot', () => {
    const snap = snapshot({ snapshots: [ebsSnapshot({ snapshotId: 'snap-0abc', public: true, encrypted: false, tags: { Name: 'db-backup' } })] });
    const f = resultFor(runRule(rule, snap), 'snap-0abc');
    expect(f.message).toBe('snap-0abc (db-backup) is publicly restorable: any AWS account can create a volume from it');
    expect(f.severity).toBe('critical');
  });

  it('describe-snapshots-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ snapshots: [ebsSnapshot({ snapshotId: 'snap-1' })], coverageGaps: [coverageGap({ api: 'DescribeSnapshots' })] });
    expect(resultFor(runRule(rule, snap), 'snap-1').status).toBe('UNKNOWN');
  });
});
