/**
 * Frameworks as data: each standard an auditor asks about, at one version, as a list of its
 * controls (id and title from the standard's own published list) with the vmaudit rules whose
 * results evidence each one. A control no rule evidences is listed with the reason, and is never
 * counted as passed: the reports say "not evidenced by vmaudit" for it.
 *
 * The registry is display and mapping data: the policy's `frameworks` chooses which of these
 * reports show, never which rules run.
 */
import type { FrameworkId } from './ids';

export interface Control {
  /** The standard's own id, e.g. EC2.8, 5.7, 1.4.2, SC-7(5). */
  readonly id: string;
  /** The standard's own title (CIS, FSBP) or requirement statement (PCI DSS, NIST), shortened only where it runs on. */
  readonly title: string;
  /** One sentence: what vmaudit checks for it, or why vmaudit cannot evidence it. */
  readonly description: string;
  /** Rule ids whose results evidence the control, in catalogue order; empty when vmaudit cannot evidence it. */
  readonly rules: readonly string[];
}

export interface Framework {
  readonly id: FrameworkId;
  /** Full name with version, as reports print it: "CIS AWS Foundations Benchmark v5.0.0". */
  readonly label: string;
  /** Short name for tables and e-mail: "CIS 5.0". */
  readonly short: string;
  /** Where the control list comes from. */
  readonly source: string;
  /** Which part of the standard the registry covers, when not all of it. */
  readonly scope: string;
  /** How Security Hub (ASFF Compliance.RelatedRequirements) spells one of its requirements. */
  requirement(controlId: string): string;
  readonly controls: readonly Control[];
}

/** A control vmaudit evidences with these rules. */
export function evidenced(id: string, title: string, description: string, rules: readonly string[]): Control {
  return Object.freeze({ id, title, description, rules: Object.freeze([...rules]) });
}

/** A control vmaudit cannot evidence: listed so the report says so, never counted as passed. */
export function notEvidenced(id: string, title: string, why: string): Control {
  return Object.freeze({ id, title, description: why, rules: Object.freeze([]) as readonly string[] });
}
