/**
 * The one spelling of every framework id: policy files, findings (`frameworks` keys), reports,
 * exports and the CLI all import it from here.
 */
export const FRAMEWORK_IDS = ['fsbp', 'cis-3.0', 'cis-5.0', 'pci-dss-4.0', 'nist-800-53-r5'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** Rules that map to no framework control form this pack (policy `frameworks: [vmaudit]`). */
export const VMAUDIT_PACK = 'vmaudit';

export function isFrameworkId(s: string): s is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(s);
}
