/** Event cursors in a store: layout, round trip, every unusable cursor falls back (and says why), saves never go backwards, staging for the Lambdas. */
import { emptyCursor, type EventCursor } from '../../lib/events/cursor';
import { auditEvent } from '../../lib/model/builders';
import { PolicySchema } from '../../lib/policy/schema';
import { commitEventCursors, loadEventCursor, renderEventCursor, saveEventCursor, saveEventCursors, stageEventCursor, targetEventOptions } from '../../lib/pipeline/event-cursors';
import { eventCursorKey, stagedEventCursorKey } from '../../lib/layout';
import { StoreLocationError } from '../../lib/errors';
import { MemoryStore } from './memory-store';

const A = { accountId: '111111111111', region: 'us-east-1' };
const B = { accountId: '222222222222', region: 'eu-west-1' };

function cursor(t: typeof A, windowEnd: string, extra: Partial<EventCursor> = {}): EventCursor {
  return {
    ...emptyCursor(t.accountId, t.region),
    windowEnd,
    lastEventTime: '2026-11-26T11:59:00.000Z',
    recentIds: [{ id: 'ev-1', time: '2026-11-26T11:59:00.000Z' }],
    tail: [auditEvent({ eventId: 'ev-1', time: '2026-11-26T11:59:00.000Z', accountId: t.accountId, region: t.region, name: 'ConsoleLogin', consoleLogin: 'Failure' })],
    missed: [{ from: '2026-11-25T12:00:00.000Z', to: '2026-11-25T18:00:00.000Z' }],
    ...extra,
  };
}

describe('layout', () => {
  it('one-document-per-account-and-region-under-state-events', () => {
    expect(eventCursorKey(A)).toBe('state/events/111111111111/us-east-1.json');
    expect(stagedEventCursorKey('2026-11-26T12-00-00Z-abc', A)).toBe('inventory/2026-11-26T12-00-00Z-abc/111111111111/us-east-1.event-cursor.json');
  });

  it.each([
    ['a-path-in-the-account', { accountId: '../x', region: 'us-east-1' }],
    ['a-slash-in-the-region', { accountId: '111111111111', region: 'us-east-1/../../latest' }],
    ['an-empty-region', { accountId: '111111111111', region: '' }],
  ])('%s-is-refused-as-a-key', (_n, t) => {
    expect(() => eventCursorKey(t)).toThrow(StoreLocationError);
  });
});

describe('load and save', () => {
  it('a-saved-cursor-loads-back-equal', async () => {
    const store = new MemoryStore();
    const c = cursor(A, '2026-11-26T12:00:00.000Z');
    expect(await saveEventCursor(store, 'run-1', c)).toBe('saved');
    expect(store.json(eventCursorKey(A))).toMatchObject({ kind: 'vmaudit-event-cursor', schemaVersion: 1, runId: 'run-1' });
    expect(await loadEventCursor(store, A)).toEqual({ cursor: c, runId: 'run-1' });
  });

  const other = cursor(B, '2026-11-26T12:00:00.000Z');
  it.each<[string, string | undefined, string, RegExp]>([
    ['missing-is-a-first-run', undefined, 'missing', /no event cursor at state\/events\/111111111111\/us-east-1\.json \(first run for 111111111111\/us-east-1\); this run reads the default window/],
    ['not-json-is-corrupt', '{"kind": "vmaudit-event', 'corrupt', /is not valid JSON .*default window/],
    ['another-document-is-corrupt', JSON.stringify({ kind: 'vmaudit-state', findings: [] }), 'corrupt', /is not a vmaudit event cursor \(kind: /],
    ['a-broken-time-is-corrupt', renderEventCursor('r', cursor(A, 'yesterday')), 'corrupt', /cursor\.windowEnd: expected an ISO date-time/],
    ['a-newer-schema-is-foreign', JSON.stringify({ kind: 'vmaudit-event-cursor', schemaVersion: 2, runId: 'r', cursor: {} }), 'foreign', /schemaVersion 2; this vmaudit reads 1/],
    ['another-targets-cursor-is-foreign', renderEventCursor('r', other), 'foreign', /holds the cursor of 222222222222\/eu-west-1, not 111111111111\/us-east-1/],
  ])('%s-and-falls-back-to-the-default-window', async (_n, text, kind, message) => {
    const store = new MemoryStore();
    if (text !== undefined) store.objects.set(eventCursorKey(A), Buffer.from(text));
    const loaded = await loadEventCursor(store, A);
    if (!('problem' in loaded)) throw new Error('expected a problem');
    expect(loaded.problem.kind).toBe(kind);
    expect(loaded.problem.message).toMatch(message);
  });

  it('an-unreadable-store-object-falls-back-and-names-the-error', async () => {
    const store = new MemoryStore();
    store.failing.add(eventCursorKey(A));
    const loaded = await loadEventCursor(store, A);
    expect(loaded).toEqual({ problem: { kind: 'unreadable', key: eventCursorKey(A), message: expect.stringMatching(/could not be read \(AccessDenied: Access Denied/) } });
  });

  it('a-save-never-moves-a-cursor-backwards', async () => {
    const store = new MemoryStore();
    await saveEventCursor(store, 'run-2', cursor(A, '2026-11-26T13:00:00.000Z'));
    expect(await saveEventCursor(store, 'run-1', cursor(A, '2026-11-26T12:00:00.000Z'))).toBe('kept-newer');
    expect(store.json<{ runId: string }>(eventCursorKey(A)).runId).toBe('run-2');
    expect(await saveEventCursor(store, 'run-3', cursor(A, '2026-11-26T14:00:00.000Z'))).toBe('saved');
  });

  it('a-corrupt-stored-cursor-is-replaced', async () => {
    const store = new MemoryStore();
    store.objects.set(eventCursorKey(A), Buffer.from('garbage'));
    expect(await saveEventCursor(store, 'run-1', cursor(A, '2026-11-26T12:00:00.000Z'))).toBe('saved');
    expect('cursor' in (await loadEventCursor(store, A))).toBe(true);
  });

  it('a-concurrent-writer-with-a-later-window-wins', async () => {
    const store = new MemoryStore();
    await saveEventCursor(store, 'run-1', cursor(A, '2026-11-26T12:00:00.000Z'));
    let raced = false;
    store.beforeConditionalPut = (key) => {
      if (raced) return;
      raced = true;
      store.objects.set(key, Buffer.from(renderEventCursor('run-3', cursor(A, '2026-11-26T15:00:00.000Z'))));
    };
    expect(await saveEventCursor(store, 'run-2', cursor(A, '2026-11-26T13:00:00.000Z'))).toBe('kept-newer');
    expect(store.json<{ runId: string }>(eventCursorKey(A)).runId).toBe('run-3');
  });

  it('a-concurrent-writer-with-an-earlier-window-is-overwritten', async () => {
    const store = new MemoryStore();
    let raced = false;
    store.beforeConditionalPut = (key) => {
      if (raced) return;
      raced = true;
      store.objects.set(key, Buffer.from(renderEventCursor('run-0', cursor(A, '2026-11-26T11:00:00.000Z'))));
    };
    expect(await saveEventCursor(store, 'run-2', cursor(A, '2026-11-26T13:00:00.000Z'))).toBe('saved');
    expect(store.json<{ runId: string }>(eventCursorKey(A)).runId).toBe('run-2');
  });

  it('saving-many-reports-each-outcome-and-one-failure-does-not-stop-the-others', async () => {
    const store = new MemoryStore();
    await saveEventCursor(store, 'run-9', cursor(B, '2026-11-27T00:00:00.000Z'));
    store.failing.add(eventCursorKey({ accountId: '333333333333', region: 'us-east-1' }));
    const summary = await saveEventCursors(store, 'run-1', [cursor(A, '2026-11-26T12:00:00.000Z'), cursor(B, '2026-11-26T12:00:00.000Z'), cursor({ accountId: '333333333333', region: 'us-east-1' }, '2026-11-26T12:00:00.000Z')]);
    expect(summary).toEqual({ saved: 1, keptNewer: 1, failed: [{ target: { accountId: '333333333333', region: 'us-east-1' }, message: expect.stringMatching(/Access Denied/) }] });
  });
});

describe('the scheduled pipeline: stage in collect, commit after publish', () => {
  it('staged-cursors-become-the-stored-ones-only-when-committed', async () => {
    const store = new MemoryStore();
    const runId = '2026-11-26T12-00-00Z-abc';
    await stageEventCursor(store, runId, cursor(A, '2026-11-26T12:00:00.000Z'));
    expect('problem' in (await loadEventCursor(store, A))).toBe(true);
    store.objects.set(stagedEventCursorKey(runId, B), Buffer.from('{"not": "a cursor"}'));
    const summary = await commitEventCursors(store, runId, [A, B, { accountId: '333333333333', region: 'us-east-1' }]);
    expect(summary).toMatchObject({ saved: 1, keptNewer: 0, failed: [], notStaged: 1, unreadable: [expect.objectContaining({ kind: 'corrupt', key: stagedEventCursorKey(runId, B) })] });
    expect(await loadEventCursor(store, A)).toMatchObject({ cursor: { windowEnd: '2026-11-26T12:00:00.000Z' }, runId });
  });

  it('target-options-continue-the-cursor-with-the-policys-burst-context', async () => {
    const store = new MemoryStore();
    await saveEventCursor(store, 'run-1', cursor(A, '2026-11-26T12:00:00.000Z'));
    const policy = PolicySchema.parse({ response: [{ event: 'console-login-failed', threshold: { count: 3, withinMinutes: 240 }, action: 'alert' }] });
    const o = await targetEventOptions(store, A, { policy, since: new Date('2026-11-26T11:00:00.000Z') });
    expect(o.problem).toBeUndefined();
    expect(o.events.since).toBeUndefined();
    expect(o.events.cursor?.windowEnd).toBe('2026-11-26T12:00:00.000Z');
    expect(o.events.burstContext?.tailMinutes).toBe(240);
  });

  it('target-options-without-a-cursor-fall-back-to-since-and-say-so', async () => {
    const o = await targetEventOptions(new MemoryStore(), A, { policy: PolicySchema.parse({}), since: new Date('2026-11-26T11:00:00.000Z') });
    expect(o.events).toMatchObject({ since: new Date('2026-11-26T11:00:00.000Z') });
    expect(o.events.cursor).toBeUndefined();
    expect(o.problem?.kind).toBe('missing');
  });
});
