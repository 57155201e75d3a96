/**
 * The shapes of identifiers and times that every reader checks the same way: snapshot files, policy
 * files, CloudTrail records and command-line flags. One home, so a flag and a file field that hold
 * the same thing accept exactly the same values and are refused with the same words.
 */

export const ACCOUNT_ID = /^\d{12}$/;
export const ACCOUNT_ID_WORDS = 'a 12-digit AWS account id, e.g. 123456789012';

/**
 * A region name's format, not a list: CloudTrail records carry regions newer than this build (and
 * recorded datasets carry anonymised ones such as ca-south-3r), so `events` and snapshots accept any
 * name of the shape <area>-<words or digits>-…, with a number in it. `scan` checks names against
 * DescribeRegions on top of this.
 */
export const REGION_FORMAT = /^(?=[a-z0-9-]{4,32}$)(?=.*\d)[a-z]{2}(?:-[a-z0-9]+)+$/;
export const REGION_WORDS = 'a region name like us-east-1 or eu-west-1 (lower-case <area>-<direction>-<number>)';

/**
 * A region vmaudit is asked to read (`scan --regions`, `--home-region`, the stack's regions): the
 * strict shape of AWS's names — a two-letter area, an optional partition marker, a compass direction,
 * a number (us-east-1, us-gov-west-1, us-isob-east-1, ap-southeast-5) — so a typo such as us-est-1
 * is caught before any call; names AWS does not know are caught by DescribeRegions.
 */
export const SCANNABLE_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-(east|west|north|south|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export const isAccountId = (s: string): boolean => ACCOUNT_ID.test(s);
export const isRegionName = (s: string): boolean => REGION_FORMAT.test(s);
export const isScannableRegion = (s: string): boolean => SCANNABLE_REGION.test(s);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time that names a real moment: Date.parse alone rolls 2026-02-30 over to
 * 2 March and 24:61 to the next day, which would silently audit another day than the one written.
 * Returns the time in ms, or undefined. Other formats Date.parse reads (RFC 2822) pass through it.
 */
export function parseRealTime(text: string): number | undefined {
  const t = Date.parse(text);
  if (Number.isNaN(t)) return undefined;
  const m = ISO.exec(text.trim());
  if (!m) return /^\d{4}-/.test(text.trim()) ? undefined : t;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  const ok = Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= days && Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 59;
  return ok ? t : undefined;
}

export const isRealTime = (text: string): boolean => parseRealTime(text) !== undefined;

/** Like parseRealTime, but ISO 8601 only: what a flag accepts ("0" is year 2000 to Date.parse, not a date). */
export function parseIsoTime(text: string): number | undefined {
  return ISO.test(text.trim()) ? parseRealTime(text) : undefined;
}
