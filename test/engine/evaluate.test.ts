import * as z from 'zod';
import { evaluate } from '../../lib/engine/evaluate';
import { defineRule, type Rule, type RuleResult } from '../../lib/engine/rule';
import { coverageGap, instance, snapshot } from '../../lib/model/builders';
import { PolicySchema, type PolicyInput } from '../../lib/policy/schema';
import { instanceRef } from '../../lib/rules/resource-refs';
import type { Snapshot } from '../../lib/model/types';

const NOW = new Date('2026-11-26T12:00:00.000Z');

function rule(id: string, evaluateFn: (snap: Snapshot, params: { limit: number }) => Iterable<RuleResult>, over: Partial<Parameters<typeof defineRule>[0]> = {}): Rule {
  return defineRule({
    id,
    title: `title of ${id}`,
    severity: 'medium',
    category: 'instance',
    resourceType: 'AWS::EC2::Instance',
    rationale: 'why',
    remediation: 'how',
    params: z.strictObject({ limit: z.number().default(1) }),
    requires: ['ec2:DescribeInstances'],
    evaluate: ({ inv, params }) => evaluateFn(inv.snapshot, params as { limit: number }),
    ...over,
  });
}

const eachInstance = (status: 'PASS' | 'FAIL') => (snap: Snapshot) => snap.instances.map((i) => ({ status, resource: instanceRef(i), message: `${i.instanceId} ${status}` }));
const run = (rules: Rule[], snap: Snapshot, policy: PolicyInput = {}) => evaluate(snap, PolicySchema.parse(policy), { rules, now: NOW });
const two = () => snapshot({ instances: [instance({ instanceId: 'i-1' }), instance({ instanceId: 'i-2' })] });

describe('evaluate', () => {
  it('a-rule-that-throws-is-error-per-target-and-the-run-goes-on', () => {
    const boom = rule('boom', () => { throw new Error('kaput'); });
    const ok = rule('ok', eachInstance('PASS'));
    const { findings, rulesRun } = run([boom, ok], two());
    expect(rulesRun).toEqual(['boom', 'ok']);
    expect(findings.filter((f) => f.ruleId === 'boom').map((f) => [f.status, f.message])).toEqual([['ERROR', 'Rule boom failed: kaput']]);
    expect(findings.filter((f) => f.ruleId === 'ok').map((f) => f.status)).toEqual(['PASS', 'PASS']);
  });

  it('a-rule-that-throws-part-way-keeps-none-of-its-partial-results', () => {
    const partial = rule('partial', function* (snap) {
      yield { status: 'PASS', resource: instanceRef(snap.instances[0]), message: 'first' };
      throw new Error('second failed');
    });
    const { findings } = run([partial], two());
    expect(findings.map((f) => f.status)).toEqual(['ERROR']);
  });

  it('coverage-gap-turns-pass-into-unknown-and-adds-a-target-unknown-never-pass', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1' })], coverageGaps: [coverageGap({ api: 'DescribeInstances', errorCode: 'AccessDenied' })] });
    const { findings } = run([rule('r', eachInstance('PASS'))], snap);
    expect(findings.map((f) => f.status)).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(findings.find((f) => f.resourceType === 'AWS::::Account')!.message).toContain('ec2:DescribeInstances failed (AccessDenied)');
    expect(findings.some((f) => f.status === 'PASS')).toBe(false);
  });

  it('a-gap-on-an-api-the-rule-does-not-read-changes-nothing', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1' })], coverageGaps: [coverageGap({ service: 'cloudtrail', api: 'LookupEvents' })] });
    expect(run([rule('r', eachInstance('PASS'))], snap).findings.map((f) => f.status)).toEqual(['PASS']);
  });

  it('a-whole-account-gap-covers-every-region-of-that-account', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1' })], coverageGaps: [coverageGap({ region: '*', service: 'sts', api: 'AssumeRole' })] });
    expect(run([rule('r', eachInstance('PASS'))], snap).findings.every((f) => f.status === 'UNKNOWN')).toBe(true);
  });

  it('disabled-rule-does-not-run-and-severity-and-params-come-from-the-policy', () => {
    const seen: number[] = [];
    const r = rule('r', (snap, p) => { seen.push(p.limit); return eachInstance('FAIL')(snap); });
    expect(run([r], two(), { rules: { r: false } }).rulesRun).toEqual([]);
    const { findings } = run([r], two(), { rules: { r: { severity: 'critical', limit: 7 } } });
    expect(seen).toEqual([7]);
    expect(findings.map((f) => f.severity)).toEqual(['critical', 'critical']);
  });

  it('frameworks-turn-no-rule-off-only-disabling-by-name-does', () => {
    // The registry maps ec2-instance-single-eni to FSBP EC2.17 (and NIST), not to CIS; own-rule to nothing.
    const fsbpRule = rule('ec2-instance-single-eni', eachInstance('PASS'));
    const ownRule = rule('own-rule', eachInstance('PASS'));
    expect(run([fsbpRule, ownRule], two(), { frameworks: ['vmaudit'] }).rulesRun).toEqual(['ec2-instance-single-eni', 'own-rule']);
    expect(run([fsbpRule, ownRule], two(), { frameworks: ['cis-3.0'] }).rulesRun).toEqual(['ec2-instance-single-eni', 'own-rule']);
    expect(run([fsbpRule, ownRule], two(), { frameworks: ['cis-3.0'], rules: { 'own-rule': false } }).rulesRun).toEqual(['ec2-instance-single-eni']);
  });

  it('findings-carry-only-the-control-ids-of-the-frameworks-the-policy-shows', () => {
    const both = rule('ec2-imdsv2-required', eachInstance('FAIL'));
    const none = { fsbp: [], 'cis-3.0': [], 'cis-5.0': [], 'pci-dss-4.0': [], 'nist-800-53-r5': [] };
    expect(run([both], two(), { frameworks: ['cis-3.0'] }).findings[0].frameworks).toEqual({ ...none, 'cis-3.0': ['5.6'] });
    expect(run([both], two(), { frameworks: ['fsbp', 'cis-3.0'] }).findings[0].frameworks).toEqual({ ...none, fsbp: ['EC2.8'], 'cis-3.0': ['5.6'] });
    expect(run([both], two(), { frameworks: ['vmaudit'] }).findings[0].frameworks).toEqual(none);
  });

  it('finding-ids-are-stable-and-output-is-sorted-fail-first-then-severity', () => {
    const pass = rule('a-pass', eachInstance('PASS'));
    const fail = rule('b-fail', eachInstance('FAIL'), { severity: 'low' });
    const high = rule('c-fail', eachInstance('FAIL'), { severity: 'high' });
    const first = run([pass, fail, high], two()).findings;
    const again = run([high, pass, fail], two()).findings;
    expect(again).toEqual(first);
    expect(first.map((f) => `${f.status}/${f.severity}/${f.ruleId}`)).toEqual([
      'FAIL/high/c-fail', 'FAIL/high/c-fail', 'FAIL/low/b-fail', 'FAIL/low/b-fail', 'PASS/medium/a-pass', 'PASS/medium/a-pass',
    ]);
    expect(new Set(first.map((f) => f.id)).size).toBe(6);
  });

  it('an-active-exception-suppresses-a-fail-with-its-reason-and-an-expired-one-does-not', () => {
    const r = rule('r', eachInstance('FAIL'));
    const policy: PolicyInput = {
      exceptions: [
        { rule: 'r', resource: 'i-1', reason: 'bastion, SEC-12', owner: 'secops', expires: '2027-03-31' },
        { rule: 'r', resource: 'i-2', reason: 'old', owner: 'secops', expires: '2026-01-01' },
      ],
    };
    const byId = Object.fromEntries(run([r], two(), policy).findings.map((f) => [f.resourceId, f]));
    expect(byId['i-1'].status).toBe('SUPPRESSED');
    expect(byId['i-1'].suppression).toMatchObject({ reason: 'bastion, SEC-12', owner: 'secops' });
    expect(byId['i-2'].status).toBe('FAIL');
    expect(byId['i-2'].expiredException).toMatchObject({ reason: 'old' });
  });

  it('a-rule-yielding-half-a-million-results-does-not-overflow-the-stack', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1' })] });
    const many = rule('many', function* (s) {
      const ref = instanceRef(s.instances[0]);
      for (let i = 0; i < 500_000; i++) yield { status: 'PASS', resource: ref, message: 'ok', detailKey: String(i) };
    }, { requires: [] });
    expect(run([many], snap).findings).toHaveLength(500_000);
  });
});
