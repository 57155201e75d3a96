/** Which accounts a scan reads: the caller's, a list, or every active account of the organization. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { paginateListAccounts, type Account, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { PAGE_SIZE } from './page-sizes';

export interface CallerIdentity {
  accountId: string;
  arn: string;
  partition: string;
}

export async function callerIdentity(sts: STSClient, abortSignal?: AbortSignal): Promise<CallerIdentity> {
  const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: abortSignal as never });
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
