/** Flag parsing shared by commands; each mistake is a UsageError naming the flag and the fix. */
import { UsageError } from '../errors';
import { isSeverity, SEVERITIES, type Severity } from '../engine/severity';

export function parseFailOn(text: string | undefined): Severity | undefined {
  if (text === undefined) return undefined;
  if (!isSeverity(text)) throw new UsageError(`UsageError: --fail-on ${JSON.stringify(text)} is not a severity: use one of ${SEVERITIES.join(', ')}.`);
  return text;
}

export function parseAt(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`UsageError: --at ${JSON.stringify(text)} is not a date-time: use ISO 8601, e.g. 2026-11-26T12:00:00Z.`);
  return new Date(t);
}
