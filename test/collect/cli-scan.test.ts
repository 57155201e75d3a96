/** `vmaudit scan` end to end over mocked AWS: flags, snapshot file, summary, progress lines, evaluation hand-off. */
import { docPage } from '../support/doc-page';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runScan, scanOptionsFrom, parseSince, type ScanCliOptions, type ScanIo } from '../../lib/cli/scan';
import { defaultScanDeps } from '../../lib/collect/scan';
import { COLLECTORS } from '../../lib/collect/registry';
import { readSnapshotFile } from '../../lib/model/snapshot-file';
import { GateFailedError, PolicyFileError, UsageError } from '../../lib/errors';
import { accessDenied, fixture, NOW, staticCredentials } from './fake-aws';
import { mockRecordedAccount } from './recorded-account';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);

function setup() {
  mockRecordedAccount(ec2, ct);
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
  ct.on(LookupEventsCommand).resolves(fixture('cloudtrail/lookup-events-console-login'));
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/auditor' });
}

function io(over: Partial<ScanIo> = {}) {
  const out: string[] = [];
  const err = new PassThrough();
  const errText: string[] = [];
  err.on('data', (d) => errText.push(String(d)));
  let t = NOW.getTime();
  const value: ScanIo = {
    stdout: (s) => out.push(s),
    stderr: err,
    isTTY: false,
    env: {},
    now: () => new Date((t += 250)),
    deps: { ...defaultScanDeps, credentials: () => async () => staticCredentials() },
    ...over,
  };
  return { value, out, errText };
}

const flags = (o: Partial<ScanCliOptions> = {}): ScanCliOptions => ({ out: mkdtempSync(join(tmpdir(), 'vmaudit-scan-')), events: true, regions: 'us-east-1', ...o });

describe('vmaudit scan', () => {
  beforeEach(setup);

  it('writes-the-snapshot-prints-the-summary-and-hands-it-to-the-evaluation', async () => {
    const calls: unknown[] = [];
    const { value, out, errText } = io({ runEvaluation: async (input) => void calls.push(input) });
    const f = flags({ failOn: 'high' });
    await runScan(f, value);
    const snap = await readSnapshotFile(join(f.out, 'snapshot.json.gz'));
    expect(snap.instances).toHaveLength(2);
    expect(snap.events.map((e) => e.name)).toEqual(['ConsoleLogin']);
    expect(calls).toEqual([
      expect.objectContaining({
        snapshot: expect.objectContaining({ targets: [{ accountId: '111111111111', region: 'us-east-1' }] }),
        source: 'live scan of 1 account',
        policyFile: undefined,
        outDir: f.out,
        failOn: 'high',
        startedAt: expect.any(Date),
        finishedAt: expect.any(Date),
      }),
    ]);
    const text = out.join('');
    expect(text).toContain('No coverage gaps: every API call succeeded.');
    expect(text).toMatch(/1 target, \d+ API calls, \d+\.\d s/);
    expect(text).toContain(`Snapshot: ${join(f.out, 'snapshot.json.gz')}`);
    // Not a terminal: one JSON object per line, each a step.
    const lines = errText.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'caller', accountId: '111111111111' });
    expect(lines.filter((l) => l.msg === 'step' && l.status === 'done')).toHaveLength(COLLECTORS.length);
  });

  it('a-partial-scan-still-writes-its-snapshot-and-reports-with-the-gaps', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(accessDenied('DescribeSecurityGroups'));
    const { value, out, errText } = io();
    const f = flags();
    // --fail-on low: the recorded account has failing findings, so the gate trips after everything is written.
    await expect(runScan({ ...f, failOn: 'low' }, value)).rejects.toBeInstanceOf(GateFailedError);
    const snap = await readSnapshotFile(join(f.out, 'snapshot.json.gz'));
    expect(snap.coverageGaps.map((g) => g.api)).toEqual(['DescribeSecurityGroups']);
    const text = out.join('');
    expect(text).toContain('Coverage gaps (1): rules that need this data report UNKNOWN there, never PASS.');
    expect(text).toMatch(/ec2:DescribeSecurityGroups.*UnauthorizedOperation/);
    expect(errText.join('')).toContain('"status":"gap"');
    // The same reports as `vmaudit evaluate`, and the rules that needed security groups say UNKNOWN.
    const findings = JSON.parse(readFileSync(join(f.out, 'latest', 'findings.json'), 'utf8')) as { run: { coverageGaps: unknown[] }; findings: { ruleId: string; status: string; region: string }[] };
    expect(findings.run.coverageGaps).toHaveLength(1);
    expect(findings.findings.some((x) => x.ruleId === 'ec2-sg-no-public-ssh' && x.status === 'UNKNOWN')).toBe(true);
    expect(existsSync(join(f.out, 'latest', 'report.html'))).toBe(true);
  });

  it('a-broken-policy-file-stops-before-any-api-call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmaudit-pol-'));
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'frameworks: [nope]\n');
    await expect(runScan(flags({ policy }), io().value)).rejects.toBeInstanceOf(PolicyFileError);
    expect(sts.calls()).toHaveLength(0);
    expect(ec2.calls().map((c) => (c.args[0] as object).constructor.name)).toEqual([]);
  });

  it('selection-flags-choose-the-rules-the-evaluation-runs-and---quiet-silences-progress', async () => {
    const calls: { rules?: readonly { id: string }[]; rulesNotSelected?: readonly string[] }[] = [];
    const { value, out, errText } = io({ runEvaluation: async (input) => void calls.push(input) });
    await runScan(flags({ checks: 'ec2-imdsv2-required,ec2-sg-no-public-ssh', excludedChecks: 'ec2-sg-no-public-ssh', quiet: true }), value);
    expect(calls[0].rules!.map((r) => r.id)).toEqual(['ec2-imdsv2-required']);
    expect(calls[0].rulesNotSelected!.length).toBeGreaterThan(40);
    expect(out.join('')).toBe('');
    expect(errText.join('')).not.toContain('"msg":"plan"');
    const more: typeof calls = [];
    await runScan(flags({ services: 'cloudtrail', severity: 'high,critical' }), io({ runEvaluation: async (input) => void more.push(input) }).value);
    expect(more[0].rules!.every((r) => /^(ct|evt)-/.test(r.id))).toBe(true);
  });

  it('--json-prints-the-run-summary-alone-on-stdout-and-everything-else-on-stderr', async () => {
    const { value, out, errText } = io();
    await runScan(flags({ json: true, status: 'FAIL,UNKNOWN', verbose: true }), value);
    const doc = JSON.parse(out.join(''));
    expect(doc.kind).toBe('vmaudit-run-summary');
    expect(doc.statuses).toEqual(['FAIL', 'UNKNOWN']);
    expect(doc.findings.length).toBeGreaterThan(0);
    const err = errText.join('');
    expect(err).toContain('Snapshot: ');
    expect(err).toMatch(/Findings with status FAIL, UNKNOWN: \d+/);
  });

  it('terminal-progress-draws-bars-per-account-region-service', async () => {
    const { value, errText } = io({ isTTY: true, runEvaluation: async () => undefined });
    await runScan(flags({ events: false }), value);
    const drawn = errText.join('');
    expect(drawn).toContain('111111111111 us-east-1      ec2');
    expect(drawn).toContain('111111111111 us-east-1      cloudtrail');
  });
});

describe('scan flags', () => {
  it.each<[string, Partial<ScanCliOptions>, RegExp]>([
    ['typo-in-region', { regions: 'us-est-1' }, /^UsageError: --regions "us-est-1" is not a region name: expected a region name like us-east-1.*Use --regions all/],
    ['empty-regions', { regions: ',' }, /--regions is empty/],
    ['short-account-id', { accounts: '12345', roleName: 'r' }, /^UsageError: --accounts "12345" is not an AWS account id: expected a 12-digit AWS account id/],
    ['org-without-role', { org: true }, /--org needs --role-name/],
    ['org-with-accounts', { org: true, accounts: '111111111111', roleName: 'r' }, /--org and --accounts exclude each other/],
    ['external-id-without-role', { externalId: 'x' }, /--external-id goes with --role-name/],
    ['unknown-severity', { failOn: 'urgent' }, /--fail-on "urgent" is not a severity: use one of critical, high, medium, low, info/],
    ['bad-max-events', { maxEvents: '0' }, /--max-events "0" must be a whole number/],
    ['bad-since', { since: 'last tuesday' }, /--since "last tuesday" is not a date/],
    ['bad-home-region', { homeRegion: 'moon-1' }, /^UsageError: --home-region "moon-1" is not a region name: expected a region name like us-east-1/],
    ['timeout-in-hours', { timeout: '2h' }, /^UsageError: --timeout "2h" is not a duration from 1 s to 24 h/],
    ['timeout-zero', { timeout: '0s' }, /^UsageError: --timeout "0s" is not a duration from 1 s to 24 h/],
    // A Node timer above 2^31 - 1 ms fires at once: a huge deadline must not become none at all.
    ['timeout-beyond-a-day', { timeout: '1441m' }, /^UsageError: --timeout "1441m" is not a duration from 1 s to 24 h/],
  ])('%s-is-a-usage-error', (_n, o, message) => {
    const f = { out: 'x', events: true, ...o } as ScanCliOptions;
    expect(() => scanOptionsFrom(f, {}, NOW)).toThrow(UsageError);
    expect(() => scanOptionsFrom(f, {}, NOW)).toThrow(message);
  });

  it.each([
    ['default', undefined, 600_000],
    ['seconds', '90', 90_000],
    ['seconds-with-unit', '90s', 90_000],
    ['minutes', '10m', 600_000],
    ['a-day', '1440m', 86_400_000],
  ])('timeout-%s-is-%d-ms', (_n, timeout, ms) => {
    expect(scanOptionsFrom({ out: 'x', events: true, timeout } as ScanCliOptions, {}, NOW).scan.timeoutMs).toBe(ms);
  });

  it('a-bad-AWS_REGION-is-named-as-the-variable-it-came-from', () => {
    const f = { out: 'x', events: true } as ScanCliOptions;
    expect(() => scanOptionsFrom(f, { AWS_REGION: 'moon' }, NOW)).toThrow(/^UsageError: AWS_REGION "moon" is not a region name: expected a region name like us-east-1/);
  });

  it('the-same-words-as-every-other-command-for-the-same-mistake', () => {
    const f = { out: 'x', events: true, accounts: '12345', roleName: 'r' } as ScanCliOptions;
    // `vmaudit events --account 12345` says exactly this after the flag name.
    expect(() => scanOptionsFrom(f, {}, NOW)).toThrow('"12345" is not an AWS account id: expected a 12-digit AWS account id, e.g. 123456789012');
  });

  it.each([
    ['defaults-all-regions-home-from-env', {}, { AWS_REGION: 'eu-west-3' }, { regions: 'all', homeRegion: 'eu-west-3' }],
    ['home-region-falls-back-to-the-first-region', { regions: 'ap-south-1,eu-west-1' }, {}, { regions: ['ap-south-1', 'eu-west-1'], homeRegion: 'ap-south-1' }],
    ['explicit-home-region-wins', { regions: 'all', homeRegion: 'us-gov-west-1' }, { AWS_REGION: 'us-east-1' }, { homeRegion: 'us-gov-west-1' }],
  ])('%s', (_n, o, env, expected) => {
    expect(scanOptionsFrom({ out: 'x', events: true, ...o }, env, NOW).scan).toMatchObject(expected);
  });

  it.each([
    ['90m', '2026-11-26T10:30:00.000Z'],
    ['6h', '2026-11-26T06:00:00.000Z'],
    ['7d', '2026-11-19T12:00:00.000Z'],
    ['2026-11-26T09:00:00Z', '2026-11-26T09:00:00.000Z'],
  ])('since-%s', (text, iso) => {
    expect(parseSince(text, NOW)?.toISOString()).toBe(iso);
  });

  it('since-in-the-future-is-refused', () => {
    expect(() => parseSince('2027-01-01T00:00:00Z', NOW)).toThrow(/in the future/);
  });
});

it('readme-example-output-is-current', () => {
  // docs/scan.md shows `vmaudit permissions` output; keep it in step with the registry.
  const doc = docPage('scan.md');
  const { permissionsPolicy } = require('../../lib/cli/permissions');
  expect(doc).toContain(JSON.stringify(permissionsPolicy(), null, 2));
});
