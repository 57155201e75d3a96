/** Small formatting helpers shared by the HTML, e-mail and console renderers. Pure and locale-free. */
import type { Severity } from '../model/severity';
import type { FindingStatus } from '../findings/finding';

/** 12345 → "12,345" without depending on the runtime's ICU data. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "2026-11-26T12:00:00.000Z" → "2026-11-26 12:00:00 UTC"; anything else is returned as given. */
export function formatTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** "in 4.2 s" / "in 3 min 5 s"; empty when either time does not parse. */
export function formatDuration(startIso: string, endIso: string): string {
  const ms = Date.parse(endIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function severityLabel(s: Severity): string {
  return s.toUpperCase();
}

export const STATUS_LABEL: Record<FindingStatus, string> = {
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  UNKNOWN: 'UNKNOWN',
  SUPPRESSED: 'SUPPRESSED',
  PASS: 'PASS',
  NOT_APPLICABLE: 'N/A',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
