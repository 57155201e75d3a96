/**
 * `vmaudit scan` run again and again on one output folder: the event cursor saved by one scan sets the
 * next scan's window, an event at the edge is reported once, a late one is picked up, an event that
 * left the window is not "resolved", a --since re-read alerts nothing twice, and a corrupt cursor only
 * costs the default window.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runScan, type ScanCliOptions, type ScanIo } from '../../lib/cli/scan';
import { defaultScanDeps } from '../../lib/collect/scan';
import { GateFailedError } from '../../lib/errors';
import type { Finding } from '../../lib/findings/finding';
import type { LifecycleState } from '../../lib/state/state-document';
import { NOW, staticCredentials } from './fake-aws';
import { mockRecordedAccount } from './recorded-account';
import { serveTrail, trailRecord, type TrailRecord } from './events-trail';

const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);

const MIN = 60_000;
const T1 = NOW.getTime();
const CURSOR = join('state', 'events', '111111111111', 'us-east-1.json');

let serverNow = T1;
let history: TrailRecord[] = [];

beforeEach(() => {
  mockRecordedAccount(ec2, ct);
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] });
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/auditor' });
  history = [];
  serveTrail(ct, history, () => serverNow);
});

interface Scanned {
  stdout: string;
  stderr: string;
  latest: Finding[];
  state: LifecycleState;
  alert: string;
}

async function scanAt(out: string, at: number, o: Partial<ScanCliOptions> = {}): Promise<Scanned> {
  serverNow = at;
  let t = at;
  const stdout: string[] = [];
  const stderr = new PassThrough();
  const errText: string[] = [];
  stderr.on('data', (d) => errText.push(String(d)));
  const io: ScanIo = {
    stdout: (s) => stdout.push(s),
    stderr,
    isTTY: false,
    env: {},
    // The first reading is the scan's time; the rest only move a little.
    now: () => new Date((t += 250) - 250),
    deps: { ...defaultScanDeps, credentials: () => async () => staticCredentials() },
  };
  try {
    await runScan({ out, events: true, regions: 'us-east-1', ...o }, io);
  } catch (err) {
    if (!(err instanceof GateFailedError)) throw err;
  }
  return {
    stdout: stdout.join(''),
    stderr: errText.join(''),
    latest: (JSON.parse(readFileSync(join(out, 'latest', 'findings.json'), 'utf8')) as { findings: Finding[] }).findings,
    state: JSON.parse(readFileSync(join(out, 'latest', 'state.json'), 'utf8')) as LifecycleState,
    alert: readFileSync(join(out, 'latest', 'alert.txt'), 'utf8'),
  };
}

const sgChange = (id: string, time: number, arrives?: number) => trailRecord('authorize-sg-ingress-ssh-open', id, time, { arrives });
const eventFinding = (s: Scanned, eventId: string) => s.latest.find((f) => f.ruleId === 'evt-security-group-change' && f.evidence.eventId === eventId);

describe('vmaudit scan, one scan after another', () => {
  it('each-event-is-reported-new-once-late-ones-are-caught-and-none-is-resolved-by-the-window', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-events-'));
    history.push(sgChange('edge', T1), sgChange('early', T1 - 10 * MIN));
    // Happens 3 minutes before the first scan, reaches LookupEvents 8 minutes after it.
    history.push(sgChange('late', T1 - 3 * MIN, T1 + 8 * MIN));

    const s1 = await scanAt(out, T1);
    expect(eventFinding(s1, 'edge')?.lifecycle).toBe('NEW');
    expect(eventFinding(s1, 'early')?.lifecycle).toBe('NEW');
    expect(eventFinding(s1, 'late')).toBeUndefined();
    expect(s1.alert).toContain('sg-003dc7f1f1c686164');
    const cursor1 = JSON.parse(readFileSync(join(out, CURSOR), 'utf8')) as { kind: string; cursor: { windowEnd: string } };
    expect(cursor1).toMatchObject({ kind: 'vmaudit-event-cursor', cursor: { windowEnd: new Date(T1).toISOString() } });
    expect(s1.stdout).toContain(`Event windows: 1 cursor saved in ${join(out, 'state', 'events')}`);
    expect(s1.stderr).toContain('"msg":"no event cursor yet"');

    const T2 = T1 + 60 * MIN;
    const s2 = await scanAt(out, T2);
    // Re-read in the overlap but already counted: not in this run at all, and not resolved either.
    expect(eventFinding(s2, 'edge')).toBeUndefined();
    expect(eventFinding(s2, 'early')).toBeUndefined();
    expect(s2.latest.filter((f) => f.lifecycle === 'RESOLVED' && f.ruleId.startsWith('evt-'))).toEqual([]);
    expect(eventFinding(s2, 'late')?.lifecycle).toBe('NEW');
    const edgeId = eventFinding(s1, 'edge')!.id;
    expect(s2.state.findings.find((t) => t.id === edgeId)).toMatchObject({ state: 'past', occurrence: true });
    // The window continued from the first scan's end, minus the 20-minute re-read strip.
    const window = s2.latest.find((f) => f.ruleId === 'evt-event-coverage')!.evidence.window;
    expect(window).toEqual({ from: new Date(T1 - 20 * MIN).toISOString(), to: new Date(T2).toISOString() });

    // --since 7d reads everything again: the same events, OPEN, and nothing alerts twice.
    const s3 = await scanAt(out, T2 + 60 * MIN, { since: '7d' });
    expect(['edge', 'early', 'late'].map((id) => eventFinding(s3, id)?.lifecycle)).toEqual(['OPEN', 'OPEN', 'OPEN']);
    expect(s3.alert).not.toContain('sg-003dc7f1f1c686164');
  });

  it('a-corrupt-cursor-costs-only-the-default-window-and-is-said', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-events-'));
    history.push(sgChange('one', T1 - 2 * 60 * MIN));
    await scanAt(out, T1);
    writeFileSync(join(out, CURSOR), '{"kind": "vmaudit-event-cursor", "schemaVersion": 1, "cursor": ');
    const s2 = await scanAt(out, T1 + 60 * MIN);
    expect(s2.stderr).toMatch(/"level":"warn","msg":"event cursor unusable".*"problem":"corrupt"/);
    expect(s2.latest.find((f) => f.ruleId === 'evt-event-coverage')!.evidence.window).toEqual({ from: new Date(T1 + 60 * MIN - 24 * 60 * MIN).toISOString(), to: new Date(T1 + 60 * MIN).toISOString() });
    // Re-read by the default window: the same finding, still not new.
    expect(eventFinding(s2, 'one')?.lifecycle).toBe('OPEN');
    // And the cursor is whole again.
    expect(JSON.parse(readFileSync(join(out, CURSOR), 'utf8'))).toMatchObject({ cursor: { windowEnd: new Date(T1 + 60 * MIN).toISOString() } });
  });

  it('the-cursor-is-saved-when-the-fail-on-gate-trips-after-publishing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-events-'));
    const s = await scanAt(out, T1, { failOn: 'low' });
    expect(s.latest.length).toBeGreaterThan(0);
    expect(existsSync(join(out, CURSOR))).toBe(true);
  });

  it('no-events-leave-the-stored-cursor-alone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vmaudit-events-'));
    await scanAt(out, T1);
    const before = readFileSync(join(out, CURSOR), 'utf8');
    const s = await scanAt(out, T1 + 60 * MIN, { events: false });
    expect(readFileSync(join(out, CURSOR), 'utf8')).toBe(before);
    expect(s.stdout).not.toContain('Event windows:');
  });
});
