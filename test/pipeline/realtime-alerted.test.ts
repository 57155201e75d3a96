/**
 * The scheduled alert never repeats an event the real-time path alerted: publishRun reads the real-time
 * state the event Lambda keeps in the same store, marks those findings (they stay in every report) and
 * leaves them out of the alert; a retry decides the same way; an unreadable state errs on alerting.
 */
import { evaluateRealtimeEvent, type RealtimeState } from '../../lib/events/realtime';
import { realtimeStateStore } from '../../lib/pipeline/deps/event';
import { EVENT_RULES } from '../../lib/events/rules';
import { evaluate } from '../../lib/engine/evaluate';
import type { Finding } from '../../lib/findings/finding';
import type { AuditEvent } from '../../lib/model/types';
import { PolicySchema } from '../../lib/policy/schema';
import { publishRun, type PublishRunInput } from '../../lib/pipeline/publish-run';
import { alertedInRealtime, loadRealtimeAlerted, markAlertedInRealtime } from '../../lib/pipeline/realtime-alerted';
import { realtimeStateKey, runFolder } from '../../lib/layout';
import type { AlertMessage } from '../../lib/reports/alert-message';
import { raw } from '../events/fixtures';
import { again, eventSnapshot } from '../events/support';
import { finding, findingsDoc } from '../support/findings';
import { MemoryStore } from './memory-store';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const policy = PolicySchema.parse({});
const RUN = { id: 'run-1', startedAt: '2026-11-26T12:00:00.000Z', finishedAt: '2026-11-26T12:00:05.000Z' };

/** The real-time path alerts the console's root CreateBucket; the scheduled run later reads the same event from LookupEvents. */
function realtimeAlerted(): { state: RealtimeState; event: AuditEvent; findingId: string } {
  const r = evaluateRealtimeEvent(raw('eventbridge-root-create-bucket-console'), { policy, now: NOW });
  if (!r.event || !r.alert) throw new Error('expected a real-time alert');
  return { state: r.state, event: r.event, findingId: r.alerting[0].id };
}

function scheduledFindings(events: AuditEvent[]): Finding[] {
  return evaluate(eventSnapshot(events), policy, { rules: EVENT_RULES, now: NOW }).findings;
}

function setup(events: AuditEvent[], extra: Finding[] = []) {
  const store = new MemoryStore();
  const sent: AlertMessage[] = [];
  const findings = [...scheduledFindings(events), ...extra];
  const accounts = [...new Set(findings.map((f) => f.accountId))];
  const regions = [...new Set(findings.map((f) => f.region))];
  const document = findingsDoc(findings, { ...RUN, accounts, regions });
  const publish = (o: Partial<PublishRunInput> = {}) => publishRun({ document, policy, store, deliver: async (a) => void sent.push(a), ...o });
  return { store, sent, publish };
}

const storedFindings = (store: MemoryStore) => store.json<{ findings: Finding[] }>(`${runFolder(RUN.id, RUN.startedAt)}findings.json`).findings;

describe('the real-time state in the store', () => {
  it('what-the-event-lambdas-store-saves-the-publish-step-reads', async () => {
    const store = new MemoryStore();
    const { state, findingId } = realtimeAlerted();
    await realtimeStateStore(store).save('111111111111', 'eu-west-1', state);
    expect(store.objects.has(realtimeStateKey({ accountId: '111111111111', region: 'eu-west-1' }))).toBe(true);
    const loaded = await loadRealtimeAlerted(store, [{ accountId: '111111111111', region: 'eu-west-1' }]);
    expect(loaded.problems).toEqual([]);
    expect([...loaded.ids.keys()]).toContain(findingId);
  });

  it('loads-the-alerted-ids-of-each-target-once-and-reports-unreadable-states', async () => {
    const store = new MemoryStore();
    const a = { accountId: '111111111111', region: 'us-east-1' };
    const b = { accountId: '222222222222', region: 'us-east-1' };
    const c = { accountId: '333333333333', region: 'us-east-1' };
    store.objects.set(realtimeStateKey(a), Buffer.from(JSON.stringify({ kind: 'vmaudit-realtime-state', version: 1, alerted: { 'ev-1': '2026-11-26T11:00:00.000Z', f1: '2026-11-26T11:00:00.000Z' }, recent: [] })));
    store.objects.set(realtimeStateKey(b), Buffer.from('{"kind":'));
    store.objects.set(realtimeStateKey(c), Buffer.from(JSON.stringify({ kind: 'vmaudit-state' })));
    const loaded = await loadRealtimeAlerted(store, [a, a, b, c, { accountId: '444444444444', region: 'us-east-1' }]);
    expect([...loaded.ids.keys()].sort()).toEqual(['ev-1', 'f1']);
    expect(loaded.problems).toEqual([expect.stringMatching(/222222222222\/us-east-1\.json is not valid JSON/), expect.stringMatching(/333333333333\/us-east-1\.json is not a vmaudit real-time state/)]);
    expect(store.reads.filter((k) => k === realtimeStateKey(a))).toHaveLength(1);
  });
});

describe('markAlertedInRealtime', () => {
  const byId = finding({ ruleId: 'evt-root-account-usage', resourceId: 'r1', evidence: { eventId: 'ev-9' } });
  const byEvent = finding({ ruleId: 'evt-console-auth-failure', resourceId: 'bob', evidence: { eventIds: ['f1', 'f2', 'ev-1'] } });
  const other = finding({ ruleId: 'evt-root-account-usage', resourceId: 'r2', evidence: { eventId: 'ev-2' } });
  const passed = finding({ ruleId: 'evt-root-account-usage', resourceId: 'r3', status: 'PASS', evidence: { eventId: 'ev-1' } });

  it('marks-failures-alerted-by-finding-id-or-by-any-of-their-events-and-nothing-else', () => {
    const { findings, marked } = markAlertedInRealtime([byId, byEvent, other, passed], new Map([[byId.id, 't'], ['ev-1', 't']]));
    expect(marked).toBe(2);
    expect(findings.map(alertedInRealtime)).toEqual([true, true, false, false]);
    expect(findings[0].evidence).toEqual({ eventId: 'ev-9', alertedInRealtime: true });
  });

  it('nothing-alerted-leaves-the-findings-as-they-are', () => {
    const list = [byId, other];
    expect(markAlertedInRealtime(list, new Map())).toEqual({ findings: list, marked: 0 });
  });
});

describe('publishRun and the real-time path', () => {
  it('an-event-alerted-in-real-time-stays-in-the-reports-and-out-of-the-scheduled-alert', async () => {
    const rt = realtimeAlerted();
    const seen = { ...rt.event, origin: 'lookup' as const };
    const later = again(seen, 1, 5);
    const config = finding({ accountId: seen.accountId, region: seen.region, severity: 'critical' });
    const { store, sent, publish } = setup([seen, later], [config]);
    store.objects.set(realtimeStateKey(seen), Buffer.from(JSON.stringify(rt.state)));

    const r = await publish();
    const root = r.document.findings.filter((f) => f.ruleId === 'evt-root-account-usage' && f.status === 'FAIL');
    expect(root.map((f) => f.evidence.eventId).sort()).toEqual([seen.eventId, later.eventId].sort());
    const same = root.find((f) => f.evidence.eventId === seen.eventId)!;
    // The scheduled finding of the event is the very finding the real-time path alerted.
    expect(same.id).toBe(rt.findingId);
    expect(r.realtime).toEqual({ alreadyAlerted: 1, problems: [] });
    expect(sent).toHaveLength(1);
    expect(sent[0].findingIds.sort()).toEqual([config.id, root.find((f) => f.evidence.eventId === later.eventId)!.id].sort());
    expect(sent[0].findingIds).not.toContain(same.id);
    // Still NEW and in findings.json, marked.
    const stored = storedFindings(store).find((f) => f.id === same.id)!;
    expect(stored).toMatchObject({ lifecycle: 'NEW', evidence: { alertedInRealtime: true } });
    expect(storedFindings(store).filter(alertedInRealtime)).toHaveLength(1);
  });

  it('a-run-whose-only-new-findings-were-alerted-in-real-time-sends-nothing', async () => {
    const rt = realtimeAlerted();
    const { store, sent, publish } = setup([{ ...rt.event, origin: 'lookup' }]);
    store.objects.set(realtimeStateKey(rt.event), Buffer.from(JSON.stringify(rt.state)));
    const r = await publish();
    expect(r.changes.new).toBe(1);
    expect(r.alert).toBeNull();
    expect(r.alertStatus).toBe('none');
    expect(sent).toEqual([]);
  });

  it('a-retry-decides-from-the-marks-written-with-the-run', async () => {
    const rt = realtimeAlerted();
    const later = again({ ...rt.event, origin: 'lookup' }, 1, 5);
    const { store, sent, publish } = setup([{ ...rt.event, origin: 'lookup' }, later]);
    store.objects.set(realtimeStateKey(rt.event), Buffer.from(JSON.stringify(rt.state)));
    // The first attempt's delivery fails after the run was written.
    await expect(publish({ deliver: async () => Promise.reject(new Error('SNS down')) })).rejects.toThrow('SNS down');
    // Meanwhile the real-time state is gone (say, expired): the retry must still not repeat the real-time alert.
    store.objects.delete(realtimeStateKey(rt.event));
    const r = await publish();
    expect(r.alreadyPublished).toBe(true);
    expect(r.realtime.alreadyAlerted).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0].findingIds).toHaveLength(1);
    expect(sent[0].findingIds).not.toContain(rt.findingId);
  });

  it('an-unreadable-real-time-state-is-reported-and-the-run-alerts', async () => {
    const rt = realtimeAlerted();
    const { store, sent, publish } = setup([{ ...rt.event, origin: 'lookup' }]);
    store.failing.add(realtimeStateKey(rt.event));
    const r = await publish();
    expect(r.realtime.problems).toEqual([expect.stringMatching(/state\/realtime\/012345678901\/us-east-1\.json could not be read \(AccessDenied/)]);
    expect(sent[0].findingIds).toEqual([rt.findingId]);
  });

  it('without-a-real-time-path-no-state-is-read', async () => {
    const rt = realtimeAlerted();
    const { store, sent, publish } = setup([{ ...rt.event, origin: 'lookup' }]);
    store.objects.set(realtimeStateKey(rt.event), Buffer.from(JSON.stringify(rt.state)));
    await publish({ realtimeState: false });
    expect(store.reads.some((k) => k.startsWith('state/realtime/'))).toBe(false);
    expect(sent[0].findingIds).toEqual([rt.findingId]);
  });

  it('only-targets-with-new-event-findings-are-read', async () => {
    const { store, publish } = setup([], [finding({ severity: 'critical' }), finding({ accountId: '222222222222', resourceId: 'i-2', severity: 'critical' })]);
    await publish();
    expect(store.reads.filter((k) => k.startsWith('state/realtime/'))).toEqual([]);
  });
});
