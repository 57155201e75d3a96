/**
 * A fake CloudTrail history for LookupEvents, as it answers at a given moment: records already
 * delivered (`arrives` ≤ now) whose time is inside [StartTime, EndTime], for the one lookup attribute
 * asked (EventName=… or ReadOnly=false), newest first, 50 a page. Records are real CloudTrail
 * examples (test/fixtures/cloudtrail) re-stamped with an id, a time, the account and the region.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LookupEventsCommand, type CloudTrailClientResolvedConfig, type Event, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-cloudtrail';
import type { AwsStub } from 'aws-sdk-client-mock';
import { ACCOUNT, REGION } from './fake-aws';

export interface TrailRecord {
  id: string;
  /** Event time, epoch ms (whole seconds, as CloudTrail stamps them). */
  time: number;
  /** When LookupEvents starts returning it (CloudTrail delivers minutes late). */
  arrives: number;
  name: string;
  readOnly: boolean;
  event: Event;
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'cloudtrail');

/** A fixture record re-stamped: `authorize-sg-ingress-ssh-open`, `console-login-iam-user-failure`, … */
export function trailRecord(fixture: string, id: string, time: number, o: { arrives?: number; accountId?: string; region?: string } = {}): TrailRecord {
  const raw = JSON.parse(readFileSync(join(FIXTURES, `${fixture}.json`), 'utf8')) as Record<string, unknown> & { userIdentity?: Record<string, unknown> };
  const accountId = o.accountId ?? ACCOUNT;
  const region = o.region ?? REGION;
  const iso = new Date(time).toISOString().replace('.000Z', 'Z');
  const identity = raw.userIdentity ? { ...raw.userIdentity, accountId, ...(typeof raw.userIdentity.arn === 'string' ? { arn: raw.userIdentity.arn.replace(/::\d{12}:/, `::${accountId}:`) } : {}) } : undefined;
  const record = { ...raw, eventID: id, eventTime: iso, awsRegion: region, recipientAccountId: accountId, ...(identity ? { userIdentity: identity } : {}) };
  const name = String(raw.eventName);
  const readOnly = raw.readOnly === true || name === 'ConsoleLogin' ? raw.readOnly === true : false;
  return {
    id,
    time,
    arrives: o.arrives ?? time,
    name,
    readOnly,
    event: { EventId: id, EventName: name, EventTime: new Date(time), EventSource: String(raw.eventSource), ReadOnly: String(readOnly), CloudTrailEvent: JSON.stringify(record) },
  };
}

export interface LookupCall {
  attribute: string;
  from: string;
  to: string;
  token?: string;
  /** The clock's time at the call, when a clock was given. */
  at?: number;
}

type CtStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudTrailClientResolvedConfig>;

/** Serves `history` (mutable: push records between runs) as LookupEvents answers at `now()`. */
export function serveTrail(ct: CtStub, history: TrailRecord[], now: () => number, clock?: { now(): number }): LookupCall[] {
  const calls: LookupCall[] = [];
  ct.on(LookupEventsCommand).callsFake((input) => {
    const a = input.LookupAttributes[0];
    const attribute = `${a.AttributeKey}=${a.AttributeValue}`;
    const from = (input.StartTime as Date).getTime();
    const to = (input.EndTime as Date).getTime();
    calls.push({ attribute, from: new Date(from).toISOString(), to: new Date(to).toISOString(), token: input.NextToken, at: clock?.now() });
    const t = now();
    const matches = history
      .filter((r) => r.arrives <= t && r.time >= from && r.time <= to)
      .filter((r) => (a.AttributeKey === 'EventName' ? r.name === a.AttributeValue : a.AttributeKey === 'ReadOnly' ? String(r.readOnly) === a.AttributeValue : false))
      .sort((x, y) => y.time - x.time || (x.id < y.id ? 1 : -1));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = matches.slice(start, start + (input.MaxResults ?? 50));
    return { Events: page.map((r) => r.event), ...(start + 50 < matches.length ? { NextToken: String(start + 50) } : {}) };
  });
  return calls;
}
