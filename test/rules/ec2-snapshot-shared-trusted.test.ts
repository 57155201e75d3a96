import rule from '../../lib/rules/ec2-snapshot-shared-trusted';
import { coverageGap, ebsSnapshot, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

const OWN = '111111111111';
const SCANNED = '333333333333';
const PARTNER = '444444444444';
const STRANGER = '555555555555';
const targets = [{ accountId: OWN, region: 'us-east-1' }, { accountId: SCANNED, region: 'us-east-1' }];

describe('ec2-snapshot-shared-trusted', () => {
  it.each([
    { name: 'not-shared-passes', sharedWith: [] as string[], expected: 'PASS' },
    { name: 'shared-with-an-account-the-audit-scans-passes', sharedWith: [SCANNED], expected: 'PASS' },
    { name: 'shared-with-a-trusted-partner-passes', sharedWith: [PARTNER], trustedAccounts: [PARTNER], expected: 'PASS' },
    { name: 'shared-with-an-unknown-account-fails', sharedWith: [STRANGER], expected: 'FAIL' },
    { name: 'one-untrusted-among-trusted-fails', sharedWith: [PARTNER, STRANGER], trustedAccounts: [PARTNER], expected: 'FAIL' },
    { name: 'sharing-not-read-is-unknown', sharedWith: undefined, expected: 'UNKNOWN' },
  ])('$name', ({ sharedWith, trustedAccounts, expected }) => {
    const snap = snapshot({ targets, snapshots: [ebsSnapshot({ snapshotId: 'snap-1', ...(sharedWith ? { sharedWith } : {}) })] });
    expect(resultFor(runRule(rule, snap, {}, { trustedAccounts: trustedAccounts ?? [] }), 'snap-1').status).toBe(expected);
  });

  it('fail-names-only-the-untrusted-accounts', () => {
    const snap = snapshot({ targets, snapshots: [ebsSnapshot({ snapshotId: 'snap-1', sharedWith: [STRANGER, PARTNER, SCANNED] })] });
    const f = resultFor(runRule(rule, snap, {}, { trustedAccounts: [PARTNER] }), 'snap-1');
    expect(f.message).toBe('snap-1 is shared with an account outside trustedAccounts: 555555555555');
    expect(f.evidence).toEqual({ sharedWith: [SCANNED, PARTNER, STRANGER], untrusted: [STRANGER] });
  });

  it('api-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ targets, snapshots: [ebsSnapshot({ snapshotId: 'snap-1', sharedWith: [] })], coverageGaps: [coverageGap({ api: 'DescribeSnapshotAttribute' })] });
    expect(resultFor(runRule(rule, snap), 'snap-1').status).toBe('UNKNOWN');
  });
});
