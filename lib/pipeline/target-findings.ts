/**
 * The per-target result the collect step leaves for the publish step: target-scope findings plus the
 * slice's coverage gaps and event windows, so publishing needs the full slices only when an estate
 * rule (cross-account reachability) runs.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Finding } from '../findings/finding';
import type { CoverageGap, EventWindow, Target } from '../model/types';
import { PayloadError } from './run-context';

export const TARGET_FINDINGS_KIND = 'vmaudit-target-findings';

export interface TargetFindings {
  kind: typeof TARGET_FINDINGS_KIND;
  schemaVersion: 1;
  runId: string;
  target: Target;
  generatedAt: string;
  rulesRun: string[];
  coverageGaps: CoverageGap[];
  eventWindows: EventWindow[];
  findings: Finding[];
}

export function encodeTargetFindings(t: TargetFindings): Buffer {
  return gzipSync(JSON.stringify(t), { level: 6 });
}

export function decodeTargetFindings(bytes: Uint8Array, key: string): TargetFindings {
  let data: Partial<TargetFindings>;
  try {
    data = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<TargetFindings>;
  } catch (err) {
    throw new PayloadError(`${key} is not gzipped JSON (${(err as Error).message})`);
  }
  if (data.kind !== TARGET_FINDINGS_KIND || data.schemaVersion !== 1 || !Array.isArray(data.findings) || !data.target) {
    throw new PayloadError(`${key} is not a vmaudit target findings file`);
  }
  return { ...data, rulesRun: data.rulesRun ?? [], coverageGaps: data.coverageGaps ?? [], eventWindows: data.eventWindows ?? [] } as TargetFindings;
}
