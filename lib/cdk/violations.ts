/**
 * vmaudit findings as what a CDK synth-time check reports: the failing findings at or above a
 * severity, grouped by rule, each resource with its logical id, template and the JSON path (in the
 * slash form the CDK report prints) of the property to change. Shared by the validation plugin and
 * the Aspect.
 */
import { atLeast, type Severity } from '../model/severity';
import type { Finding } from '../findings/finding';
import { parsePath, templateLocation } from '../template/locate';

export interface SynthViolation {
  ruleId: string;
  title: string;
  severity: Severity;
  fix: string;
  resources: { logicalId: string; file: string; location: string; message: string }[];
}

/** `Resources.Sg.Properties.SecurityGroupIngress[0]` → `Properties/SecurityGroupIngress/0` (below the resource). */
export function slashLocation(path: string): string {
  const segs = parsePath(path);
  const below = segs[0] === 'Resources' ? segs.slice(2) : segs;
  return below.length ? below.join('/') : '(resource)';
}

export function synthViolations(findings: readonly Finding[], failOn: Severity): SynthViolation[] {
  const byRule = new Map<string, SynthViolation>();
  for (const f of findings) {
    if (f.status !== 'FAIL' || !atLeast(f.severity, failOn)) continue;
    const at = templateLocation(f);
    if (!at) continue;
    let v = byRule.get(f.ruleId);
    if (!v) byRule.set(f.ruleId, (v = { ruleId: f.ruleId, title: f.title, severity: f.severity, fix: f.remediation, resources: [] }));
    v.resources.push({ logicalId: at.logicalId, file: at.file, location: slashLocation(at.path), message: f.message });
  }
  return [...byRule.values()];
}
