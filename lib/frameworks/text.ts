/** Framework control ids as one line of text ("FSBP EC2.8; CIS 3.0 5.6; …"), for alerts, CSV-free tables and HTML. */
import { FRAMEWORKS } from './index';
import type { FrameworkId } from './ids';

export function frameworksText(ids: Partial<Record<FrameworkId, readonly string[]>> | undefined, only?: readonly FrameworkId[]): string {
  const parts: string[] = [];
  for (const fw of FRAMEWORKS) {
    if (only && !only.includes(fw.id)) continue;
    const controls = ids?.[fw.id] ?? [];
    if (controls.length) parts.push(`${fw.short} ${controls.join(', ')}`);
  }
  return parts.join('; ');
}

type Ids = Partial<Record<FrameworkId, readonly string[]>> | undefined;

/** The frameworks at least one of these control ids belongs to, in registry order. */
export function mappedFrameworks(ids: Ids): typeof FRAMEWORKS {
  return FRAMEWORKS.filter((fw) => (ids?.[fw.id] ?? []).length > 0);
}

/** Requirements as Security Hub spells them (ASFF Compliance.RelatedRequirements). */
export function securityHubRequirements(ids: Ids): string[] {
  return mappedFrameworks(ids).flatMap((fw) => (ids?.[fw.id] ?? []).map((c) => fw.requirement(c)));
}

/** Requirements as "<short name> <control id>" ("CIS 5.0 5.7"), for OCSF and tables. */
export function shortRequirements(ids: Ids): string[] {
  return mappedFrameworks(ids).flatMap((fw) => (ids?.[fw.id] ?? []).map((c) => `${fw.short} ${c}`));
}
