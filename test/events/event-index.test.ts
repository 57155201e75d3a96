import { buildEventIndex, timeOf } from '../../lib/events/event-index';
import { findBursts } from '../../lib/events/burst';
import { auditEvent } from '../../lib/model/builders';
import type { AuditEvent } from '../../lib/model/types';

const at = (id: string, time: string, over: Partial<AuditEvent> = {}) => auditEvent({ eventId: id, time, ...over });
const snap = (events: AuditEvent[]) => ({ events, eventWindows: [], targets: [] });
const ids = (events: readonly AuditEvent[]) => events.map((e) => e.eventId);

describe('timeOf', () => {
  const cases: { name: string; text: string }[] = [
    { name: 'normalised-iso-time', text: '2026-11-26T12:34:56.789Z' },
    { name: 'leap-day', text: '2024-02-29T23:59:59.999Z' },
    { name: 'second-resolution-falls-back-to-date-parse', text: '2019-01-01T00:00:00Z' },
    { name: 'offset-falls-back-to-date-parse', text: '2026-11-26T12:00:00.000+02:00' },
  ];
  it.each(cases)('$name-reads-like-date-parse', ({ text }) => {
    expect(timeOf(text)).toBe(Date.parse(text));
  });
  it('garbage-is-nan-like-date-parse', () => {
    expect(timeOf('2026-11-26Tab:00:00.000Z')).toBeNaN();
  });
});

describe('buildEventIndex', () => {
  it('events-are-put-in-time-order', () => {
    const idx = buildEventIndex(snap([at('b', '2026-01-01T00:00:02.000Z'), at('a', '2026-01-01T00:00:01.000Z'), at('c', '2026-01-01T00:00:03.000Z')]));
    expect(ids(idx.events)).toEqual(['a', 'b', 'c']);
  });

  it('newest-first-input-is-reversed-keeping-ties-in-input-order', () => {
    const idx = buildEventIndex(snap([at('c', '2026-01-01T00:00:03.000Z'), at('b1', '2026-01-01T00:00:02.000Z'), at('b2', '2026-01-01T00:00:02.000Z'), at('a', '2026-01-01T00:00:01.000Z')]));
    expect(ids(idx.events)).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('a-span-too-long-for-packed-keys-still-sorts', () => {
    const idx = buildEventIndex(snap([at('late', '2026-06-01T00:00:00.000Z'), at('early', '2020-01-01T00:00:00.000Z'), at('mid', '2023-01-01T00:00:00.000Z')]));
    expect(ids(idx.events)).toEqual(['early', 'mid', 'late']);
  });

  it('the-same-event-twice-is-kept-once-and-counted', () => {
    const e = at('x', '2026-01-01T00:00:01.000Z');
    const idx = buildEventIndex(snap([e, at('y', '2026-01-01T00:00:01.000Z'), { ...e }]));
    expect(ids(idx.events)).toEqual(['x', 'y']);
    expect(idx.duplicates).toBe(1);
  });

  it('duplicates-in-a-crowded-second-are-found-too', () => {
    const second = Array.from({ length: 100 }, (_, i) => at(`e${i}`, '2026-01-01T00:00:01.000Z'));
    const idx = buildEventIndex(snap([...second, ...second.slice(10, 60).map((e) => ({ ...e }))]));
    expect(idx.events).toHaveLength(100);
    expect(idx.duplicates).toBe(50);
  });

  it('a-carried-copy-wins-over-a-fresh-copy', () => {
    const e = at('x', '2026-01-01T00:00:01.000Z');
    const idx = buildEventIndex(snap([e, { ...e, carried: true }]));
    expect(idx.events[0].carried).toBe(true);
  });

  it('classes-and-change-lists-index-the-right-events', () => {
    const idx = buildEventIndex(
      snap([
        at('read', '2026-01-01T00:00:01.000Z', { name: 'DescribeInstances' }),
        at('route', '2026-01-01T00:00:02.000Z', { name: 'CreateRoute' }),
        at('route-denied', '2026-01-01T00:00:03.000Z', { name: 'CreateRoute', errorCode: 'Client.UnauthorizedOperation' }),
      ]),
    );
    const pick = (list: Uint32Array) => Array.from(list, (i) => idx.events[i].eventId);
    expect(pick(idx.byClass('ec2-read'))).toEqual(['read']);
    expect(pick(idx.byClass('route-table-change'))).toEqual(['route']);
    expect(pick(idx.byChangeList('route-table-change'))).toEqual(['route', 'route-denied']);
    expect(pick(idx.byClass('unauthorized-api-call'))).toEqual(['route-denied']);
    expect(pick(idx.byClass('ec2-write'))).toEqual(['route', 'route-denied']);
  });
});

describe('findBursts', () => {
  const idx = (minutes: number[]) => buildEventIndex(snap(minutes.map((m, i) => at(`e${i}`, new Date(Date.UTC(2026, 0, 1) + m * 60_000).toISOString()))));
  const run = (minutes: number[], count: number, within: number) => {
    const x = idx(minutes);
    return findBursts(x, Array.from(x.events.keys()), () => 'k', count, within).map((b) => b.members.map((i) => x.events[i].eventId));
  };
  const cases: { name: string; minutes: number[]; count: number; within: number; bursts: string[][] }[] = [
    { name: 'exactly-count-within-the-window-is-a-burst', minutes: [0, 1, 2], count: 3, within: 2, bursts: [['e0', 'e1', 'e2']] },
    { name: 'one-minute-too-spread-is-not', minutes: [0, 1, 3], count: 3, within: 2, bursts: [] },
    { name: 'events-after-the-rate-drops-are-not-members', minutes: [0, 1, 2, 10], count: 3, within: 2, bursts: [['e0', 'e1', 'e2']] },
    { name: 'a-later-separate-run-is-a-second-burst', minutes: [0, 1, 2, 30, 31, 32], count: 3, within: 2, bursts: [['e0', 'e1', 'e2'], ['e3', 'e4', 'e5']] },
    { name: 'leading-stragglers-outside-the-first-window-are-not-members', minutes: [0, 10, 11, 12], count: 3, within: 2, bursts: [['e1', 'e2', 'e3']] },
    { name: 'an-event-is-never-in-two-bursts', minutes: [0, 1, 2, 3.9, 4], count: 3, within: 2, bursts: [['e0', 'e1', 'e2'], ['e3', 'e4']] },
    { name: 'threshold-one-makes-every-event-a-burst-of-its-own', minutes: [0, 0.5, 5], count: 1, within: 60, bursts: [['e0'], ['e1'], ['e2']] },
  ];
  it.each(cases)('$name', ({ minutes, count, within, bursts }) => {
    expect(run(minutes, count, within)).toEqual(bursts);
  });
});
