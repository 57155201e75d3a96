import rule from '../../lib/rules/ec2-snapshot-encrypted';
import { ebsSnapshot, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-snapshot-encrypted', () => {
  const cases: { name: string; encrypted: boolean; public?: boolean; expected: string; message: string }[] = [
    { name: 'encrypted-snapshot-passes', encrypted: true, expected: 'PASS', message: 'snap-1 is encrypted' },
    { name: 'unencrypted-snapshot-fails', encrypted: false, expected: 'FAIL', message: 'snap-1 (of vol-1) is not encrypted' },
    { name: 'unencrypted-public-snapshot-fails-and-says-public', encrypted: false, public: true, expected: 'FAIL', message: 'snap-1 (of vol-1) is not encrypted and is public' },
  ];
  it.each(cases)('$name', ({ encrypted, public: isPublic, expected, message }) => {
    const snap = snapshot({ snapshots: [ebsSnapshot({ snapshotId: 'snap-1', volumeId: 'vol-1', encrypted, public: isPublic ?? false })] });
    const f = resultFor(runRule(rule, snap), 'snap-1');
    expect(f.status).toBe(expected);
    expect(f.message).toBe(message);
  });
});
