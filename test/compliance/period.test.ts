import { lastCompletePeriod, parseDay, periodContaining, previousPeriods, type Period } from '../../lib/compliance/period';

describe('report periods (UTC)', () => {
  it.each([
    ['daily', '2026-11-26T23:59:59.999Z', '2026-11-26T00:00:00.000Z', '2026-11-27T00:00:00.000Z', '2026-11-26'],
    ['weekly', '2026-11-26T12:00:00.000Z', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-W48'],
    ['weekly', '2026-11-29T23:59:59.999Z', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z', '2026-W48'],
    ['weekly', '2026-01-01T00:00:00.000Z', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z', '2026-W01'],
    ['weekly', '2027-01-01T00:00:00.000Z', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z', '2026-W53'],
    ['monthly', '2026-02-28T10:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-02'],
    ['monthly', '2026-12-31T23:00:00.000Z', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2026-12'],
  ] as const)('%s-period-of-%s-starts-%s', (period, at, start, end, label) => {
    expect(periodContaining(period as Period, new Date(at))).toEqual({ period, start, end, label, key: start.slice(0, 10) });
  });

  it('last-complete-week-on-a-monday-is-the-week-before', () => {
    expect(lastCompletePeriod('weekly', new Date('2026-11-30T00:05:00.000Z')).label).toBe('2026-W48');
  });

  it('previous-periods-are-oldest-first-and-contiguous', () => {
    const p = previousPeriods(periodContaining('monthly', new Date('2026-03-15T00:00:00Z')), 3);
    expect(p.map((x) => x.label)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', 'yesterday'])('rejects-the-date-%s', (s) => {
    expect(parseDay(s)).toBeUndefined();
  });
});
