/**
 * LookupEvents across consecutive scans through the event cursor: an event at a window edge is counted
 * once, a late event is read through the re-read strip, a burst spans two scans, the part a cap left
 * unread is read later, pacing holds, and a failed or disabled read never moves the cursor.
 */
import { mockClient } from 'aws-sdk-client-mock';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { collectTarget, type TargetResult } from '../../lib/collect/collect-target';
import { eventsCollector } from '../../lib/collect/cloudtrail/events';
import type { EventOptions } from '../../lib/collect/types';
import { emptyCursor, type EventCursor } from '../../lib/events/cursor';
import { EVENT_RULES } from '../../lib/events/rules';
import { evaluate } from '../../lib/engine/evaluate';
import { PolicySchema } from '../../lib/policy/schema';
import { awsError, fakeClock, NOW, TARGET } from './fake-aws';
import { serveTrail, trailRecord, type TrailRecord } from './events-trail';
import { openTargetClients } from '../../lib/collect/target-clients';

const ct = mockClient(CloudTrailClient);
mockClient(EC2Client).onAnyCommand().resolves({});

const MIN = 60_000;
const T1 = NOW.getTime();
const T2 = T1 + 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

let serverNow = T1;
let history: TrailRecord[] = [];

async function scanAt(now: number, events: Partial<EventOptions> = {}, logs: Record<string, unknown>[] = [], clock = fakeClock(now)): Promise<TargetResult> {
  serverNow = now;
  return collectTarget(TARGET, newClientsFor(), { now: new Date(now), clock, log: (e) => logs.push(e), events: { enabled: true, ...events } }, [eventsCollector]);
}

function newClientsFor() {
  const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
  return openTargetClients({ region: TARGET.region, credentials });
}

const counted = (r: TargetResult) => r.slice.events.filter((e) => !e.carried).map((e) => e.eventId);
const carried = (r: TargetResult) => r.slice.events.filter((e) => e.carried).map((e) => e.eventId);
const sg = (id: string, time: number, arrives?: number) => trailRecord('authorize-sg-ingress-ssh-open', id, time, { arrives });
const failedLogin = (id: string, time: number) => trailRecord('console-login-iam-user-failure', id, time);

beforeEach(() => {
  ct.reset();
  history = [];
  serveTrail(ct, history, () => serverNow);
});

describe('two consecutive scans', () => {
  it('an-event-at-the-window-edge-is-counted-by-the-first-scan-only', async () => {
    history.push(sg('edge', T1), sg('before', T1 - 10 * MIN));
    const r1 = await scanAt(T1);
    expect(counted(r1)).toEqual(['before', 'edge']);
    history.push(sg('after', T1 + 30 * MIN));
    const r2 = await scanAt(T2, { cursor: r1.eventCursor });
    // The second window re-reads lag + overlap (20 min) before the first one's end: both old events come back, neither counts again.
    expect(r2.slice.eventWindows[0]).toMatchObject({ from: iso(T1 - 20 * MIN), to: iso(T2), eventCount: 3 });
    expect(counted(r2)).toEqual(['after']);
    expect(r2.eventCursor).toMatchObject({ accountId: TARGET.accountId, region: TARGET.region, windowEnd: iso(T2), lastEventTime: iso(T1 + 30 * MIN) });
  });

  it('an-event-delivered-late-is-read-through-the-overlap-by-the-next-scan', async () => {
    // Happened 3 minutes before the first scan, delivered to LookupEvents 8 minutes after it.
    history.push(sg('late', T1 - 3 * MIN, T1 + 8 * MIN));
    const r1 = await scanAt(T1);
    expect(counted(r1)).toEqual([]);
    const r2 = await scanAt(T2, { cursor: r1.eventCursor });
    expect(counted(r2)).toEqual(['late']);
    const r3 = await scanAt(T2 + 60 * MIN, { cursor: r2.eventCursor });
    expect(counted(r3)).toEqual([]);
  });

  it('an-event-delivered-later-than-the-lag-is-missed-as-documented', async () => {
    // 25 minutes old when delivered: older than the 20-minute re-read strip of the next window.
    history.push(sg('too-late', T1 - 25 * MIN, T1 + 5 * MIN));
    const r1 = await scanAt(T1);
    const r2 = await scanAt(T2, { cursor: r1.eventCursor });
    expect([...counted(r1), ...counted(r2)]).toEqual([]);
  });

  it('a-larger-lag-setting-catches-that-event', async () => {
    history.push(sg('too-late', T1 - 25 * MIN, T1 + 5 * MIN));
    const cursorOptions = { lagMinutes: 30 };
    const r1 = await scanAt(T1, { cursorOptions });
    const r2 = await scanAt(T2, { cursor: r1.eventCursor, cursorOptions });
    expect(counted(r2)).toEqual(['too-late']);
  });

  it('a-burst-of-failed-sign-ins-spanning-two-scans-is-found-and-reported-once', async () => {
    history.push(failedLogin('f1', T1 - 3 * MIN), failedLogin('f2', T1 - 2 * MIN), failedLogin('f3', T1 - 1 * MIN));
    const r1 = await scanAt(T1);
    history.push(failedLogin('f4', T1 + 2 * MIN), failedLogin('f5', T1 + 4 * MIN));
    const r2 = await scanAt(T2, { cursor: r1.eventCursor });
    expect(counted(r2)).toEqual(['f4', 'f5']);
    expect(carried(r2)).toEqual(['f1', 'f2', 'f3']);

    const policy = PolicySchema.parse({});
    const bursts = (r: TargetResult) => evaluate(r.slice, policy, { rules: EVENT_RULES, now: new Date(T2) }).findings.filter((f) => f.ruleId === 'evt-console-auth-failure' && f.status === 'FAIL');
    expect(bursts(r1)).toEqual([]);
    const found = bursts(r2);
    expect(found).toHaveLength(1);
    expect(found[0].evidence).toMatchObject({ count: 5, carriedFromPreviousWindow: 3, eventIds: ['f1', 'f2', 'f3', 'f4', 'f5'] });

    // The third scan carries the burst again but reports nothing new from it.
    const r3 = await scanAt(T2 + 20 * MIN, { cursor: r2.eventCursor });
    expect(bursts(r3)).toEqual([]);
  });
});

describe('the read cap across scans', () => {
  // One write event a minute over the 300 minutes before the first scan.
  const writes = () => Array.from({ length: 300 }, (_, i) => sg(`w-${i + 1}`, T1 - (i + 1) * MIN));

  it('the-part-a-cap-left-unread-is-read-by-a-later-scan-with-budget-paced', async () => {
    history.push(...writes());
    const logs1: Record<string, unknown>[] = [];
    const r1 = await scanAt(T1, { maxPerRegion: 120 }, logs1);
    expect(r1.slice.eventWindows[0]).toMatchObject({ capped: true, eventCount: 120 });
    expect(logs1).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'event cap reached', cap: 120, unreadBefore: iso(T1 - 120 * MIN) }));
    expect(r1.eventCursor!.missed).toEqual([{ from: iso(T1 - 24 * 60 * MIN), to: iso(T1 - 120 * MIN) }]);

    history.push(sg('new', T1 + 10 * MIN));
    const clock = fakeClock(T2);
    const calls = serveTrail(ct, history, () => serverNow, clock);
    const r2 = await scanAt(T2, { cursor: r1.eventCursor, maxPerRegion: 1000 }, [], clock);
    expect(r2.slice.eventWindows.map((w) => [w.from, w.to, w.capped])).toEqual([
      [iso(T1 - 20 * MIN), iso(T2), false],
      [iso(T1 - 24 * 60 * MIN), iso(T1 - 120 * MIN), false],
    ]);
    expect(r2.eventCursor!.missed).toEqual([]);
    const all = [...counted(r1), ...counted(r2)];
    expect(new Set(all).size).toBe(301);
    // Only the event stamped at the second where the cap stopped is read twice; the lifecycle recognises it (same finding id).
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual(['w-120']);
    // Window and backlog share the pacer: never two calls within a second.
    const at = calls.map((c) => c.at!);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('a-scan-without-budget-to-spare-keeps-the-unread-range-for-later', async () => {
    history.push(...writes());
    const r1 = await scanAt(T1, { maxPerRegion: 120 });
    // The next window alone reaches the cap (its re-read strip holds 20 events, the cap is 20).
    const r2 = await scanAt(T2, { cursor: r1.eventCursor, maxPerRegion: 20 });
    expect(r2.slice.eventWindows).toHaveLength(1);
    expect(r2.eventCursor!.missed[0]).toEqual({ from: iso(T1 - 24 * 60 * MIN), to: iso(T1 - 120 * MIN) });
  });

  it('an-unread-range-older-than-the-lookup-history-is-dropped-without-a-call', async () => {
    const old: EventCursor = { ...emptyCursor(TARGET.accountId, TARGET.region), windowEnd: iso(T1 - 60 * MIN), missed: [{ from: iso(T1 - 100 * 86_400_000), to: iso(T1 - 95 * 86_400_000) }] };
    const logs: Record<string, unknown>[] = [];
    const r = await scanAt(T1, { cursor: old }, logs);
    expect(ct.commandCalls(LookupEventsCommand).map((c) => (c.args[0].input.StartTime as Date).toISOString())).toEqual([iso(T1 - 80 * MIN), iso(T1 - 80 * MIN)]);
    expect(r.eventCursor!.missed).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/older than the LookupEvents history/) }));
  });
});

describe('what moves the cursor', () => {
  it('since-sets-the-window-and-the-cursor-still-drops-what-it-counted', async () => {
    history.push(sg('edge', T1), sg('old', T1 - 3 * 60 * MIN));
    const r1 = await scanAt(T1);
    const r2 = await scanAt(T2, { cursor: r1.eventCursor, since: new Date(T1 - 6 * 60 * MIN) });
    expect(r2.slice.eventWindows[0]).toMatchObject({ from: iso(T1 - 6 * 60 * MIN - 5 * MIN), to: iso(T2) });
    // "old" is outside the ids the cursor remembers, so an explicit re-read counts it again (the lifecycle keeps it OPEN, not NEW).
    expect(counted(r2)).toEqual(['old']);
  });

  it('a-failed-read-hands-back-the-previous-cursor-unchanged', async () => {
    history.push(sg('a', T1 - MIN));
    const r1 = await scanAt(T1);
    ct.on(LookupEventsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', { throttling: true }));
    const r2 = await scanAt(T2, { cursor: r1.eventCursor });
    expect(r2.eventCursor).toBe(r1.eventCursor);
    expect(r2.slice.eventWindows).toEqual([]);
  });

  it('a-failed-first-read-hands-back-no-cursor', async () => {
    ct.on(LookupEventsCommand).rejects(awsError('AccessDeniedException', 'denied', { status: 403 }));
    const r = await scanAt(T1);
    expect(r.eventCursor).toBeUndefined();
  });

  it('events-off-make-no-cursor', async () => {
    const r = await scanAt(T1, { enabled: false });
    expect(r.eventCursor).toBeUndefined();
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(0);
  });

  it('a-first-scan-makes-a-cursor-ending-at-its-time', async () => {
    const r = await scanAt(T1);
    expect(r.eventCursor).toEqual({ accountId: TARGET.accountId, region: TARGET.region, windowEnd: iso(T1), recentIds: [], tail: [], missed: [] });
  });
});
