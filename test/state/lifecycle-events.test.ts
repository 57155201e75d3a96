/**
 * Event findings are occurrences: NEW once, never RESOLVED by leaving the window, OPEN when read again
 * (overlap, continuing burst, --since re-read), so an event never alerts twice. The per-target
 * verdicts of event rules keep the normal semantics.
 */
import { computeLifecycle, occurrenceRulesOf, type LifecycleOptions, type LifecycleResult } from '../../lib/state/lifecycle';
import { baselineFromFindings, isOccurrence, parseState, renderState, type Baseline } from '../../lib/state/state-document';
import type { FindingsDocument, RunInfo } from '../../lib/findings/document';
import type { Finding, FindingStatus } from '../../lib/findings/finding';
import { selectAlertFindings } from '../../lib/reports/alert-message';
import { EVENT_RULES } from '../../lib/events/rules';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { finding, findingsDoc } from '../support/findings';

const NONE: Baseline = { problem: { kind: 'missing', source: 'test', message: 'first run' } };

function runAt(day: number, extra: Partial<RunInfo> = {}): Partial<RunInfo> {
  const d = `2026-11-${String(day).padStart(2, '0')}`;
  return { id: `run-${day}`, startedAt: `${d}T12:00:00.000Z`, finishedAt: `${d}T12:00:05.000Z`, ...extra };
}

const doc = (findings: Finding[], day: number, extra: Partial<RunInfo> = {}): FindingsDocument => findingsDoc(findings, runAt(day, extra));

function sequence(docs: FindingsDocument[], options: LifecycleOptions = {}): LifecycleResult[] {
  const out: LifecycleResult[] = [];
  let baseline = NONE;
  for (const d of docs) {
    const r = computeLifecycle(d, baseline, options);
    out.push(r);
    baseline = parseState(renderState(r.state), 'state.json', d.run.accounts);
  }
  return out;
}

/** A security group change seen in one event (evt-security-group-change, detail key = event id). */
const sgChange = (eventId: string, status: FindingStatus = 'FAIL') =>
  finding({
    ruleId: 'evt-security-group-change',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-0web',
    detailKey: eventId,
    status,
    severity: 'high',
    evidence: { eventId, time: '2026-11-01T11:58:00.000Z', action: 'ec2:AuthorizeSecurityGroupIngress' },
  });
/** A burst of failed sign-ins (detail key = principal + start). */
const burst = (start: string, eventIds: string[]) =>
  finding({ ruleId: 'evt-console-auth-failure', resourceType: 'AWS::IAM::User', resourceId: 'bob', detailKey: `bob@${start}`, severity: 'medium', evidence: { start, count: eventIds.length, eventIds } });
/** The per-account/region verdict of the same rule. */
const verdict = (ruleId: string, status: FindingStatus) => finding({ ruleId, resourceType: 'AWS::::Account', resourceId: '111111111111', status, evidence: { eventsRead: 12 } });
const coverage = (status: FindingStatus) => finding({ ruleId: 'evt-event-coverage', resourceType: 'AWS::::Account', resourceId: '111111111111', status, severity: 'medium', evidence: { capped: status === 'FAIL' } });
const imds = (status: FindingStatus) => finding({ resourceId: 'i-1', status });

const byId = (r: LifecycleResult, id: string) => r.document.findings.find((f) => f.id === id);
const alerting = (r: LifecycleResult) => selectAlertFindings(r.document.findings, 'medium').map((f) => f.id);

describe('event findings are occurrences', () => {
  it('an-event-finding-is-new-once-and-leaving-the-window-resolves-nothing', () => {
    const e = sgChange('ev-1');
    const [r1, r2] = sequence([doc([e], 1), doc([verdict('evt-security-group-change', 'PASS')], 2)]);
    expect(byId(r1, e.id)?.lifecycle).toBe('NEW');
    expect(alerting(r1)).toEqual([e.id]);
    // Gone from the new window: no RESOLVED record, nothing counted as resolved, remembered as past.
    expect(byId(r2, e.id)).toBeUndefined();
    expect(r2.changes).toMatchObject({ resolved: [], unverified: 0, past: 1 });
    expect(r2.state.findings.find((t) => t.id === e.id)).toMatchObject({ state: 'past', occurrence: true, lastSeen: '2026-11-01T12:00:00.000Z' });
  });

  it('an-event-finding-seen-again-in-the-overlap-is-open-and-does-not-alert-again', () => {
    const e = sgChange('ev-1');
    const [, r2] = sequence([doc([e], 1), doc([e], 2)]);
    expect(byId(r2, e.id)).toMatchObject({ lifecycle: 'OPEN', tracking: { firstSeen: '2026-11-01T12:00:00.000Z', reopened: 0 } });
    expect(alerting(r2)).toEqual([]);
  });

  it('an-event-read-again-after-it-left-the-window-is-open-not-new', () => {
    // Run 3 re-reads day 1 (vmaudit scan --since 7d, or a lost cursor).
    const e = sgChange('ev-1');
    const [, , r3] = sequence([doc([e], 1), doc([], 2), doc([e], 3)]);
    expect(byId(r3, e.id)).toMatchObject({ lifecycle: 'OPEN', tracking: { firstSeen: '2026-11-01T12:00:00.000Z', reopened: 0 } });
    expect(alerting(r3)).toEqual([]);
    expect(r3.changes.new).toEqual([]);
  });

  it('a-burst-continuing-into-the-next-window-keeps-its-id-and-stays-open', () => {
    const b1 = burst('2026-11-01T11:57:00.000Z', ['f1', 'f2', 'f3', 'f4', 'f5']);
    const b2 = burst('2026-11-01T11:57:00.000Z', ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(b2.id).toBe(b1.id);
    const [r1, r2, r3] = sequence([doc([b1], 1), doc([b2], 2), doc([], 3)]);
    expect(byId(r1, b1.id)?.lifecycle).toBe('NEW');
    expect(byId(r2, b1.id)?.lifecycle).toBe('OPEN');
    expect(byId(r3, b1.id)).toBeUndefined();
    expect(r3.changes.resolved).toEqual([]);
  });

  it('absent-events-never-resolve-even-when-their-rule-was-disabled', () => {
    const e = sgChange('ev-1');
    const [, r2] = sequence([doc([e], 1), doc([imds('PASS')], 2, { rulesRun: ['ec2-imdsv2-required'] })]);
    expect(r2.changes.resolved).toEqual([]);
    expect(byId(r2, e.id)).toBeUndefined();
  });

  it('a-suppressed-re-read-of-an-open-event-resolves-it-as-suppressed', () => {
    const e = sgChange('ev-1');
    const [, r2] = sequence([doc([e], 1), doc([sgChange('ev-1', 'SUPPRESSED')], 2)]);
    expect(byId(r2, e.id)).toMatchObject({ lifecycle: 'RESOLVED', tracking: { resolution: 'suppressed' } });
  });

  it('past-occurrences-are-forgotten-after-the-retention', () => {
    const e = sgChange('ev-1');
    const [, , r3] = sequence([doc([e], 1), doc([], 2), doc([], 20)], { occurrenceRetainDays: 14 });
    expect(r3.state.findings.find((t) => t.id === e.id)).toBeUndefined();
    const [, , kept] = sequence([doc([e], 1), doc([], 2), doc([], 10)], { occurrenceRetainDays: 14 });
    expect(kept.state.findings.find((t) => t.id === e.id)?.state).toBe('past');
  });

  it('a-new-event-of-the-same-rule-and-resource-is-its-own-new-finding', () => {
    const [, r2] = sequence([doc([sgChange('ev-1')], 1), doc([sgChange('ev-2')], 2)]);
    expect(alerting(r2)).toEqual([sgChange('ev-2').id]);
  });
});

describe('verdicts of event rules keep the normal semantics', () => {
  it('a-capped-window-fails-coverage-and-the-next-full-window-resolves-it', () => {
    const [r1, r2] = sequence([doc([coverage('FAIL')], 1), doc([coverage('PASS')], 2)]);
    expect(byId(r1, coverage('FAIL').id)?.lifecycle).toBe('NEW');
    expect(byId(r2, coverage('FAIL').id)).toMatchObject({ lifecycle: 'RESOLVED', tracking: { resolution: 'passed' } });
  });

  it('a-coverage-failure-absent-although-its-rule-ran-is-resolved-as-absent', () => {
    const [, r2] = sequence([doc([coverage('FAIL')], 1), doc([imds('PASS'), verdict('evt-security-group-change', 'PASS')], 2)]);
    expect(r2.changes.resolved.map((f) => f.ruleId)).toEqual(['evt-event-coverage']);
    expect(r2.state.findings.find((t) => t.ruleId === 'evt-event-coverage')).toMatchObject({ state: 'resolved' });
    expect(r2.state.findings.find((t) => t.ruleId === 'evt-event-coverage')?.occurrence).toBeUndefined();
  });

  it('ordinary-findings-still-resolve-when-absent', () => {
    const [, r2] = sequence([doc([imds('FAIL'), sgChange('ev-1')], 1), doc([], 2)]);
    expect(r2.changes.resolved.map((f) => f.ruleId)).toEqual(['ec2-imdsv2-required']);
  });
});

describe('what is an occurrence', () => {
  it.each<[string, Finding, boolean]>([
    ['per-event-finding', sgChange('ev-1'), true],
    ['burst-finding', burst('2026-11-01T11:57:00.000Z', ['f1']), true],
    ['target-verdict-pass', verdict('evt-security-group-change', 'PASS'), false],
    ['coverage-failure', coverage('FAIL'), false],
    ['configuration-finding', imds('FAIL'), false],
    ['finding-with-an-event-id-of-a-non-event-rule', finding({ evidence: { eventId: 'x' } }), false],
  ])('%s', (_n, f, expected) => {
    expect(isOccurrence(f)).toBe(expected);
  });

  it('an-explicit-rule-set-replaces-the-evt-prefix', () => {
    const custom = finding({ ruleId: 'acme-login-watch', evidence: { eventIds: ['e1'] } });
    expect(isOccurrence(custom)).toBe(false);
    expect(isOccurrence(custom, new Set(['acme-login-watch']))).toBe(true);
    expect(isOccurrence(sgChange('ev-1'), new Set(['acme-login-watch']))).toBe(false);
  });

  it('the-catalogue-event-rules-are-exactly-the-evt-rules', () => {
    const rules = occurrenceRulesOf(FULL_CATALOGUE);
    expect([...rules].sort()).toEqual(EVENT_RULES.map((r) => r.id).sort());
    expect([...rules].every((id) => id.startsWith('evt-'))).toBe(true);
    expect(FULL_CATALOGUE.filter((r) => r.id.startsWith('evt-')).every((r) => rules.has(r.id))).toBe(true);
  });

  it('a-baseline-from-an-old-findings-json-marks-event-findings-as-occurrences', () => {
    const e = sgChange('ev-1');
    const old = JSON.stringify(doc([e, imds('FAIL')], 1));
    const b = baselineFromFindings(old, 'findings.json', ['111111111111']);
    if (!('state' in b)) throw new Error('expected a state');
    expect(b.state.findings.find((t) => t.id === e.id)?.occurrence).toBe(true);
    expect(b.state.findings.find((t) => t.ruleId === 'ec2-imdsv2-required')?.occurrence).toBeUndefined();
  });

  it('the-occurrence-flag-and-past-state-survive-a-state-round-trip', () => {
    const e = sgChange('ev-1');
    const [, r2] = sequence([doc([e], 1), doc([], 2)]);
    const again = parseState(renderState(r2.state), 'state.json', ['111111111111']);
    if (!('state' in again)) throw new Error(again.problem.message);
    expect(again.state.findings).toEqual(r2.state.findings);
    expect(renderState(again.state)).toBe(renderState(r2.state));
  });
});
