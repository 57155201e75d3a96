/**
 * A CloudTrail record (the `CloudTrailEvent` JSON of LookupEvents, or the `detail` of an EventBridge
 * "AWS API Call via CloudTrail" event) to the model's AuditEvent. Pure and tolerant: every field is
 * checked for its type, missing fields fall back to what the caller knows (LookupEvents' summary
 * fields), and a record without an id or a time yields undefined. Strings stay verbatim: they are
 * hostile and escaped at every output.
 */
import type { AuditEvent, Principal } from '../model/types';

export interface NormaliseFallback {
  eventId?: string;
  time?: string;
  accountId: string;
  region: string;
  source?: string;
  name?: string;
  readOnly?: boolean;
  userName?: string;
  resources?: AuditEvent['resources'];
  origin: AuditEvent['origin'];
}

/** requestParameters beyond this size are replaced by a marker: some APIs echo whole documents. */
const REQUEST_PARAMETERS_MAX = 16_384;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function boolish(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'Yes') return true;
  if (v === 'false' || v === 'No') return false;
  return undefined;
}

function isoTime(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export function principalOf(record: Obj | undefined, fallbackUserName?: string): Principal {
  const id = obj(record?.userIdentity);
  const session = obj(id?.sessionContext);
  const issuer = obj(session?.sessionIssuer);
  const attributes = obj(session?.attributes);
  const extra = obj(record?.additionalEventData);
  // Console sign-ins say MFAUsed in additionalEventData; API calls carry the session's mfaAuthenticated.
  const mfa = boolish(extra?.MFAUsed) ?? boolish(attributes?.mfaAuthenticated);
  return {
    type: str(id?.type) ?? 'Unknown',
    arn: str(id?.arn),
    accountId: str(id?.accountId),
    userName: str(id?.userName) ?? str(issuer?.userName) ?? fallbackUserName,
    sessionIssuerArn: str(issuer?.arn),
    mfaUsed: mfa,
    invokedBy: str(id?.invokedBy),
  };
}

function resourcesOf(record: Obj | undefined): AuditEvent['resources'] | undefined {
  if (!Array.isArray(record?.resources)) return undefined;
  const out: AuditEvent['resources'] = [];
  for (const r of record.resources as unknown[]) {
    const o = obj(r);
    const id = str(o?.ARN) ?? str(o?.arn);
    if (id) out.push({ type: str(o?.type), id });
  }
  return out;
}

function requestParametersOf(v: unknown): Record<string, unknown> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const size = JSON.stringify(o).length;
  return size > REQUEST_PARAMETERS_MAX ? { _truncated: true, _size: size } : o;
}

/** `record` may be anything (parsed JSON); returns undefined only when no event id or time is known. */
export function normaliseCloudTrailRecord(record: unknown, fallback: NormaliseFallback): AuditEvent | undefined {
  const r = obj(record);
  const eventId = str(r?.eventID) ?? fallback.eventId;
  const time = isoTime(r?.eventTime) ?? isoTime(fallback.time);
  if (!eventId || !time) return undefined;
  const response = obj(r?.responseElements);
  const login = str(response?.ConsoleLogin);
  const event: AuditEvent = {
    eventId,
    time,
    accountId: str(r?.recipientAccountId) ?? fallback.accountId,
    region: str(r?.awsRegion) ?? fallback.region,
    source: str(r?.eventSource) ?? fallback.source ?? 'unknown',
    name: str(r?.eventName) ?? fallback.name ?? 'unknown',
    readOnly: boolish(r?.readOnly) ?? fallback.readOnly,
    principal: principalOf(r, fallback.userName),
    sourceIp: str(r?.sourceIPAddress),
    userAgent: str(r?.userAgent),
    errorCode: str(r?.errorCode),
    errorMessage: str(r?.errorMessage),
    resources: resourcesOf(r) ?? fallback.resources ?? [],
    consoleLogin: login === 'Success' || login === 'Failure' ? login : undefined,
    requestParameters: requestParametersOf(r?.requestParameters),
    origin: fallback.origin,
    eventType: str(r?.eventType),
  };
  for (const k of Object.keys(event) as (keyof AuditEvent)[]) if (event[k] === undefined) delete event[k];
  for (const k of Object.keys(event.principal) as (keyof Principal)[]) if (event.principal[k] === undefined) delete event.principal[k];
  return event;
}
