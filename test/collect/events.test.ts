/** LookupEvents: window, overlap, paging, de-duplication, pacing, cap, and the record normaliser. */
import { mockClient } from 'aws-sdk-client-mock';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { collectTarget } from '../../lib/collect/collect-target';
import { eventsCollector, eventWindowOf } from '../../lib/collect/cloudtrail/events';
import { AuditEventSchema } from '../../lib/model/schema';
import { awsError, fakeClock, fixture, newClients, NOW, TARGET } from './fake-aws';

const ct = mockClient(CloudTrailClient);
mockClient(EC2Client).onAnyCommand().resolves({});

function event(i: number, name = 'RunInstances'): Event {
  const time = new Date(NOW.getTime() - i * 1000).toISOString();
  return {
    EventId: `ev-${i}`,
    EventName: name,
    EventTime: new Date(time),
    EventSource: 'ec2.amazonaws.com',
    ReadOnly: 'false',
    CloudTrailEvent: JSON.stringify({ eventID: `ev-${i}`, eventTime: time, eventName: name, eventSource: 'ec2.amazonaws.com', awsRegion: 'us-east-1', readOnly: false, userIdentity: { type: 'IAMUser', userName: 'bob' } }),
  };
}

/** LookupEvents for one attribute value: `events` newest first, 50 a page. */
function serve(byAttribute: Record<string, Event[]>, clock?: { now(): number }) {
  const asked: { attribute: string; token?: string; start?: Date; end?: Date; max?: number; at?: number }[] = [];
  ct.on(LookupEventsCommand).callsFake((input) => {
    const attribute = `${input.LookupAttributes[0].AttributeKey}=${input.LookupAttributes[0].AttributeValue}`;
    asked.push({ attribute, token: input.NextToken, start: input.StartTime, end: input.EndTime, max: input.MaxResults, at: clock?.now() });
    const list = byAttribute[attribute] ?? [];
    const from = input.NextToken ? Number(input.NextToken) : 0;
    const next = from + 50 < list.length ? String(from + 50) : undefined;
    return { Events: list.slice(from, from + 50), NextToken: next };
  });
  return asked;
}

const run = (events: Record<string, unknown> = {}, clock = fakeClock()) =>
  collectTarget(TARGET, newClients(), { now: NOW, clock, events: { enabled: true, ...events } }, [eventsCollector]);

beforeEach(() => ct.reset());

describe('event window', () => {
  it.each([
    ['first-run-reads-the-lookback', undefined, '2026-11-25T12:00:00.000Z'],
    ['next-run-starts-five-minutes-before-the-previous-end', new Date('2026-11-26T11:00:00.000Z'), '2026-11-26T10:55:00.000Z'],
    ['a-since-in-the-future-still-reads-the-overlap', new Date('2026-11-27T00:00:00.000Z'), '2026-11-26T11:55:00.000Z'],
  ])('%s', (_n, since, from) => {
    const w = eventWindowOf(NOW, { since, overlapMs: 5 * 60_000, lookbackMs: 24 * 3_600_000 });
    expect(w.from.toISOString()).toBe(from);
    expect(w.to.toISOString()).toBe(NOW.toISOString());
  });
});

describe('LookupEvents collection', () => {
  it('reads-console-logins-then-write-events-one-attribute-per-call-over-the-window', async () => {
    const asked = serve({
      'EventName=ConsoleLogin': fixture<{ Events: Event[] }>('cloudtrail/lookup-events-console-login').Events,
      'ReadOnly=false': fixture<{ Events: Event[] }>('cloudtrail/lookup-events-write').Events,
    });
    const r = await run({ since: new Date('2026-11-26T09:00:00.000Z') });
    expect(asked.map((a) => [a.attribute, a.max])).toEqual([
      ['EventName=ConsoleLogin', 50],
      ['ReadOnly=false', 50],
    ]);
    expect(asked[0].start?.toISOString()).toBe('2026-11-26T08:55:00.000Z');
    expect(asked[0].end?.toISOString()).toBe(NOW.toISOString());
    expect(r.slice.events.map((e) => e.name)).toEqual(['ConsoleLogin', 'AuthorizeSecurityGroupIngress', 'StopLogging']);
    for (const e of r.slice.events) expect(() => AuditEventSchema.parse(e)).not.toThrow();
    const login = r.slice.events[0];
    expect(login).toMatchObject({ consoleLogin: 'Success', principal: { type: 'IAMUser', userName: 'alice', mfaUsed: false }, sourceIp: '198.51.100.7', eventType: 'AwsConsoleSignIn', origin: 'lookup' });
    const sg = r.slice.events[1];
    expect(sg).toMatchObject({
      readOnly: false,
      principal: { type: 'AssumedRole', sessionIssuerArn: 'arn:aws:iam::111111111111:role/ci', mfaUsed: false },
      resources: expect.arrayContaining([{ type: 'AWS::EC2::SecurityGroup', id: 'arn:aws:ec2:us-east-1:111111111111:security-group/sg-0web000000000000a' }]),
      requestParameters: { groupId: 'sg-0web000000000000a' },
    });
  });

  it('an-event-with-broken-json-is-kept-from-its-summary-and-counted-unparsed', async () => {
    serve({ 'ReadOnly=false': fixture<{ Events: Event[] }>('cloudtrail/lookup-events-write').Events });
    const r = await run();
    const stop = r.slice.events.find((e) => e.name === 'StopLogging')!;
    expect(stop).toMatchObject({ source: 'cloudtrail.amazonaws.com', principal: { type: 'Unknown', userName: 'mallory' }, resources: [{ type: 'AWS::CloudTrail::Trail', id: 'org-trail' }] });
    expect(r.slice.eventWindows[0]).toMatchObject({ eventCount: 2, unparsed: 1, capped: false });
    expect(r.slice.eventWindows[0].unparsedErrors).toEqual([expect.stringMatching(/^a1b2c3d4-0000-4000-8000-000000000002: /)]);
  });

  it('pages-are-followed-and-events-seen-twice-are-kept-once', async () => {
    const writes = Array.from({ length: 120 }, (_, i) => event(i));
    // ConsoleLogin events are write events too: both reads return ev-0 and ev-1.
    const logins = [event(0, 'ConsoleLogin'), event(1, 'ConsoleLogin')].map((e, i) => ({ ...e, EventId: `ev-${i}` }));
    const asked = serve({ 'EventName=ConsoleLogin': logins, 'ReadOnly=false': writes });
    const r = await run();
    expect(asked.map((a) => `${a.attribute}@${a.token ?? 0}`)).toEqual(['EventName=ConsoleLogin@0', 'ReadOnly=false@0', 'ReadOnly=false@50', 'ReadOnly=false@100']);
    expect(r.slice.events).toHaveLength(120);
    expect(new Set(r.slice.events.map((e) => e.eventId)).size).toBe(120);
    // Oldest first in the model.
    expect(r.slice.events[0].eventId).toBe('ev-119');
    expect(r.slice.eventWindows).toEqual([
      { accountId: '111111111111', region: 'us-east-1', from: '2026-11-25T12:00:00.000Z', to: NOW.toISOString(), eventCount: 120, capped: false, unparsed: 0, unparsedErrors: [], classes: [{ class: 'console-sign-in', capped: false }, { class: 'write', capped: false }] },
    ]);
    expect(r.calls['cloudtrail:LookupEvents']).toBe(4);
  });

  it('calls-are-paced-at-most-one-per-second-in-a-region', async () => {
    const clock = fakeClock();
    const asked = serve({ 'ReadOnly=false': Array.from({ length: 200 }, (_, i) => event(i)) }, clock);
    await run({}, clock);
    const times = asked.map((a) => a.at as number);
    expect(times).toHaveLength(5);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
    // No real waiting: the fake clock only recorded the pauses.
    expect(clock.slept.every((ms) => ms <= 1000)).toBe(true);
  });

  it('the-cap-stops-reading-and-is-reported', async () => {
    const asked = serve({ 'ReadOnly=false': Array.from({ length: 500 }, (_, i) => event(i)) });
    const logs: Record<string, unknown>[] = [];
    const r = await collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), events: { enabled: true, maxPerRegion: 120 }, log: (e) => logs.push(e) }, [eventsCollector]);
    expect(r.slice.events).toHaveLength(120);
    // Newest events are the ones kept (LookupEvents pages newest first).
    expect(r.slice.events.map((e) => e.eventId)).toContain('ev-0');
    expect(r.slice.events.map((e) => e.eventId)).not.toContain('ev-120');
    expect(r.slice.eventWindows[0]).toMatchObject({ eventCount: 120, capped: true });
    expect(asked.filter((a) => a.attribute === 'ReadOnly=false')).toHaveLength(3);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([expect.objectContaining({ level: 'warn', msg: 'event cap reached', cap: 120, region: 'us-east-1' })]);
    // The unread, oldest part of the window is remembered for a later run.
    expect(r.eventCursor?.missed).toEqual([{ from: '2026-11-25T12:00:00.000Z', to: new Date(NOW.getTime() - 119_000).toISOString() }]);
  });

  it('exactly-the-cap-with-nothing-left-is-not-capped', async () => {
    serve({ 'ReadOnly=false': Array.from({ length: 100 }, (_, i) => event(i)) });
    const r = await run({ maxPerRegion: 100 });
    expect(r.slice.eventWindows[0]).toMatchObject({ eventCount: 100, capped: false });
  });

  it('throttling-beyond-retries-keeps-events-read-and-claims-no-window', async () => {
    const list = Array.from({ length: 120 }, (_, i) => event(i));
    let n = 0;
    ct.on(LookupEventsCommand).callsFake((input) => {
      n++;
      if (n === 3) throw awsError('ThrottlingException', 'Rate exceeded', { throttling: true });
      const from = input.NextToken ? Number(input.NextToken) : 0;
      return { Events: input.LookupAttributes[0].AttributeKey === 'ReadOnly' ? list.slice(from, from + 50) : [], NextToken: input.LookupAttributes[0].AttributeKey === 'ReadOnly' ? String(from + 50) : undefined };
    });
    const r = await run();
    expect(r.slice.events).toHaveLength(50);
    expect(r.slice.eventWindows).toEqual([]);
    expect(r.slice.coverageGaps).toEqual([expect.objectContaining({ service: 'cloudtrail', api: 'LookupEvents', errorCode: 'ThrottlingException' })]);
  });

  it('disabled-events-make-no-call', async () => {
    serve({});
    const r = await collectTarget(TARGET, newClients(), { now: NOW, clock: fakeClock(), events: { enabled: false } }, [eventsCollector]);
    expect(ct.commandCalls(LookupEventsCommand)).toHaveLength(0);
    expect(r.slice.eventWindows).toEqual([]);
  });
});

describe('read-only denied calls (ReadOnly=true, bounded)', () => {
  /** A read-only call, denied when `denied`. */
  function readCall(i: number, denied: boolean): Event {
    const e = event(i, 'DescribeInstances');
    const body = JSON.parse(e.CloudTrailEvent!) as Record<string, unknown>;
    return { ...e, EventId: `ro-${i}`, ReadOnly: 'true', CloudTrailEvent: JSON.stringify({ ...body, eventID: `ro-${i}`, readOnly: true, ...(denied ? { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' } : {}) }) };
  }

  it('without-a-budget-no-read-only-page-is-read-and-the-window-says-so', async () => {
    const asked = serve({ 'ReadOnly=false': [event(0)], 'ReadOnly=true': [readCall(1, true)] });
    const r = await run();
    expect(asked.map((a) => a.attribute)).not.toContain('ReadOnly=true');
    expect(r.slice.eventWindows[0].classes?.map((c) => c.class)).toEqual(['console-sign-in', 'write']);
  });

  it('with-a-budget-keeps-only-the-denied-calls-and-records-the-classes-read', async () => {
    const reads = Array.from({ length: 60 }, (_, i) => readCall(i, i % 5 === 0));
    const asked = serve({ 'ReadOnly=false': [event(100)], 'ReadOnly=true': reads });
    const r = await run({ readOnlyPages: 5 });
    expect(asked.filter((a) => a.attribute === 'ReadOnly=true')).toHaveLength(2);
    expect(r.slice.events.filter((e) => e.readOnly).map((e) => e.errorCode)).toEqual(Array(12).fill('Client.UnauthorizedOperation'));
    expect(r.slice.eventWindows[0].classes).toEqual([
      { class: 'console-sign-in', capped: false },
      { class: 'write', capped: false },
      { class: 'read-only-denied', capped: false },
      { class: 'read-only-root', capped: false },
    ]);
  });

  it('a-budget-smaller-than-the-window-is-recorded-as-capped-for-those-classes-only', async () => {
    const reads = Array.from({ length: 150 }, (_, i) => readCall(i, i === 149));
    const asked = serve({ 'ReadOnly=false': [event(100)], 'ReadOnly=true': reads });
    const r = await run({ readOnlyPages: 2 });
    expect(asked.filter((a) => a.attribute === 'ReadOnly=true')).toHaveLength(2);
    const w = r.slice.eventWindows[0];
    expect(w.capped).toBe(false);
    expect(w.classes).toEqual([
      { class: 'console-sign-in', capped: false },
      { class: 'write', capped: false },
      { class: 'read-only-denied', capped: true },
      { class: 'read-only-root', capped: true },
    ]);
  });

  it('read-only-pages-are-paced-like-the-others', async () => {
    const clock = fakeClock();
    const asked = serve({ 'ReadOnly=true': Array.from({ length: 200 }, (_, i) => readCall(i, true)) }, clock);
    await run({ readOnlyPages: 10 }, clock);
    const times = asked.map((a) => a.at as number);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000);
  });
});

describe('inventory reads', () => {
  it('a-target-records-the-apis-of-collectors-that-completed-less-those-that-failed', async () => {
    serve({});
    const r = await run();
    expect(r.slice.inventoryReads).toEqual([{ accountId: TARGET.accountId, region: TARGET.region, apis: [] }]);
  });
});
