/**
 * Sharing of owned snapshots and AMIs against the policy's trustedAccounts. Trusted: the listed
 * accounts and organization / OU ARNs, the resource's own account, and every account this audit
 * scans (in org mode, every member of the organization).
 */
import type { InventoryIndex } from '../../engine/inventory-index';
import type { ResourceRef, RuleResult } from '../../engine/rule';
import type { PolicyDocument } from '../../policy/schema';
import { listText } from './labels';

export function trustedSet(inv: InventoryIndex, policy: PolicyDocument): ReadonlySet<string> {
  return new Set([...policy.trustedAccounts, ...inv.targets.map((t) => t.accountId)]);
}

export function sharingResult(resource: ResourceRef, name: string, what: string, sharedWith: readonly string[] | undefined, trusted: ReadonlySet<string>): RuleResult {
  if (sharedWith === undefined) return { status: 'UNKNOWN', resource, message: `${name}: who the ${what} is shared with was not read` };
  const outside = [...new Set(sharedWith.filter((a) => a !== resource.accountId && !trusted.has(a)))].sort();
  if (outside.length === 0) {
    return { status: 'PASS', resource, message: sharedWith.length ? `${name} is shared only with trusted accounts (${listText([...sharedWith].sort())})` : `${name} is not shared with any account` };
  }
  return {
    status: 'FAIL',
    resource,
    message: `${name} is shared with ${outside.length === 1 ? 'an account' : `${outside.length} accounts`} outside trustedAccounts: ${listText(outside)}`,
    evidence: { sharedWith: [...sharedWith].sort(), untrusted: outside },
  };
}
