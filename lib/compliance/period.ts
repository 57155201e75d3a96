/**
 * Report periods in UTC: a day; an ISO week (Monday to Sunday, labelled 2026-W48); a calendar month.
 * A period is [start, end); its storage key is its start date (reports/weekly/2026-11-23/).
 */
export const PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodRange {
  period: Period;
  /** Inclusive start, ISO (midnight UTC). */
  start: string;
  /** Exclusive end, ISO. */
  end: string;
  /** 2026-11-26, 2026-W48, 2026-11. */
  label: string;
  /** The start date, YYYY-MM-DD: the folder under reports/<period>/. */
  key: string;
}

export function isPeriod(s: string): s is Period {
  return (PERIODS as readonly string[]).includes(s);
}

const DAY = 86_400_000;

function utcMidnight(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** ISO 8601 week number and week-year of a Monday-based week. */
function isoWeek(mondayMs: number): { year: number; week: number } {
  const thursday = new Date(mondayMs + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Monday = jan4 - (((new Date(jan4).getUTCDay() + 6) % 7) * DAY);
  return { year, week: 1 + Math.round((mondayMs - jan4Monday) / (7 * DAY)) };
}

export function periodContaining(period: Period, at: Date): PeriodRange {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('periodContaining: invalid date');
  let start: number;
  let end: number;
  let label: string;
  if (period === 'daily') {
    start = utcMidnight(t);
    end = start + DAY;
    label = iso(start).slice(0, 10);
  } else if (period === 'weekly') {
    const day = utcMidnight(t);
    start = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
    end = start + 7 * DAY;
    const w = isoWeek(start);
    label = `${w.year}-W${String(w.week).padStart(2, '0')}`;
  } else {
    const d = new Date(t);
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    label = iso(start).slice(0, 7);
  }
  return { period, start: iso(start), end: iso(end), label, key: iso(start).slice(0, 10) };
}

/** The last period that has ended at `now` (what a scheduled report covers). */
export function lastCompletePeriod(period: Period, now: Date): PeriodRange {
  const current = periodContaining(period, now);
  return periodContaining(period, new Date(Date.parse(current.start) - 1));
}

/** The `count` periods before `range`, oldest first. */
export function previousPeriods(range: PeriodRange, count: number): PeriodRange[] {
  const out: PeriodRange[] = [];
  let cur = range;
  for (let i = 0; i < count; i++) {
    cur = periodContaining(range.period, new Date(Date.parse(cur.start) - 1));
    out.unshift(cur);
  }
  return out;
}

export function inRange(isoTime: string, range: Pick<PeriodRange, 'start' | 'end'>): boolean {
  const t = Date.parse(isoTime);
  return t >= Date.parse(range.start) && t < Date.parse(range.end);
}

/** YYYY-MM-DD → the start of that day, or undefined when it is not a real date. */
export function parseDay(s: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const t = Date.parse(`${s}T00:00:00.000Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s ? undefined : new Date(t);
}
