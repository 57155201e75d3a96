/**
 * exceptions.json: every policy exception of the run with its state (active, expired, stale), owner,
 * reason, expiry and how many findings it matched. The periodic report lists open exceptions and
 * their expiry from it without needing the policy file of that day.
 */
import type { ExceptionStatus } from '../findings/exceptions';
import { exceptionKey } from '../findings/exception-findings';

export interface ExceptionRecord {
  key: string;
  index: number;
  state: 'active' | 'expired' | 'stale';
  rule: string;
  resource?: string;
  account?: string;
  region?: string;
  tags?: unknown;
  reason: string;
  owner: string;
  expires: string;
  matched: number;
}

export interface ExceptionsDocument {
  runId: string;
  asOf: string;
  exceptions: ExceptionRecord[];
}

export function exceptionRecords(statuses: readonly ExceptionStatus[]): ExceptionRecord[] {
  return statuses.map((s) => {
    const e = s.exception;
    const r: ExceptionRecord = { key: exceptionKey(e), index: s.index, state: s.state, rule: e.rule, reason: e.reason, owner: e.owner, expires: e.expires, matched: s.matched };
    if (e.resource !== undefined) r.resource = e.resource;
    if (e.account !== undefined) r.account = e.account;
    if (e.region !== undefined) r.region = e.region;
    if (e.tags !== undefined) r.tags = e.tags;
    return r;
  });
}

export function renderExceptions(doc: ExceptionsDocument): string {
  const ordered = {
    runId: doc.runId,
    asOf: doc.asOf,
    exceptions: doc.exceptions.map((r) => ({
      key: r.key,
      index: r.index,
      state: r.state,
      rule: r.rule,
      ...(r.resource !== undefined ? { resource: r.resource } : {}),
      ...(r.account !== undefined ? { account: r.account } : {}),
      ...(r.region !== undefined ? { region: r.region } : {}),
      ...(r.tags !== undefined ? { tags: r.tags } : {}),
      reason: r.reason,
      owner: r.owner,
      expires: r.expires,
      matched: r.matched,
    })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** Lenient: a missing or unreadable file is simply no exceptions (the report says "not recorded"). */
export function parseExceptions(text: string | undefined): ExceptionsDocument | undefined {
  if (text === undefined) return undefined;
  try {
    const d = JSON.parse(text) as ExceptionsDocument;
    if (!d || !Array.isArray(d.exceptions)) return undefined;
    return d;
  } catch {
    return undefined;
  }
}
