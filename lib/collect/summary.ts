/** The table printed at the end of a scan: what was read per target, then every coverage gap. */
import Table from 'cli-table3';
import type { Snapshot } from '../model/types';
import { printable } from './progress';

function count<T extends { accountId: string; region: string }>(list: readonly T[], accountId: string, region: string): number {
  let n = 0;
  for (const x of list) if (x.accountId === accountId && x.region === region) n++;
  return n;
}

/** No separator between body rows: one line per target. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export interface SummaryInput {
  snapshot: Snapshot;
  calls: Record<string, number>;
  durationMs: number;
}

export function renderScanSummary({ snapshot: s, calls, durationMs }: SummaryInput): string {
  const fresh = s.events.filter((e) => !e.carried);
  const targets = new Table({ head: ['account', 'region', 'instances', 'ENIs', 'SGs', 'subnets', 'volumes', 'snapshots', 'AMIs', 'trails', 'events', 'gaps'], style: { head: [], border: [] }, chars: COMPACT });
  const gapsAt = (a: string, r: string) => s.coverageGaps.filter((g) => g.accountId === a && (g.region === r || g.region === '*')).length;
  for (const t of [...s.targets].sort((x, y) => x.accountId.localeCompare(y.accountId) || x.region.localeCompare(y.region))) {
    const { accountId: a, region: r } = t;
    targets.push([
      a,
      r,
      count(s.instances, a, r),
      count(s.networkInterfaces, a, r),
      count(s.securityGroups, a, r),
      count(s.subnets, a, r),
      count(s.volumes, a, r),
      count(s.snapshots, a, r),
      count(s.images, a, r),
      count(s.trails, a, r),
      // Burst context carried over from the previous scan was counted by that scan.
      count(fresh, a, r) + (s.eventWindows.some((w) => w.accountId === a && w.region === r && w.capped) ? ' (capped)' : ''),
      gapsAt(a, r) || '-',
    ]);
  }
  const totalCalls = Object.values(calls).reduce((x, y) => x + y, 0);
  const lines = [targets.toString(), `${s.targets.length} target${s.targets.length === 1 ? '' : 's'}, ${totalCalls} API calls, ${(durationMs / 1000).toFixed(1)} s`];
  if (s.coverageGaps.length) {
    // Messages wrap in a narrow column so the table fits a terminal; they are bounded at collection.
    const gaps = new Table({ head: ['account/region', 'api', 'error', 'message'], style: { head: [], border: [] }, colWidths: [25, 29, 24, 48], wordWrap: true, wrapOnWordBoundary: false });
    for (const g of s.coverageGaps) gaps.push([`${g.accountId}/${g.region}`, `${g.service}:${g.api}`, printable(g.errorCode), printable(g.message)]);
    lines.push(`Coverage gaps (${s.coverageGaps.length}): rules that need this data report UNKNOWN there, never PASS.`, gaps.toString());
  } else lines.push('No coverage gaps: every API call succeeded.');
  return `${lines.join('\n')}\n`;
}
