/**
 * Compliance per framework control (FSBP, CIS 3.0): what an auditor asks first. Each finding counts
 * once for every control its rule maps to. ERROR counts as unknown as well as on its own: a rule that
 * could not run proves nothing, so it can never make a control look compliant.
 */
import type { Finding } from '../findings/finding';
import { compareNatural } from './text';

export const FRAMEWORKS = [
  { key: 'fsbp', label: 'AWS Foundational Security Best Practices' },
  { key: 'cis-3.0', label: 'CIS AWS Foundations Benchmark 3.0' },
] as const;
export type FrameworkKey = (typeof FRAMEWORKS)[number]['key'];

/** FAIL when anything fails; else UNKNOWN when anything could not be judged; else PASS; NOT_APPLICABLE when nothing was in scope. */
export type ControlVerdict = 'FAIL' | 'UNKNOWN' | 'PASS' | 'NOT_APPLICABLE';

export interface ControlCounts {
  pass: number;
  fail: number;
  /** UNKNOWN and ERROR findings. */
  unknown: number;
  /** The part of `unknown` that is ERROR (a rule that threw). */
  error: number;
  suppressed: number;
  notApplicable: number;
}

export interface ControlRow extends ControlCounts {
  control: string;
  /** Rule ids mapped to the control, sorted. */
  rules: string[];
  verdict: ControlVerdict;
}

export interface FrameworkSummary {
  framework: FrameworkKey;
  label: string;
  /** Sorted by control id, numerically (EC2.2 before EC2.10). */
  controls: ControlRow[];
}

export function controlVerdict(c: ControlCounts): ControlVerdict {
  if (c.fail > 0) return 'FAIL';
  if (c.unknown > 0) return 'UNKNOWN';
  if (c.pass > 0 || c.suppressed > 0) return 'PASS';
  return 'NOT_APPLICABLE';
}

function emptyCounts(): ControlCounts {
  return { pass: 0, fail: 0, unknown: 0, error: 0, suppressed: 0, notApplicable: 0 };
}

function count(c: ControlCounts, f: Finding): void {
  switch (f.status) {
    case 'PASS': c.pass++; break;
    case 'FAIL': c.fail++; break;
    case 'UNKNOWN': c.unknown++; break;
    case 'ERROR': c.unknown++; c.error++; break;
    case 'SUPPRESSED': c.suppressed++; break;
    case 'NOT_APPLICABLE': c.notApplicable++; break;
  }
}

/** One summary per framework, in FRAMEWORKS order; a framework no finding maps to has no controls. */
export function controlSummary(findings: readonly Finding[]): FrameworkSummary[] {
  return FRAMEWORKS.map(({ key, label }) => {
    const byControl = new Map<string, { counts: ControlCounts; rules: Set<string> }>();
    for (const f of findings) {
      for (const control of f.frameworks[key] ?? []) {
        let entry = byControl.get(control);
        if (!entry) byControl.set(control, (entry = { counts: emptyCounts(), rules: new Set() }));
        count(entry.counts, f);
        entry.rules.add(f.ruleId);
      }
    }
    const controls = [...byControl.entries()]
      .sort(([a], [b]) => compareNatural(a, b))
      .map(([control, { counts, rules }]) => ({ control, rules: [...rules].sort(), ...counts, verdict: controlVerdict(counts) }));
    return { framework: key, label, controls };
  });
}
