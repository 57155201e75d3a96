import { computeLifecycle, type LifecycleResult } from '../../lib/state/lifecycle';
import { baselineFromFindings, parseState, renderState, type Baseline } from '../../lib/state/state-document';
import type { FindingsDocument, RunInfo } from '../../lib/findings/document';
import type { Finding, FindingStatus } from '../../lib/findings/finding';
import { finding, findingsDoc, gap } from '../support/findings';

const ACCOUNT = '111111111111';
const NONE: Baseline = { problem: { kind: 'missing', source: 'test', message: 'first run' } };

function runAt(day: number, extra: Partial<RunInfo> = {}): Partial<RunInfo> {
  const d = `2026-11-${String(day).padStart(2, '0')}`;
  return { id: `run-${day}`, startedAt: `${d}T12:00:00.000Z`, finishedAt: `${d}T12:00:05.000Z`, ...extra };
}

function doc(findings: Finding[], day: number, extra: Partial<RunInfo> = {}): FindingsDocument {
  return findingsDoc(findings, runAt(day, extra));
}

/** Runs a sequence of runs through the lifecycle, each compared with the state of the one before. */
function sequence(docs: FindingsDocument[], first: Baseline = NONE): LifecycleResult[] {
  const out: LifecycleResult[] = [];
  let baseline = first;
  for (const d of docs) {
    const r = computeLifecycle(d, baseline);
    out.push(r);
    baseline = parseState(renderState(r.state), 'state.json', d.run.accounts);
  }
  return out;
}

const ssh = (status: FindingStatus, o: Partial<Finding> = {}) => finding({ ruleId: 'ec2-sg-no-public-ssh', resourceId: 'sg-1', resourceType: 'AWS::EC2::SecurityGroup', status, ...o });
const imds = (status: FindingStatus, o: Partial<Finding> = {}) => finding({ resourceId: 'i-1', status, ...o });

function byId(r: LifecycleResult, id: string): Finding | undefined {
  return r.document.findings.find((f) => f.id === id);
}

describe('lifecycle', () => {
  it('results-with-no-failure-behind-them-carry-no-lifecycle-and-the-state-does-not-grow-with-them', () => {
    const quiet = (day: number) =>
      doc(
        [
          ssh('FAIL'),
          ...Array.from({ length: 50 }, (_, i) => imds('PASS', { resourceId: `i-${i}` })),
          imds('UNKNOWN', { resourceId: 'i-unknown' }),
          imds('NOT_APPLICABLE', { resourceId: 'i-na' }),
          imds('SUPPRESSED', { resourceId: 'i-accepted' }),
        ].map((f) => ({ ...f, lifecycle: 'NEW' as const })),
        day,
      );
    const runs = sequence([quiet(1), quiet(2), quiet(3)]);
    for (const r of runs) {
      const carrying = r.document.findings.filter((f) => f.lifecycle !== undefined).map((f) => `${f.resourceId} ${f.status}`);
      expect(carrying).toEqual(['sg-1 FAIL']);
      expect(r.state.findings.map((t) => t.resourceId)).toEqual(['sg-1']);
      expect(r.document.summary.byLifecycle).toEqual(r === runs[0] ? { NEW: 1, OPEN: 0, RESOLVED: 0 } : { NEW: 0, OPEN: 1, RESOLVED: 0 });
    }
  });

  it('first-run-every-failure-is-new-and-the-missing-state-is-reported', () => {
    const [r] = sequence([doc([ssh('FAIL'), imds('PASS')], 1)]);
    expect(r.changes.new.map((f) => f.resourceId)).toEqual(['sg-1']);
    expect(r.baselineProblem?.kind).toBe('missing');
    expect(r.document.summary.byLifecycle).toEqual({ NEW: 1, OPEN: 0, RESOLVED: 0 });
  });

  it('still-failing-is-open-and-keeps-its-first-seen-time', () => {
    const [, r] = sequence([doc([ssh('FAIL')], 1), doc([ssh('FAIL')], 2)]);
    const f = byId(r, ssh('FAIL').id)!;
    expect(f.lifecycle).toBe('OPEN');
    expect(f.tracking).toEqual({ firstSeen: '2026-11-01T12:00:00.000Z', openedAt: '2026-11-01T12:00:00.000Z', reopened: 0 });
    expect(r.changes.new).toHaveLength(0);
    expect(r.baselineProblem).toBeUndefined();
  });

  it('fail-pass-fail-is-new-again-and-flagged-reopened', () => {
    const [a, b, c] = sequence([doc([ssh('FAIL')], 1), doc([ssh('PASS')], 2), doc([ssh('FAIL')], 3)]);
    const id = ssh('FAIL').id;
    expect(byId(a, id)!.lifecycle).toBe('NEW');
    expect(byId(b, id)!.lifecycle).toBe('RESOLVED');
    expect(byId(b, id)!.tracking?.resolution).toBe('passed');
    const again = byId(c, id)!;
    expect(again.lifecycle).toBe('NEW');
    expect(again.tracking).toMatchObject({ reopened: 1, firstSeen: '2026-11-01T12:00:00.000Z', openedAt: '2026-11-03T12:00:00.000Z' });
    expect(c.changes.reopened.map((f) => f.id)).toEqual([id]);
  });

  it('fail-pass-pass-fail-still-counts-as-reopened', () => {
    const runs = sequence([doc([ssh('FAIL')], 1), doc([ssh('PASS')], 2), doc([ssh('PASS')], 3), doc([ssh('FAIL')], 4)]);
    const id = ssh('FAIL').id;
    expect(byId(runs[2], id)!.lifecycle).toBeUndefined(); // a pass that is not a transition carries no lifecycle
    expect(runs[2].changes.resolved).toHaveLength(0);
    expect(byId(runs[3], id)!.tracking?.reopened).toBe(1);
  });

  it.each([
    ['PASS', 'passed'],
    ['SUPPRESSED', 'suppressed'],
    ['NOT_APPLICABLE', 'not-applicable'],
  ] as const)('fail-then-%s-is-resolved-as-%s', (status, resolution) => {
    const [, r] = sequence([doc([imds('FAIL')], 1), doc([imds(status)], 2)]);
    const f = byId(r, imds('FAIL').id)!;
    expect(f.lifecycle).toBe('RESOLVED');
    expect(f.status).toBe(status);
    expect(f.tracking).toMatchObject({ resolution, resolvedAt: '2026-11-02T12:00:00.000Z' });
  });

  it('failure-whose-resource-vanished-emits-a-resolved-record', () => {
    const [, r] = sequence([doc([ssh('FAIL'), imds('FAIL')], 1), doc([imds('FAIL')], 2)]);
    const gone = byId(r, ssh('FAIL').id)!;
    expect(gone).toMatchObject({ lifecycle: 'RESOLVED', status: 'NOT_APPLICABLE', resourceId: 'sg-1', ruleId: 'ec2-sg-no-public-ssh' });
    expect(gone.tracking?.resolution).toBe('absent');
    expect(gone.message).toMatch(/no longer reported/);
    expect(r.document.summary.byLifecycle).toEqual({ NEW: 0, OPEN: 1, RESOLVED: 1 });
  });

  it('resolved-record-is-emitted-once-not-every-run', () => {
    const runs = sequence([doc([ssh('FAIL')], 1), doc([], 2), doc([], 3)]);
    expect(runs[1].changes.resolved).toHaveLength(1);
    expect(runs[2].changes.resolved).toHaveLength(0);
    expect(runs[2].document.findings).toHaveLength(0);
  });

  it('failure-hidden-by-a-coverage-gap-is-not-resolved-and-returns-open-not-new', () => {
    const hidden = doc([], 2, { coverageGaps: [gap({ accountId: ACCOUNT, region: 'us-east-1' })] });
    const [, b, c] = sequence([doc([ssh('FAIL')], 1), hidden, doc([ssh('FAIL')], 3)]);
    expect(b.changes.resolved).toHaveLength(0);
    expect(b.changes.unverified).toBe(1);
    expect(b.state.findings.map((t) => t.state)).toEqual(['open']);
    expect(byId(c, ssh('FAIL').id)!.lifecycle).toBe('OPEN');
  });

  it('gap-in-another-region-does-not-stop-a-resolution', () => {
    const [, b] = sequence([doc([ssh('FAIL')], 1), doc([], 2, { coverageGaps: [gap({ region: 'eu-west-1' })] })]);
    expect(b.changes.resolved).toHaveLength(1);
  });

  it('unknown-result-of-a-failing-finding-stays-open', () => {
    const [, b, c] = sequence([doc([imds('FAIL')], 1), doc([imds('UNKNOWN')], 2), doc([imds('FAIL')], 3)]);
    expect(byId(b, imds('FAIL').id)!.lifecycle).toBe('OPEN');
    expect(b.document.summary.byLifecycle.OPEN).toBe(1);
    expect(byId(c, imds('FAIL').id)!.lifecycle).toBe('OPEN');
  });

  it('rule-that-threw-does-not-resolve-its-failures', () => {
    const err = finding({ ruleId: 'ec2-sg-no-public-ssh', status: 'ERROR', resourceType: 'AWS::::Account', resourceId: ACCOUNT, detailKey: 'target:us-east-1' });
    const [, b] = sequence([doc([ssh('FAIL')], 1), doc([err], 2)]);
    expect(b.changes.resolved).toHaveLength(0);
    expect(b.changes.unverified).toBe(1);
  });

  it('account-left-out-of-a-run-is-carried-not-resolved', () => {
    const other = ssh('FAIL', { accountId: '222222222222', resourceArn: 'arn:aws:ec2:us-east-1:222222222222:security-group/sg-1' });
    const first = doc([ssh('FAIL'), other], 1, { accounts: [ACCOUNT, '222222222222'] });
    const [, b, c] = sequence([first, doc([ssh('FAIL')], 2), doc([ssh('FAIL'), other], 3, { accounts: [ACCOUNT, '222222222222'] })]);
    expect(b.changes.resolved).toHaveLength(0);
    expect(b.changes.unverified).toBe(1);
    expect(byId(c, other.id)!.lifecycle).toBe('OPEN');
  });

  it('rule-no-longer-run-closes-its-failures-as-rule-removed', () => {
    const [, b] = sequence([doc([ssh('FAIL')], 1, { rulesRun: ['ec2-sg-no-public-ssh'] }), doc([], 2, { rulesRun: ['ec2-imdsv2-required'] })]);
    expect(b.changes.resolved[0].tracking?.resolution).toBe('rule-removed');
  });

  it('resolved-entries-are-forgotten-after-the-retention', () => {
    const a = computeLifecycle(doc([ssh('FAIL')], 1), NONE);
    const b = computeLifecycle(doc([], 2), { state: a.state, source: 's' }, { retainDays: 10 });
    const c = computeLifecycle(findingsDoc([], { ...runAt(2), id: 'late', startedAt: '2026-11-30T00:00:00.000Z' }), { state: b.state, source: 's' }, { retainDays: 10 });
    expect(b.state.findings).toHaveLength(1);
    expect(c.state.findings).toHaveLength(0);
  });

  it('state-records-what-it-was-compared-with', () => {
    const [a, b] = sequence([doc([ssh('FAIL')], 1), doc([ssh('FAIL')], 2)]);
    expect(a.state.comparedWith).toEqual({ problem: expect.objectContaining({ kind: 'missing' }) });
    expect(b.state.comparedWith).toEqual({ runId: 'run-1' });
  });

  it('findings-and-state-are-deterministic', () => {
    const d = doc([ssh('FAIL'), imds('FAIL')], 1);
    expect(renderState(computeLifecycle(d, NONE).state)).toBe(renderState(computeLifecycle(d, NONE).state));
    expect(computeLifecycle(d, NONE).document.findings.map((f) => f.id)).toEqual(computeLifecycle(doc([imds('FAIL'), ssh('FAIL')], 1), NONE).document.findings.map((f) => f.id));
  });
});

describe('previous state that cannot be used never blocks a run', () => {
  const current = doc([ssh('FAIL')], 2);
  const good = renderState(computeLifecycle(doc([ssh('FAIL')], 1), NONE).state);
  it.each([
    ['missing', 'missing', undefined],
    ['not-json', 'corrupt', '{"kind":"vmaudit-state",'],
    ['wrong-shape', 'corrupt', '{"kind":"vmaudit-state","schemaVersion":1}'],
    ['other-schema-version', 'foreign', good.replace('"schemaVersion":1', '"schemaVersion":2')],
    ['other-accounts', 'foreign', good.replace(/111111111111/g, '999999999999')],
    ['not-a-state-file', 'corrupt', '[1,2,3]'],
  ])('%s-state-is-reported-as-%s-and-every-failure-is-new', (_name, kind, text) => {
    const baseline = parseState(text, 'runs/x/state.json', [ACCOUNT]);
    expect('problem' in baseline && baseline.problem.kind).toBe(kind);
    const r = computeLifecycle(current, baseline);
    expect(r.changes.new).toHaveLength(1);
    expect(r.baselineProblem?.kind).toBe(kind);
  });

  it('usable-state-is-accepted', () => {
    const baseline = parseState(good, 's', [ACCOUNT, '222222222222']);
    expect('state' in baseline).toBe(true);
  });
});

describe('baseline from a previous findings.json', () => {
  it('its-failures-are-open-in-the-next-run', () => {
    const prev = computeLifecycle(doc([ssh('FAIL'), imds('PASS')], 1), NONE).document;
    const baseline = baselineFromFindings(JSON.stringify(prev), 'findings.json', [ACCOUNT]);
    const r = computeLifecycle(doc([ssh('FAIL')], 2), baseline);
    expect(r.changes.open).toHaveLength(1);
    expect(r.changes.new).toHaveLength(0);
  });

  it.each([
    ['not-json', 'corrupt', 'nope'],
    ['other-schema', 'foreign', JSON.stringify({ ...findingsDoc([]), schemaVersion: 9 })],
    ['no-findings-array', 'corrupt', '{"run":{}}'],
  ])('%s-findings-is-%s', (_n, kind, text) => {
    const b = baselineFromFindings(text, 'f', [ACCOUNT]);
    expect('problem' in b && b.problem.kind).toBe(kind);
  });
});
