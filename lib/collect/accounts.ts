/** Which accounts a scan reads: the caller's, a list, or every active account of the organization. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { paginateListAccounts, type Account, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { UsageError } from '../errors';
import { PAGE_SIZE } from './page-sizes';

const ACCOUNT_ID = /^\d{12}$/;

/** Parses `--accounts`: comma-separated 12-digit ids. */
export function parseAccounts(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (bad.length || !ids.length) {
    throw new UsageError(
      `UsageError: --accounts: ${bad.length ? bad.map((b) => JSON.stringify(b)).join(', ') : 'an empty list'} ${bad.length > 1 ? 'are not' : 'is not'} ${bad.length > 1 ? 'AWS account ids' : 'an AWS account id'}: expected 12 digits each, comma-separated, e.g. --accounts 111111111111,222222222222.`,
    );
  }
  return [...new Set(ids)];
}

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  const arn = out.Arn ?? '';
  return { accountId: out.Account ?? '', arn, partition: arn.split(':')[1] || 'aws' };
}

/** Organizations' newer `State` replaces the deprecated `Status`; either saying ACTIVE counts. */
export function isActive(a: Account): boolean {
  const state = (a as Account & { State?: string }).State;
  return state !== undefined ? state === 'ACTIVE' : a.Status === 'ACTIVE';
}

/** Active member accounts, sorted (suspended, closing and closed accounts cannot be read). */
export async function listOrganizationAccounts(org: OrganizationsClient): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let calls = 0;
  for await (const page of paginateListAccounts({ client: org, pageSize: PAGE_SIZE.ListAccounts }, {})) {
    calls++;
    for (const a of page.Accounts ?? []) if (a.Id && isActive(a)) ids.push(a.Id);
  }
  return { ids: [...new Set(ids)].sort(), calls };
}
