import rule from '../../lib/rules/ec2-instance-stopped-too-long';
import { instance, snapshot } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor, statusFor } from './helpers';

// NOW is 2026-11-26T12:00:00Z (test/support/run-rule.ts).
describe('ec2-instance-stopped-too-long', () => {
  const cases: { name: string; state: 'running' | 'stopped' | 'terminated'; since?: string; params?: Record<string, unknown>; expected: string | undefined }[] = [
    { name: 'running-instance-passes', state: 'running', expected: 'PASS' },
    { name: 'stopped-10-days-passes', state: 'stopped', since: '2026-11-16T12:00:00.000Z', expected: 'PASS' },
    { name: 'stopped-exactly-30-days-passes', state: 'stopped', since: '2026-10-27T12:00:00.000Z', expected: 'PASS' },
    { name: 'stopped-31-days-fails', state: 'stopped', since: '2026-10-26T12:00:00.000Z', expected: 'FAIL' },
    { name: 'stopped-10-days-fails-with-a-7-day-limit', state: 'stopped', since: '2026-11-16T12:00:00.000Z', params: { days: 7 }, expected: 'FAIL' },
    { name: 'stopped-without-transition-time-is-unknown', state: 'stopped', expected: 'UNKNOWN' },
    { name: 'terminated-instance-is-skipped', state: 'terminated', since: '2020-01-01T00:00:00.000Z', expected: undefined },
  ];
  it.each(cases)('$name', ({ state, since, params, expected }) => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', state, stateTransitionTime: since })] });
    expect(statusFor(runRule(rule, snap, params), 'i-1')).toBe(expected);
  });

  it('fail-message-gives-days-and-limit', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', state: 'stopped', stateTransitionTime: '2026-01-01T00:00:00.000Z', tags: { Name: 'old-build' } })] });
    const f = resultFor(runRule(rule, snap), 'i-1');
    expect(f.message).toBe('i-1 (old-build) has been stopped for 329 days (allowed: 30)');
    expect(f.evidence).toMatchObject({ days: 329, allowedDays: 30, stoppedSince: '2026-01-01T00:00:00.000Z' });
  });

  it.each([['zero-days', { days: 0 }], ['fractional-days', { days: 1.5 }], ['text-days', { days: '30' }]])('rejects-%s', (_n, p) => {
    expect(rule.params.safeParse(p).success).toBe(false);
  });
});
