/**
 * Flag parsing shared by every command, so the same kind of value is accepted and refused the same
 * way with the same words: each mistake is a UsageError naming the flag, what it got and the fix.
 */
import { UsageError } from '../errors';
import { isSeverity, SEVERITIES, type Severity } from '../model/severity';
import { ACCOUNT_ID_WORDS, isAccountId, isRegionName, isScannableRegion, parseIsoTime, REGION_WORDS } from '../model/formats';
import type { RegionSelection } from '../collect/regions';
import { OUTPUT_FORMAT_NAMES, isOutputFormat, type OutputFormat } from '../layout';

const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** A severity flag (--fail-on, --min-severity, --digest-severity): named as the user typed it. */
export function parseSeverity(flag: string, text: string | undefined): Severity | undefined {
  if (text === undefined) return undefined;
  if (!isSeverity(text)) throw new UsageError(`UsageError: ${flag} ${shown(text)} is not a severity: use one of ${SEVERITIES.join(', ')}.`);
  return text;
}

export function parseFailOn(text: string | undefined): Severity | undefined {
  return parseSeverity('--fail-on', text);
}

/** A date-time flag: ISO 8601 naming a real moment (2026-02-30 is refused, not rolled to March). */
export function parseTime(flag: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const t = parseIsoTime(text.trim());
  if (t === undefined) throw new UsageError(`UsageError: ${flag} ${shown(text)} is not a real date-time: use ISO 8601, e.g. 2026-11-26T12:00:00Z.`);
  return new Date(t);
}

export function parseAt(text: string | undefined): Date | undefined {
  return parseTime('--at', text);
}

export function parseAccountId(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isAccountId(text.trim())) throw new UsageError(`UsageError: ${flag} ${shown(text)} is not an AWS account id: expected ${ACCOUNT_ID_WORDS}.`);
  return text.trim();
}

/** A region flag: the name's format is checked (not a list: new regions must keep working). */
export function parseRegionName(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isRegionName(text.trim())) throw new UsageError(`UsageError: ${flag} ${shown(text)} is not a region name: expected ${REGION_WORDS}.`);
  return text.trim();
}

/** A comma-separated list of account ids (--accounts). */
export function parseAccountList(flag: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) throw new UsageError(`UsageError: ${flag} is empty: give ${ACCOUNT_ID_WORDS}, comma-separated.`);
  const bad = ids.filter((id) => !isAccountId(id));
  if (bad.length) {
    const list = bad.map(shown).join(', ');
    throw new UsageError(`UsageError: ${flag} ${list} ${bad.length === 1 ? 'is not an AWS account id' : 'are not AWS account ids'}: expected ${ACCOUNT_ID_WORDS}, comma-separated.`);
  }
  return [...new Set(ids)];
}

/** A region to read from AWS (--home-region): the strict shape, so a typo fails before any call. */
export function parseScanRegion(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!isScannableRegion(text.trim())) throw new UsageError(`UsageError: ${flag} ${shown(text)} is not a region name: expected ${REGION_WORDS}.`);
  return text.trim();
}

/** `--regions`: a comma-separated list of regions to read, or `all`. */
export function parseRegionList(flag: string, text: string | undefined): RegionSelection | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0].toLowerCase() === 'all') return 'all';
  if (!names.length) throw new UsageError(`UsageError: ${flag} is empty: give region names like us-east-1,eu-west-1, or ${flag} all for every enabled region.`);
  const bad = names.filter((n) => !isScannableRegion(n));
  if (bad.length) {
    const list = bad.map(shown).join(', ');
    throw new UsageError(`UsageError: ${flag} ${list} ${bad.length === 1 ? 'is not a region name' : 'are not region names'}: expected ${REGION_WORDS}. Use ${flag} all for every enabled region.`);
  }
  return [...new Set(names)];
}

/** A flag that takes one of a few words (--period): named as typed, with the words it takes. */
export function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[], what: string): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`UsageError: ${flag} ${shown(text)} is not ${what}: use one of ${choices.join(', ')}.`);
  return text as T;
}

/** --output-formats json,csv,html,asff,ocsf: the run files to write (findings.json is written whatever the choice). */
export function parseOutputFormats(text: string | undefined): OutputFormat[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = names.filter((n) => !isOutputFormat(n));
  if (!names.length || bad.length) {
    const what = names.length ? `${bad.map(shown).join(', ')} ${bad.length === 1 ? 'is not an output format' : 'are not output formats'}` : 'names no output format';
    throw new UsageError(`UsageError: --output-formats ${shown(text)}: ${what}. Use a comma-separated list of ${OUTPUT_FORMAT_NAMES.join(', ')} (default: all of them; findings.json is always written, vmaudit reads it for retries and periodic reports).`);
  }
  return [...new Set(names as OutputFormat[])];
}

export const OUTPUT_FORMATS_HELP = `run files to write, comma-separated: ${OUTPUT_FORMAT_NAMES.join(',')} (default: all; findings.json is always written)`;

/** A whole-number flag within bounds. */
export function parseCount(flag: string, text: string | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`UsageError: ${flag} ${shown(text)} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}.`);
  }
  return n;
}
