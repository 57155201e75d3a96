/**
 * Links into the findings table with filters set, for any section (a control table, a zone matrix):
 * `findingsFilterHref({ rule: 'net-zone-isolation', q: 'prod dev' })` → `#findings?rule=...&q=...`.
 * The table's script reads the fragment; without script the link lands on the table, unfiltered.
 */
export interface FindingsFilter {
  /** Free text; every word must appear in the row (case-insensitive). */
  q?: string;
  sev?: string;
  st?: string;
  lc?: string;
  rule?: string;
  acct?: string;
  reg?: string;
}

const ORDER: (keyof FindingsFilter)[] = ['q', 'sev', 'st', 'lc', 'rule', 'acct', 'reg'];

export function findingsFilterHref(filter: FindingsFilter): string {
  const parts = ORDER.filter((k) => filter[k]).map((k) => `${k}=${encodeURIComponent(filter[k]!)}`);
  return parts.length ? `#findings?${parts.join('&')}` : '#findings';
}
