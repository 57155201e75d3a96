/**
 * Compliance per framework control (the registry in lib/frameworks): what an auditor asks first.
 * Each finding counts once for every control its rule maps to. ERROR counts as unknown as well as on
 * its own: a rule that could not run proves nothing, so it can never make a control look compliant.
 * Controls vmaudit cannot evidence are listed apart and never counted as passed, and neither is a
 * control one of whose rules did not run.
 */
import type { Finding } from '../findings/finding';
import { FRAMEWORKS as REGISTRY, FRAMEWORK_IDS, findControl, type FrameworkId } from '../frameworks/index';
import { compareNatural } from './text';

/** The frameworks reports show, in registry order. */
export const FRAMEWORKS: readonly { key: FrameworkId; label: string; short: string }[] = REGISTRY.map((fw) => ({ key: fw.id, label: fw.label, short: fw.short }));
export type FrameworkKey = FrameworkId;

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
  /** The standard's title of the control; '' for an id the registry does not know (an older findings file). */
  title: string;
  /** Rule ids mapped to the control, sorted. */
  rules: string[];
  /** Rules the registry maps to the control that did not run: the control is then UNKNOWN, never PASS. */
  notRun: string[];
  verdict: ControlVerdict;
}

/** A control listed without a verdict: vmaudit cannot evidence it, or no rule of it produced a finding. */
export interface ControlRef {
  control: string;
  title: string;
  /** Why vmaudit cannot evidence it (not evidenced) or the rules that would (not evaluated). */
  description: string;
  rules: string[];
}

export interface FrameworkSummary {
  framework: FrameworkKey;
  label: string;
  /** Sorted by control id, numerically (EC2.2 before EC2.10). */
  controls: ControlRow[];
  /** Controls the registry maps rules to but no finding of this run covers (rules disabled, or nothing in scope). */
  notEvaluated: ControlRef[];
  /** Controls vmaudit cannot evidence: never counted as passed. */
  notEvidenced: ControlRef[];
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

/**
 * One summary per framework, in registry order (or only those asked for); a framework no finding maps
 * to has no controls. `ran` says whether a rule ran (ranOf the run's document): a control with a rule
 * that did not run is UNKNOWN unless something of it fails, so it is never counted as passed.
 */
export function controlSummary(findings: readonly Finding[], only: readonly FrameworkId[] = FRAMEWORK_IDS, ran?: (ruleId: string) => boolean): FrameworkSummary[] {
  return REGISTRY.filter((fw) => only.includes(fw.id)).map(({ id: key, label, controls: registered }) => {
    const byControl = new Map<string, { counts: ControlCounts; rules: Set<string> }>();
    for (const f of findings) {
      for (const control of f.frameworks[key] ?? []) {
        let entry = byControl.get(control);
        if (!entry) byControl.set(control, (entry = { counts: emptyCounts(), rules: new Set() }));
        count(entry.counts, f);
        entry.rules.add(f.ruleId);
      }
    }
    // A framework the findings show (the policy's `frameworks`): its controls whose rules did not run
    // are rows too, UNKNOWN with no result, so the score counts them as not passing.
    if (ran && byControl.size) {
      for (const c of registered) if (c.rules.length && !byControl.has(c.id) && c.rules.some((r) => !ran(r))) byControl.set(c.id, { counts: emptyCounts(), rules: new Set() });
    }
    const controls = [...byControl.entries()]
      .sort(([a], [b]) => compareNatural(a, b))
      .map(([control, { counts, rules }]) => {
        const known = findControl(key, control);
        const notRun = ran ? (known?.rules ?? []).filter((r) => !ran(r)) : [];
        const verdict = controlVerdict(counts);
        return { control, title: known?.title ?? '', rules: [...rules].sort(), notRun, ...counts, verdict: notRun.length && verdict !== 'FAIL' ? ('UNKNOWN' as const) : verdict };
      });
    const ref = (c: (typeof registered)[number]): ControlRef => ({ control: c.id, title: c.title, description: c.description, rules: [...c.rules] });
    const sorted = [...registered].sort((a, b) => compareNatural(a.id, b.id));
    return {
      framework: key,
      label,
      controls,
      notEvaluated: sorted.filter((c) => c.rules.length > 0 && !byControl.has(c.id)).map(ref),
      notEvidenced: sorted.filter((c) => c.rules.length === 0).map(ref),
    };
  });
}
