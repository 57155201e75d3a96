/**
 * EventBridge schedule expressions, checked as AWS checks them, so a bad one fails `cdk synth` instead
 * of the deployment: `rate(value unit)` with a singular unit for 1 and a plural one otherwise, and
 * six-field `cron(minutes hours day-of-month month day-of-week year)` where exactly one of the two day
 * fields is `?`. Also works out the longest gap between two runs, which sizes the dead-man alarm.
 */

export interface Schedule {
  kind: 'rate' | 'cron';
  expression: string;
  /** The longest time between two consecutive runs, in minutes (undefined: runs at most once). */
  maxGapMinutes?: number;
}

const EXAMPLES = 'expected rate(<value> <unit>) like rate(1 hour), or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) like cron(0 6 * * ? *)';

const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

function parseRate(body: string, expr: string): Schedule | string {
  const m = /^(\S+)\s+(\S+)$/.exec(body.trim());
  if (!m) return `${JSON.stringify(expr)}: ${EXAMPLES}`;
  const [, valueText, unitText] = m;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) return `${JSON.stringify(expr)}: the rate value must be a whole number of at least 1, got ${JSON.stringify(valueText)}`;
  const value = Number(valueText);
  const singular = unitText.replace(/s$/, '');
  if (!(singular in UNIT_MINUTES)) return `${JSON.stringify(expr)}: the unit must be minute(s), hour(s) or day(s), got ${JSON.stringify(unitText)}`;
  const plural = unitText.endsWith('s');
  if (value === 1 && plural) return `${JSON.stringify(expr)}: AWS wants the singular unit with 1: rate(1 ${singular})`;
  if (value > 1 && !plural) return `${JSON.stringify(expr)}: AWS wants the plural unit with ${value}: rate(${value} ${singular}s)`;
  return { kind: 'rate', expression: expr, maxGapMinutes: value * UNIT_MINUTES[singular] };
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  question?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], question: true },
  { name: 'year', min: 1970, max: 2199 },
];

/** A day-of-month or day-of-week special (L, W, #): matched against the calendar, not a value set. */
type Special = { kind: 'last-day' } | { kind: 'last-weekday' } | { kind: 'nearest-weekday'; day: number } | { kind: 'last-dow'; dow: number } | { kind: 'nth-dow'; dow: number; nth: number };

interface Field {
  any: boolean;
  values: Set<number>;
  special?: Special;
}

function valueOf(text: string, f: FieldSpec): number | undefined {
  const upper = text.toUpperCase();
  const named = f.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + f.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= f.min && n <= f.max ? n : undefined;
}

function parseField(text: string, f: FieldSpec): Field | string {
  const bad = (why: string) => `${f.name} ${JSON.stringify(text)}: ${why}`;
  if (text === '?') return f.question ? { any: true, values: new Set() } : bad('"?" is only allowed in day-of-month or day-of-week');
  if (f.name === 'day-of-month') {
    if (text === 'L') return { any: false, values: new Set(), special: { kind: 'last-day' } };
    if (text === 'LW') return { any: false, values: new Set(), special: { kind: 'last-weekday' } };
    const w = /^(\d{1,2})W$/.exec(text);
    if (w) {
      const day = valueOf(w[1], f);
      return day === undefined ? bad(`expected a day 1-31 before W`) : { any: false, values: new Set(), special: { kind: 'nearest-weekday', day } };
    }
  }
  if (f.name === 'day-of-week') {
    if (text === 'L') return { any: false, values: new Set([7]) };
    const last = /^(\w+)L$/.exec(text);
    if (last) {
      const dow = valueOf(last[1], f);
      return dow === undefined ? bad('expected a weekday 1-7 or SUN-SAT before L') : { any: false, values: new Set(), special: { kind: 'last-dow', dow } };
    }
    const nth = /^(\w+)#(\d)$/.exec(text);
    if (nth) {
      const dow = valueOf(nth[1], f);
      const k = Number(nth[2]);
      if (dow === undefined || k < 1 || k > 5) return bad('expected <weekday>#<1-5>, e.g. MON#1 for the first Monday');
      return { any: false, values: new Set(), special: { kind: 'nth-dow', dow, nth: k } };
    }
  }
  const values = new Set<number>();
  let any = false;
  for (const item of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) return bad(`cannot read ${JSON.stringify(item)}; use numbers${f.names ? ' or names' : ''}, ranges a-b, lists a,b, steps */n`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return bad('a step must be at least 1');
    let lo = f.min;
    let hi = f.max;
    if (m[1] === '*') {
      if (m[2] === undefined) any = true;
    } else {
      const [a, b] = m[1].split('-');
      const va = valueOf(a, f);
      const vb = b === undefined ? undefined : valueOf(b, f);
      if (va === undefined || (b !== undefined && vb === undefined)) return bad(`values must be ${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}`);
      lo = va;
      hi = vb ?? (m[2] === undefined ? va : f.max);
      if (lo > hi) return bad(`the range ${m[1]} runs backwards`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { any, values };
}

function daysInMonth(y: number, m0: number): number {
  return new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
}

function matchesSpecial(s: Special, y: number, m0: number, d: number, dow: number): boolean {
  const last = daysInMonth(y, m0);
  const weekday = (day: number) => new Date(Date.UTC(y, m0, day)).getUTCDay() + 1;
  switch (s.kind) {
    case 'last-day':
      return d === last;
    case 'last-weekday': {
      let day = last;
      while (weekday(day) === 1 || weekday(day) === 7) day--;
      return d === day;
    }
    case 'nearest-weekday': {
      // Nearest weekday to the day, never crossing into another month (Quartz semantics).
      let day = Math.min(s.day, last);
      const wd = weekday(day);
      if (wd === 7) day = day === 1 ? day + 2 : day - 1;
      else if (wd === 1) day = day === last ? day - 2 : day + 1;
      return d === day;
    }
    case 'last-dow':
      return dow === s.dow && d + 7 > last;
    case 'nth-dow':
      return dow === s.dow && Math.ceil(d / 7) === s.nth;
  }
}

function matchesDay(f: Field, value: number, special: () => boolean): boolean {
  if (f.special) return special();
  return f.any || f.values.has(value);
}

/** Longest gap between consecutive runs over two years from 2026-01-01 (enough for monthly and leap-day schedules). */
function maxGap(fields: Field[]): number | undefined {
  const [min, hour, dom, month, dow, year] = fields;
  const minutes = [...(min.any ? Array.from({ length: 60 }, (_, i) => i) : min.values)].sort((a, b) => a - b);
  const hours = [...(hour.any ? Array.from({ length: 24 }, (_, i) => i) : hour.values)].sort((a, b) => a - b);
  const start = Date.UTC(2026, 0, 1);
  let prev: number | undefined;
  let gap: number | undefined;
  for (let day = 0; day < 731; day++) {
    const t = new Date(start + day * 86_400_000);
    const y = t.getUTCFullYear();
    const m0 = t.getUTCMonth();
    const d = t.getUTCDate();
    const wd = t.getUTCDay() + 1;
    if (!(year.any || year.values.has(y)) || !(month.any || month.values.has(m0 + 1))) continue;
    if (!matchesDay(dom, d, () => matchesSpecial(dom.special!, y, m0, d, wd))) continue;
    if (!matchesDay(dow, wd, () => matchesSpecial(dow.special!, y, m0, d, wd))) continue;
    for (const h of hours) {
      for (const mi of minutes) {
        const at = start / 60_000 + day * 1440 + h * 60 + mi;
        if (prev !== undefined) gap = Math.max(gap ?? 0, at - prev);
        prev = at;
      }
    }
  }
  return gap;
}

function parseCron(body: string, expr: string): Schedule | string {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) return `${JSON.stringify(expr)}: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}; e.g. cron(0 6 * * ? *)`;
  const fields: Field[] = [];
  for (let i = 0; i < 6; i++) {
    const f = parseField(parts[i], FIELDS[i]);
    if (typeof f === 'string') return `${JSON.stringify(expr)}: ${f}`;
    fields.push(f);
  }
  const domQ = parts[2] === '?';
  const dowQ = parts[4] === '?';
  if (domQ === dowQ) {
    return `${JSON.stringify(expr)}: exactly one of day-of-month and day-of-week must be "?" (here ${domQ ? 'both are "?"' : 'both are set'}); e.g. cron(0 6 * * ? *) daily or cron(0 6 ? * MON *) on Mondays`;
  }
  return { kind: 'cron', expression: expr, maxGapMinutes: maxGap(fields) };
}

/** The schedule, or the reason AWS would reject it. */
export function parseSchedule(expr: string): Schedule | string {
  const text = expr.trim();
  const m = /^(rate|cron)\((.*)\)$/s.exec(text);
  if (!m) return `${JSON.stringify(expr)}: ${EXAMPLES}`;
  return m[1] === 'rate' ? parseRate(m[2], text) : parseCron(m[2], text);
}
