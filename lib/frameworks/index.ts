/**
 * The framework registry: every framework vmaudit maps to, in report order, and the lookups the
 * engine, reports, exports and CLI share. Pure data; no rule is imported here (rule ids are
 * strings, checked against the catalogue by test/frameworks).
 */
import { CIS_3_0 } from './cis-3.0';
import { CIS_5_0 } from './cis-5.0';
import { FSBP } from './fsbp';
import { FRAMEWORK_IDS, type FrameworkId } from './ids';
import { NIST_800_53_R5 } from './nist-800-53-r5';
import { PCI_DSS_4_0 } from './pci-dss-4.0';
import type { Control, Framework } from './types';

export { FRAMEWORK_IDS, VMAUDIT_PACK, isFrameworkId, type FrameworkId } from './ids';
export type { Control, Framework } from './types';

const BY_ID: Readonly<Record<FrameworkId, Framework>> = Object.freeze({
  fsbp: FSBP,
  'cis-3.0': CIS_3_0,
  'cis-5.0': CIS_5_0,
  'pci-dss-4.0': PCI_DSS_4_0,
  'nist-800-53-r5': NIST_800_53_R5,
});

/** Every framework, in FRAMEWORK_IDS order. */
export const FRAMEWORKS: readonly Framework[] = Object.freeze(FRAMEWORK_IDS.map((id) => BY_ID[id]));

export function framework(id: FrameworkId): Framework {
  return BY_ID[id];
}

/** Control ids per framework, for one rule: the `frameworks` object of its findings. */
export type ControlIds = Record<FrameworkId, string[]>;

export function emptyControlIds(): ControlIds {
  return Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, []])) as unknown as ControlIds;
}

const byRule = new Map<string, ControlIds>();
const controlsById = new Map<FrameworkId, Map<string, Control>>();
for (const fw of FRAMEWORKS) {
  const controls = new Map<string, Control>();
  controlsById.set(fw.id, controls);
  for (const c of fw.controls) {
    controls.set(c.id, c);
    for (const rule of c.rules) {
      let ids = byRule.get(rule);
      if (!ids) byRule.set(rule, (ids = emptyControlIds()));
      if (!ids[fw.id].includes(c.id)) ids[fw.id].push(c.id);
    }
  }
}
for (const ids of byRule.values()) {
  for (const id of FRAMEWORK_IDS) Object.freeze(ids[id]);
  Object.freeze(ids);
}
const NONE = Object.freeze(Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, Object.freeze([])]))) as unknown as ControlIds;

/** The controls a rule evidences, per framework (frozen, shared: one object per rule). */
export function controlsOfRule(ruleId: string): Readonly<ControlIds> {
  return byRule.get(ruleId) ?? NONE;
}

/** The frameworks a rule evidences at least one control of. */
export function frameworksOfRule(ruleId: string): FrameworkId[] {
  const ids = controlsOfRule(ruleId);
  return FRAMEWORK_IDS.filter((id) => ids[id].length > 0);
}

export function findControl(fw: FrameworkId, controlId: string): Control | undefined {
  return controlsById.get(fw)?.get(controlId);
}

/** "EC2.8 EC2 instances should use …": the id with its title, for reports; the id alone when unknown. */
export function controlLabel(fw: FrameworkId, controlId: string): string {
  const c = findControl(fw, controlId);
  return c ? `${controlId} ${c.title}` : controlId;
}

/** A frameworks object read from an older findings or state file: every framework present, unknown keys dropped. */
export function normaliseControlIds(raw: Partial<Record<string, readonly string[]>> | undefined): ControlIds {
  const out = emptyControlIds();
  for (const id of FRAMEWORK_IDS) out[id] = [...(raw?.[id] ?? [])];
  return out;
}
