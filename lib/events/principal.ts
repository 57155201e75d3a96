/**
 * Who did it: a readable label, a grouping key for bursts, the ResourceRef a finding names, and the
 * ARNs a policy glob is matched against.
 */
import type { AuditEvent, Principal } from '../model/types';
import type { ResourceRef } from '../engine/rule';
import { accountArn, partitionOf } from '../model/arn';
import { matchesAny } from '../util/wildcard';

/** CloudTrail writes this user name when a sign-in failed on a user name it will not record (a typed password, say). */
export const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const ASSUMED_ROLE = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.*)$/;

/** arn:aws:sts::1:assumed-role/Admin/bob → arn:aws:iam::1:role/Admin (the role's path is not in the session ARN). */
export function roleArnFromAssumedRole(arn: string | undefined): string | undefined {
  const m = arn ? ASSUMED_ROLE.exec(arn) : null;
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

function sessionName(arn: string | undefined): string | undefined {
  const m = arn ? ASSUMED_ROLE.exec(arn) : null;
  return m ? m[4] : undefined;
}

/** The resource part of an ARN (after the fifth colon): user/alice, role/Admin, root. */
function tail(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}

/** One line naming the principal: `user/alice`, `role/Admin (session bob)`, `root of 111122223333`. */
export function principalLabel(p: Principal, eventAccountId?: string): string {
  const account = p.accountId && p.accountId !== eventAccountId ? ` of ${p.accountId}` : '';
  switch (p.type) {
    case 'Root':
      return `root${p.accountId ? ` of ${p.accountId}` : eventAccountId ? ` of ${eventAccountId}` : ''}`;
    case 'AssumedRole': {
      const role = p.sessionIssuerArn ? tail(p.sessionIssuerArn) : p.arn ? `role/${ASSUMED_ROLE.exec(p.arn)?.[3] ?? tail(p.arn)}` : 'an assumed role';
      const session = sessionName(p.arn);
      return `${role}${session ? ` (session ${session})` : ''}${account}`;
    }
    case 'AWSService':
      return p.invokedBy ?? 'an AWS service';
    default: {
      const who = p.arn ? tail(p.arn) : p.userName === HIDDEN_USER ? 'an unrecorded user name' : p.userName ? `${p.type === 'IAMUser' ? 'user/' : ''}${p.userName}` : `an unknown ${p.type} principal`;
      return `${who}${account}`;
    }
  }
}

/**
 * Bursts count per principal: an assumed role counts as its role (sessions come and go), a sign-in
 * with an unrecorded user name counts per source IP (that is all CloudTrail keeps).
 */
export function principalKey(e: AuditEvent): string {
  const p = e.principal;
  if (p.type === 'AssumedRole') return p.sessionIssuerArn ?? roleArnFromAssumedRole(p.arn) ?? p.arn ?? `assumed-role@${e.accountId}`;
  if (p.arn) return p.arn;
  if (!p.userName || p.userName === HIDDEN_USER) return `${p.type}:unrecorded@${e.sourceIp ?? 'unknown-ip'}`;
  return `${p.type}:${p.accountId ?? e.accountId}:${p.userName}`;
}

/** The ARNs a policy's principal globs are matched against: the caller, its role, and the session issuer. */
export function principalCandidates(p: Principal): string[] {
  const out: string[] = [];
  if (p.arn) out.push(p.arn);
  const role = roleArnFromAssumedRole(p.arn);
  if (role) out.push(role);
  if (p.sessionIssuerArn && !out.includes(p.sessionIssuerArn)) out.push(p.sessionIssuerArn);
  return out;
}

export function principalAllowed(patterns: readonly string[], p: Principal): boolean {
  return principalCandidates(p).some((arn) => matchesAny(patterns, arn));
}

/** principalAllowed for one list of patterns, remembered per principal (a run repeats the same few thousand). */
export function allowListMatcher(patterns: readonly string[]): (p: Principal) => boolean {
  const memo = new Map<string, boolean>();
  return (p) => {
    const key = `${p.arn ?? ''}\u0000${p.sessionIssuerArn ?? ''}`;
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = principalAllowed(patterns, p)));
    return v;
  };
}

/** The principal as the resource of a finding: the IAM user, the role behind a session, or the account for root. */
export function principalRef(e: AuditEvent): ResourceRef {
  const p = e.principal;
  const loc = { accountId: e.accountId, region: e.region };
  const partition = partitionOf(e.region);
  const owner = p.accountId ?? e.accountId;
  if (p.type === 'Root') return { ...loc, type: 'AWS::::Account', id: owner, arn: accountArn(owner, e.region) };
  if (p.type === 'AssumedRole') {
    const arn = p.sessionIssuerArn ?? roleArnFromAssumedRole(p.arn) ?? p.arn;
    if (arn) return { ...loc, type: 'AWS::IAM::Role', id: arn.slice(arn.lastIndexOf('/') + 1), arn };
  }
  if (p.type === 'IAMUser' || (p.type === 'FederatedUser' && p.sessionIssuerArn)) {
    const arn = p.type === 'FederatedUser' ? p.sessionIssuerArn! : p.arn ?? (p.userName && p.userName !== HIDDEN_USER ? `arn:${partition}:iam::${owner}:user/${p.userName}` : undefined);
    if (arn) return { ...loc, type: 'AWS::IAM::User', id: arn.slice(arn.lastIndexOf('/') + 1), arn };
  }
  // Services, other accounts, unrecorded user names: the finding belongs to the account; the evidence says who.
  return { ...loc, type: 'AWS::::Account', id: e.accountId, arn: accountArn(e.accountId, e.region) };
}

/** The principal fields a finding's evidence carries. */
export function principalEvidence(p: Principal): Record<string, unknown> {
  const out: Record<string, unknown> = { type: p.type };
  if (p.arn) out.arn = p.arn;
  if (p.accountId) out.accountId = p.accountId;
  if (p.userName) out.userName = p.userName;
  if (p.sessionIssuerArn) out.sessionIssuerArn = p.sessionIssuerArn;
  if (p.mfaUsed !== undefined) out.mfaUsed = p.mfaUsed;
  if (p.invokedBy) out.invokedBy = p.invokedBy;
  return out;
}
