import { mergeSnapshots } from '../../lib/model/snapshot-file';
import { auditEvent, coverageGap, instance, snapshot, trail, vpc } from '../../lib/model/builders';
import type { Snapshot } from '../../lib/model/types';

const A = '123456789012';
const B = '210987654321';
const at = (accountId: string, region: string) => ({ accountId, region });

function slice(accountId: string, region: string, o: Partial<Snapshot> = {}, generatedAt = '2026-11-26T12:00:00.000Z'): Snapshot {
  return snapshot({ generatedAt, targets: [at(accountId, region)], source: { kind: 'aws' }, ...o });
}

describe('mergeSnapshots', () => {
  it('slices-of-two-accounts-and-regions-are-concatenated', () => {
    const merged = mergeSnapshots([
      slice(A, 'us-east-1', { instances: [instance({ ...at(A, 'us-east-1'), instanceId: 'i-a1' })], vpcs: [vpc({ ...at(A, 'us-east-1') })] }),
      slice(A, 'eu-west-1', { instances: [instance({ ...at(A, 'eu-west-1'), instanceId: 'i-a2' })] }),
      slice(B, 'us-east-1', { instances: [instance({ ...at(B, 'us-east-1'), instanceId: 'i-b1' })] }),
    ]);
    expect(merged.targets).toEqual([at(A, 'us-east-1'), at(A, 'eu-west-1'), at(B, 'us-east-1')]);
    expect(merged.instances.map((i) => i.instanceId)).toEqual(['i-a1', 'i-a2', 'i-b1']);
    expect(merged.vpcs).toHaveLength(1);
    expect(merged.source).toEqual({ kind: 'aws', description: 'merged from 3 slices' });
  });

  it('same-resource-id-in-two-accounts-is-kept-twice', () => {
    const merged = mergeSnapshots([slice(A, 'us-east-1', { vpcs: [vpc({ ...at(A, 'us-east-1') })] }), slice(B, 'us-east-1', { vpcs: [vpc({ ...at(B, 'us-east-1') })] })]);
    expect(merged.vpcs.map((v) => v.accountId)).toEqual([A, B]);
  });

  it('coverage-gaps-of-every-target-are-unioned', () => {
    const gapEu = coverageGap({ ...at(A, 'eu-west-1'), service: 'cloudtrail', api: 'LookupEvents', errorCode: 'ThrottlingException' });
    const gapB = coverageGap({ accountId: B, region: '*', service: 'sts', api: 'AssumeRole', errorCode: 'AccessDenied' });
    const merged = mergeSnapshots([slice(A, 'us-east-1'), slice(A, 'eu-west-1', { coverageGaps: [gapEu] }), slice(B, 'us-east-1', { coverageGaps: [gapB] })]);
    expect(merged.coverageGaps).toEqual([gapEu, gapB]);
  });

  it('account-wide-gap-reported-by-two-slices-appears-once', () => {
    const gap = coverageGap({ accountId: B, region: '*', service: 'sts', api: 'AssumeRole', errorCode: 'AccessDenied' });
    const merged = mergeSnapshots([slice(B, 'us-east-1', { coverageGaps: [gap] }), slice(B, 'eu-west-1', { coverageGaps: [gap] })]);
    expect(merged.coverageGaps).toEqual([gap]);
  });

  it('re-collected-target-replaces-the-older-slice-instead-of-doubling-it', () => {
    const old = slice(A, 'us-east-1', { instances: [instance({ ...at(A, 'us-east-1'), instanceId: 'i-old' })], coverageGaps: [coverageGap({ ...at(A, 'us-east-1') })] }, '2026-11-26T11:00:00.000Z');
    const fresh = slice(A, 'us-east-1', { instances: [instance({ ...at(A, 'us-east-1'), instanceId: 'i-new' })] }, '2026-11-26T12:00:00.000Z');
    for (const order of [[old, fresh], [fresh, old]]) {
      const merged = mergeSnapshots(order);
      expect(merged.instances.map((i) => i.instanceId)).toEqual(['i-new']);
      expect(merged.coverageGaps).toEqual([]);
      expect(merged.targets).toEqual([at(A, 'us-east-1')]);
      expect(merged.generatedAt).toBe('2026-11-26T12:00:00.000Z');
    }
  });

  it('shadow-copies-of-a-multi-region-trail-become-one-from-its-home-region', () => {
    const arn = `arn:aws:cloudtrail:us-east-1:${A}:trail/org`;
    const shadow = trail({ ...at(A, 'eu-west-1'), arn, homeRegion: 'us-east-1' });
    const home = trail({ ...at(A, 'us-east-1'), arn, homeRegion: 'us-east-1' });
    const merged = mergeSnapshots([slice(A, 'eu-west-1', { trails: [shadow] }), slice(A, 'us-east-1', { trails: [home] })]);
    expect(merged.trails).toEqual([home]);
  });

  it('same-event-from-lookup-and-eventbridge-is-kept-once', () => {
    const e1 = auditEvent({ ...at(A, 'us-east-1'), eventId: 'ev-1', origin: 'lookup' });
    const e2 = auditEvent({ ...at(A, 'us-east-1'), eventId: 'ev-1', origin: 'eventbridge' });
    const e3 = auditEvent({ ...at(A, 'us-east-1'), eventId: 'ev-2' });
    expect(mergeSnapshots([slice(A, 'us-east-1', { events: [e1, e2, e3] })]).events.map((e) => e.eventId)).toEqual(['ev-1', 'ev-2']);
  });

  it('mixed-source-kinds-become-file', () => {
    const merged = mergeSnapshots([slice(A, 'us-east-1'), { ...slice(B, 'us-east-1'), source: { kind: 'demo' } }]);
    expect(merged.source.kind).toBe('file');
  });

  it('one-slice-comes-back-unchanged', () => {
    const s = slice(A, 'us-east-1', { instances: [instance({ ...at(A, 'us-east-1') })] });
    expect(mergeSnapshots([s])).toEqual(s);
  });

  it('no-slices-is-an-error', () => {
    expect(() => mergeSnapshots([])).toThrow(/at least one slice/);
  });
});
