/**
 * `vmaudit import aws-cli` records what each target read: the EC2 APIs its files stand for, and
 * nothing else. A rule over data no file held (trails, launch templates, snapshot attributes,
 * CloudTrail events) says UNKNOWN with what was not read, never PASS over an empty list and never
 * "no trail" about trails that were never listed.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAwsCli } from '../../lib/collect/aws-cli/import';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { evaluate } from '../../lib/engine/evaluate';
import { PolicySchema } from '../../lib/policy/schema';

const AT = new Date('2026-12-01T00:00:00Z');
const ACCOUNT = '111122223333';

function dump(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-import-'));
  const folder = join(dir, 'accounts', ACCOUNT, 'eu-west-1');
  mkdirSync(folder, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(folder, `${name}.json`), JSON.stringify(body));
  return dir;
}

const DIR = dump({
  Vpcs: { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: ACCOUNT }] },
  Snapshots: { Snapshots: [{ SnapshotId: 'snap-1', VolumeId: 'vol-1', Encrypted: true, OwnerId: ACCOUNT, State: 'completed', StartTime: '2026-11-01T00:00:00Z' }] },
  PrefixLists: { PrefixLists: [{ PrefixListId: 'pl-1', PrefixListName: 'com.amazonaws.eu-west-1.s3', Cidrs: ['52.218.0.0/17'] }] },
});

const { snapshot } = importAwsCli(DIR, {}, AT);
const findings = evaluate(snapshot, PolicySchema.parse({}), { rules: FULL_CATALOGUE, now: AT }).findings;
const statuses = (ruleId: string) => [...new Set(findings.filter((f) => f.ruleId === ruleId).map((f) => f.status))].sort();
const messages = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.message).join('\n');

describe('vmaudit import aws-cli records what each target read', () => {
  it('the-target-records-the-ec2-apis-of-its-files-and-a-prefix-list-dump-counts-as-its-entries', () => {
    expect(snapshot.inventoryReads).toEqual([{ accountId: ACCOUNT, region: 'eu-west-1', apis: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeSnapshots', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'] }]);
  });

  it.each([
    { rule: 'ct-trail-enabled', notRead: /DescribeTrails failed or was not read/ },
    { rule: 'ct-multi-region-trail', notRead: /DescribeTrails failed or was not read/ },
    { rule: 'ec2-launch-template-imdsv2', notRead: /ec2:DescribeLaunchTemplateVersions was not read/ },
    { rule: 'ec2-snapshot-shared-trusted', notRead: /ec2:DescribeSnapshotAttribute was not read/ },
    { rule: 'ct-trail-bucket-not-public', notRead: /not read/ },
    { rule: 'evt-unauthorized-api-calls', notRead: /not read|no CloudTrail/i },
  ])('$rule-over-data-no-file-held-is-unknown-never-pass-or-fail', ({ rule, notRead }) => {
    expect(statuses(rule)).toEqual(['UNKNOWN']);
    expect(messages(rule)).toMatch(notRead);
  });

  it('a-rule-over-a-kind-the-files-held-still-decides', () => {
    expect(statuses('ec2-snapshot-encrypted')).toEqual(['PASS']);
  });
});
