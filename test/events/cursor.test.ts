import fc from 'fast-check';
import { advance, burstContextOf, emptyCursor, markBacklogRead, nextWindow, type EventCursor } from '../../lib/events/cursor';
import { EVENT_RULES } from '../../lib/events/rules';
import { auditEvent } from '../../lib/model/builders';
import { PolicySchema } from '../../lib/policy/schema';
import type { AuditEvent } from '../../lib/model/types';
import { runRule } from '../support/run-rule';
import { fixtureEvent } from './fixtures';
import { again, eventSnapshot } from './support';

const T = Date.parse('2026-11-26T12:00:00.000Z');
const at = (minutes: number) => new Date(T + minutes * 60_000);
const ev = (id: string, minutes: number): AuditEvent => auditEvent({ eventId: id, time: at(minutes).toISOString() });
const target = { accountId: '111111111111', region: 'us-east-1' };
const opts = { lagMinutes: 15, overlapMinutes: 5, firstRunMinutes: 60 };

/** LookupEvents as it answers at `now`: events already delivered whose time is in the window. */
function lookup(all: { e: AuditEvent; arrives: number }[], w: { from: string; to: string }, now: number): AuditEvent[] {
  const from = Date.parse(w.from);
  const to = Date.parse(w.to);
  return all.filter(({ e, arrives }) => arrives <= now && Date.parse(e.time) >= from && Date.parse(e.time) <= to).map(({ e }) => e);
}

describe('nextWindow', () => {
  it('first-run-reads-the-first-run-lookback', () => {
    expect(nextWindow(undefined, at(0), opts)).toEqual({ from: at(-60).toISOString(), to: at(0).toISOString(), backlog: [] });
  });

  it('next-run-starts-lag-plus-overlap-before-the-previous-end', () => {
    const c: EventCursor = { ...emptyCursor(target.accountId, target.region), windowEnd: at(0).toISOString() };
    expect(nextWindow(c, at(60), opts)).toMatchObject({ from: at(-20).toISOString(), to: at(60).toISOString() });
  });

  it('a-gap-longer-than-the-longest-window-is-cut-and-the-old-part-skipped', () => {
    const c: EventCursor = { ...emptyCursor(target.accountId, target.region), windowEnd: at(0).toISOString() };
    const w = nextWindow(c, at(3000), { ...opts, maxWindowMinutes: 1440 });
    expect(w).toMatchObject({ from: at(1560).toISOString(), skipped: { from: at(-20).toISOString(), to: at(1560).toISOString() } });
    const { cursor } = advance(c, target, { window: w, events: [] }, opts);
    expect(cursor.missed).toEqual([{ from: at(-20).toISOString(), to: at(1560).toISOString() }]);
  });

  it('a-clock-that-went-backwards-still-gives-a-forward-window', () => {
    const c: EventCursor = { ...emptyCursor(target.accountId, target.region), windowEnd: at(120).toISOString() };
    const w = nextWindow(c, at(60), opts);
    expect(Date.parse(w.from)).toBeLessThan(Date.parse(w.to));
  });
});

describe('advance across runs', () => {
  it('an-event-re-read-in-the-overlap-is-counted-once', () => {
    const e1 = ev('e1', -1);
    const w1 = nextWindow(undefined, at(0), opts);
    const r1 = advance(undefined, target, { window: w1, events: [e1] }, opts);
    expect(r1.fresh.map((e) => e.eventId)).toEqual(['e1']);
    const w2 = nextWindow(r1.cursor, at(60), opts);
    const r2 = advance(r1.cursor, target, { window: w2, events: [e1, ev('e2', 30)] }, opts);
    expect(r2.fresh.map((e) => e.eventId)).toEqual(['e2']);
    expect(r2.duplicates).toBe(1);
  });

  it('an-event-exactly-at-the-window-edge-is-counted-once', () => {
    const edge = ev('edge', 0);
    const w1 = nextWindow(undefined, at(0), opts);
    const r1 = advance(undefined, target, { window: w1, events: [edge] }, opts);
    const r2 = advance(r1.cursor, target, { window: nextWindow(r1.cursor, at(60), opts), events: [edge] }, opts);
    expect([...r1.fresh, ...r2.fresh].map((e) => e.eventId)).toEqual(['edge']);
  });

  it('an-event-delivered-late-within-the-lag-is-seen-by-the-next-run', () => {
    const late = { e: ev('late', -2), arrives: T + 10 * 60_000 };
    const w1 = nextWindow(undefined, at(0), opts);
    const r1 = advance(undefined, target, { window: w1, events: lookup([late], w1, T) }, opts);
    expect(r1.fresh).toEqual([]);
    const w2 = nextWindow(r1.cursor, at(60), opts);
    const r2 = advance(r1.cursor, target, { window: w2, events: lookup([late], w2, T + 60 * 60_000) }, opts);
    expect(r2.fresh.map((e) => e.eventId)).toEqual(['late']);
  });

  it('an-event-delivered-later-than-lag-plus-overlap-is-missed-as-documented', () => {
    const veryLate = { e: ev('very-late', -25), arrives: T + 5 * 60_000 };
    const w1 = nextWindow(undefined, at(0), opts);
    const r1 = advance(undefined, target, { window: w1, events: lookup([veryLate], w1, T) }, opts);
    const w2 = nextWindow(r1.cursor, at(60), opts);
    expect(lookup([veryLate], w2, T + 60 * 60_000)).toEqual([]);
  });

  it('ids-older-than-the-re-read-strip-are-forgotten', () => {
    const w1 = nextWindow(undefined, at(0), opts);
    const r1 = advance(undefined, target, { window: w1, events: [ev('old', -50), ev('recent', -10)] }, opts);
    expect(r1.cursor.recentIds.map((r) => r.id)).toEqual(['recent']);
    expect(r1.cursor.lastEventTime).toBe(at(-10).toISOString());
  });

  it('a-capped-window-remembers-the-unread-part-and-hands-it-back-as-backlog', () => {
    const w1 = nextWindow(undefined, at(0), opts);
    const r1 = advance(undefined, target, { window: w1, events: [ev('a', -5)], capped: true, oldestRead: at(-5).toISOString() }, opts);
    expect(r1.cursor.missed).toEqual([{ from: at(-60).toISOString(), to: at(-5).toISOString() }]);
    const w2 = nextWindow(r1.cursor, at(60), opts);
    expect(w2.backlog).toEqual(r1.cursor.missed);
    expect(markBacklogRead(r1.cursor, w2.backlog[0]).missed).toEqual([]);
    expect(markBacklogRead(r1.cursor, w2.backlog[0], { capped: true, oldestRead: at(-30).toISOString() }).missed).toEqual([{ from: at(-60).toISOString(), to: at(-30).toISOString() }]);
  });

  it('the-tail-keeps-burst-events-without-request-parameters-and-replays-them-carried', () => {
    const denied = auditEvent({ eventId: 'd1', time: at(-3).toISOString(), errorCode: 'AccessDenied', requestParameters: { big: 'x' } });
    const ok = ev('ok', -2);
    const r1 = advance(undefined, target, { window: nextWindow(undefined, at(0), opts), events: [denied, ok], isTailEvent: burstContextOf(PolicySchema.parse({})).isTailEvent }, opts);
    expect(r1.cursor.tail.map((e) => e.eventId)).toEqual(['d1']);
    expect(r1.cursor.tail[0].requestParameters).toBeUndefined();
    const r2 = advance(r1.cursor, target, { window: nextWindow(r1.cursor, at(60), opts), events: [ev('n', 30)] }, opts);
    expect(r2.forEvaluation.map((e) => [e.eventId, e.carried ?? false])).toEqual([
      ['d1', true],
      ['n', false],
    ]);
  });

  it('a-burst-split-across-two-runs-is-detected-once-and-not-again', () => {
    const failure = fixtureEvent('console-login-iam-user-failure');
    const base = Date.parse(failure.time);
    const events = Array.from({ length: 7 }, (_, i) => again(failure, i, i));
    const ctx = burstContextOf(PolicySchema.parse({}));
    const rule = EVENT_RULES.find((r) => r.id === 'evt-console-auth-failure')!;
    const o = { ...opts, tailMinutes: ctx.tailMinutes };
    // Run 1 ends after the third failure; run 2 an hour later sees the other four.
    const w1 = nextWindow(undefined, new Date(base + 2.5 * 60_000), o);
    const r1 = advance(undefined, { accountId: '111122223333', region: 'us-east-1' }, { window: w1, events: events.slice(0, 3), isTailEvent: ctx.isTailEvent }, o);
    expect(runRule(rule, eventSnapshot(r1.forEvaluation)).filter((f) => f.status === 'FAIL')).toEqual([]);
    const w2 = nextWindow(r1.cursor, new Date(base + 62 * 60_000), o);
    const r2 = advance(r1.cursor, { accountId: '111122223333', region: 'us-east-1' }, { window: w2, events, isTailEvent: ctx.isTailEvent }, o);
    expect(r2.fresh).toHaveLength(4);
    const second = runRule(rule, eventSnapshot(r2.forEvaluation)).filter((f) => f.status === 'FAIL');
    expect(second).toHaveLength(1);
    expect(second[0].evidence).toMatchObject({ count: 7, carriedFromPreviousWindow: 3, start: new Date(base).toISOString() });
    // Run 3 sees nothing new: the burst, all carried, is not reported again.
    const w3 = nextWindow(r2.cursor, new Date(base + 70 * 60_000), o);
    const r3 = advance(r2.cursor, { accountId: '111122223333', region: 'us-east-1' }, { window: w3, events: [], isTailEvent: ctx.isTailEvent }, o);
    expect(runRule(rule, eventSnapshot(r3.forEvaluation)).filter((f) => f.status === 'FAIL')).toEqual([]);
  });

  it('tail-covers-the-longest-response-window', () => {
    const policy = PolicySchema.parse({ response: [{ event: 'StopLogging', threshold: { count: 2, withinMinutes: 240 } }], rules: { 'evt-console-auth-failure': { withinMinutes: 90 } } });
    const ctx = burstContextOf(policy);
    expect(ctx.tailMinutes).toBe(240);
    expect(ctx.isTailEvent(fixtureEvent('stop-logging'))).toBe(true);
    expect(ctx.isTailEvent(fixtureEvent('create-vpc'))).toBe(false);
  });
});

describe('consecutive runs never miss or double-count an event delivered within the lag', () => {
  it('holds-for-random-event-times-delivery-delays-and-run-intervals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ minute: fc.integer({ min: -50, max: 600 }), delay: fc.integer({ min: 0, max: 15 }) }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 180 }), { minLength: 1, maxLength: 8 }),
        (specs, gaps) => {
          const all = specs.map((s, i) => ({ e: ev(`e${i}`, s.minute), arrives: T + (s.minute + s.delay) * 60_000 }));
          let cursor: EventCursor | undefined;
          let now = T;
          const counted: string[] = [];
          for (const gap of [0, ...gaps]) {
            now += gap * 60_000;
            const w = nextWindow(cursor, new Date(now), opts);
            const r = advance(cursor, target, { window: w, events: lookup(all, w, now) }, opts);
            counted.push(...r.fresh.map((e) => e.eventId));
            cursor = r.cursor;
          }
          // Every event delivered by the last run, not older than the first window, is counted exactly once.
          const expected = all.filter(({ e, arrives }) => arrives <= now && Date.parse(e.time) >= T - 60 * 60_000).map(({ e }) => e.eventId);
          expect([...counted].sort()).toEqual([...expected].sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
