/**
 * One event model from both sources: the CloudTrail record of LookupEvents (the `CloudTrailEvent`
 * JSON string of each `Event`) and the EventBridge envelope (`AWS API Call via CloudTrail`,
 * `AWS Console Sign In via CloudTrail`, …). Never throws: a record that cannot be read comes back as
 * `{ error }` naming what was wrong, so the caller counts it (EventWindow.unparsed) instead of dropping it.
 *
 * Every string here comes from the account or from whoever called the API (user agents, error
 * messages, request parameters): it is kept verbatim but bounded in length, and escaped at every output.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, Principal } from '../model/types';
import { accountArn } from '../model/arn';
import { extractResources } from './resources';

/**
 * `partial` is set when the record itself could not be read but the LookupEvents summary fields
 * (EventId, EventTime, EventName, EventSource, Username, Resources) still made an event: the event is
 * kept, because a StopLogging with a truncated record is still a StopLogging, and counted as unparsed.
 */
export type NormaliseResult = { ok: AuditEvent; partial?: string; derivedId?: true } | { error: string };

export interface NormaliseHints {
  /** Account the records were read from, for records without recipientAccountId. */
  accountId?: string;
  /** Region the records were read from, for records without awsRegion. */
  region?: string;
  origin?: AuditEvent['origin'];
}

/** The EventBridge detail-types that carry a CloudTrail record. */
export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Console Action via CloudTrail',
] as const;

const MAX_TEXT = 2048;
const MAX_SHORT = 512;
/** Larger request parameters are dropped (the resources were already read from them). */
const MAX_PARAMS_CHARS = 16_384;

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function text(v: unknown, max = MAX_SHORT): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

function isoTime(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** A short, single-line excerpt of a bad input for the error message. */
function excerpt(s: string): string {
  const one = s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 60)}…` : one;
}

function parseJson(s: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(s) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { error: `CloudTrailEvent is not valid JSON (${s.length} characters, truncated?): ${why}; starts ${JSON.stringify(excerpt(s))}` };
  }
}

function mfaUsed(name: string, additional: Json | undefined, attributes: Json | undefined): boolean | undefined {
  // Sign-in records state MFA in additionalEventData; API calls in the session attributes.
  if (name === 'ConsoleLogin' && additional && typeof additional.MFAUsed === 'string') return additional.MFAUsed === 'Yes';
  return bool(attributes?.mfaAuthenticated);
}

function principalOf(rec: Json, name: string, accountId: string, region: string): Principal {
  const ui = obj(rec.userIdentity) ?? {};
  const ctx = obj(ui.sessionContext);
  const issuer = obj(ctx?.sessionIssuer);
  const invokedBy = text(ui.invokedBy);
  const type = text(ui.type) ?? (invokedBy ? 'AWSService' : 'Unknown');
  const p: Principal = { type };
  const arn = text(ui.arn, MAX_TEXT);
  const principalAccount = text(ui.accountId);
  if (arn) p.arn = arn;
  // Root sign-in failures omit the ARN, which is fixed for the account.
  else if (type === 'Root') p.arn = accountArn(principalAccount ?? accountId, region);
  if (principalAccount) p.accountId = principalAccount;
  const userName = text(ui.userName) ?? text(issuer?.userName);
  if (userName) p.userName = userName;
  const issuerArn = text(issuer?.arn, MAX_TEXT);
  if (issuerArn) p.sessionIssuerArn = issuerArn;
  const mfa = mfaUsed(name, obj(rec.additionalEventData), obj(ctx?.attributes));
  if (mfa !== undefined) p.mfaUsed = mfa;
  if (invokedBy) p.invokedBy = invokedBy;
  return p;
}

function requestParameters(rec: Json, sourceLength: number | undefined): Json | undefined {
  const req = obj(rec.requestParameters);
  if (!req) return undefined;
  if (sourceLength !== undefined && sourceLength <= MAX_PARAMS_CHARS) return req;
  try {
    return JSON.stringify(req).length <= MAX_PARAMS_CHARS ? req : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A CloudTrail record: the JSON string of `Event.CloudTrailEvent`, the parsed record, or the whole
 * LookupEvents `Event` (whose EventId, EventTime and ReadOnly fill gaps in a truncated record).
 */
export function normaliseCloudTrailRecord(input: unknown, hints: NormaliseHints = {}): NormaliseResult {
  let outer: Json | undefined;
  let raw: unknown = input;
  const asObject = obj(input);
  if (asObject && 'CloudTrailEvent' in asObject) {
    outer = asObject;
    raw = asObject.CloudTrailEvent;
    if (raw === undefined || raw === null) return { error: `LookupEvents event ${JSON.stringify(text(outer.EventId) ?? '?')} has no CloudTrailEvent` };
  }
  let sourceLength: number | undefined;
  if (typeof raw === 'string') {
    sourceLength = raw.length;
    const parsed = parseJson(raw);
    if ('error' in parsed) return outer ? fromSummary(outer, parsed.error, hints) : parsed;
    raw = parsed.value;
  }
  const rec = obj(raw);
  if (!rec) {
    const error = `expected a CloudTrail record (a JSON object), got ${describe(raw)}`;
    return outer ? fromSummary(outer, error, hints) : { error };
  }

  const given = text(rec.eventID) ?? text(outer?.EventId);
  const eventId = given ?? contentId(rec);
  if (!eventId) return { error: 'the record has no eventID (and its content cannot be hashed for one)' };
  const where = `record ${JSON.stringify(excerpt(eventId))}`;
  const timeRaw = rec.eventTime ?? outer?.EventTime;
  const time = isoTime(timeRaw);
  if (!time) return { error: `${where}: eventTime ${timeRaw === undefined ? 'is missing' : typeof timeRaw === 'string' ? `${JSON.stringify(excerpt(timeRaw))} is not a date` : `is ${describe(timeRaw)}, not a date`}` };
  const source = text(rec.eventSource) ?? text(outer?.EventSource);
  if (!source) return { error: `${where}: eventSource is missing` };
  const name = text(rec.eventName) ?? text(outer?.EventName);
  if (!name) return { error: `${where}: eventName is missing` };
  const ui = obj(rec.userIdentity);
  const accountId = text(rec.recipientAccountId) ?? hints.accountId ?? text(ui?.accountId);
  if (!accountId) return { error: `${where}: no account (recipientAccountId is missing and none was given)` };
  const region = text(rec.awsRegion) ?? hints.region;
  if (!region) return { error: `${where}: awsRegion is missing` };

  const response = obj(rec.responseElements);
  const req = requestParameters(rec, sourceLength);
  const event: AuditEvent = {
    eventId,
    time,
    accountId,
    region,
    source,
    name,
    principal: principalOf(rec, name, accountId, region),
    resources: extractResources({ source, requestParameters: obj(rec.requestParameters), responseElements: response, resources: rec.resources }),
    origin: hints.origin ?? 'lookup',
  };
  if (outer && Array.isArray(outer.Resources)) {
    // LookupEvents names resources the record leaves implicit; keep those the record did not name.
    for (const r of outer.Resources as unknown[]) {
      const o = obj(r);
      const id = text(o?.ResourceName, MAX_TEXT);
      const type = text(o?.ResourceType);
      if (id && !event.resources.some((x) => x.id === id)) event.resources.push(type ? { type, id } : { id });
    }
  }
  const readOnly = bool(rec.readOnly) ?? bool(outer?.ReadOnly);
  if (readOnly !== undefined) event.readOnly = readOnly;
  const sourceIp = text(rec.sourceIPAddress);
  if (sourceIp) event.sourceIp = sourceIp;
  const userAgent = text(rec.userAgent, MAX_TEXT);
  if (userAgent) event.userAgent = userAgent;
  const errorCode = text(rec.errorCode);
  if (errorCode) event.errorCode = errorCode;
  const errorMessage = text(rec.errorMessage, MAX_TEXT);
  if (errorMessage) event.errorMessage = errorMessage;
  const login = response?.ConsoleLogin;
  if (login === 'Success' || login === 'Failure') event.consoleLogin = login;
  if (req) event.requestParameters = req;
  const eventType = text(rec.eventType);
  if (eventType) event.eventType = eventType;
  return given ? { ok: event } : { ok: event, derivedId: true };
}

/**
 * Some exporters drop eventID. The record is still evaluated, under an id derived from its content
 * (the same record read twice gets the same id, so duplicates still collapse); the `sha256:` prefix
 * says it is not CloudTrail's.
 */
function contentId(rec: Json): string | undefined {
  try {
    return `sha256:${createHash('sha256').update(JSON.stringify(rec)).digest('hex').slice(0, 32)}`;
  } catch {
    return undefined;
  }
}

/** The event LookupEvents describes beside a record that could not be read. */
function fromSummary(outer: Json, reason: string, hints: NormaliseHints): NormaliseResult {
  const eventId = text(outer.EventId);
  const time = isoTime(outer.EventTime);
  const source = text(outer.EventSource);
  const name = text(outer.EventName);
  if (!eventId || !time || !source || !name || !hints.accountId || !hints.region) return { error: reason };
  const userName = text(outer.Username);
  const resources = Array.isArray(outer.Resources)
    ? (outer.Resources as unknown[]).flatMap((r) => {
        const o = obj(r);
        const id = text(o?.ResourceName, MAX_TEXT);
        const type = text(o?.ResourceType);
        return id ? [type ? { type, id } : { id }] : [];
      })
    : [];
  const event: AuditEvent = {
    eventId,
    time,
    accountId: hints.accountId,
    region: hints.region,
    source,
    name,
    principal: userName ? { type: 'Unknown', userName } : { type: 'Unknown' },
    resources,
    origin: hints.origin ?? 'lookup',
  };
  const readOnly = bool(outer.ReadOnly);
  if (readOnly !== undefined) event.readOnly = readOnly;
  return { ok: event, partial: `${eventId}: ${reason}; kept from the LookupEvents summary fields` };
}

/** An EventBridge event whose detail is a CloudTrail record. */
export function normaliseEventBridgeEvent(input: unknown): NormaliseResult {
  const env = obj(input);
  if (!env) return { error: `expected an EventBridge event (a JSON object), got ${describe(input)}` };
  const detailType = env['detail-type'];
  if (typeof detailType !== 'string' || !(CLOUDTRAIL_DETAIL_TYPES as readonly string[]).includes(detailType)) {
    return { error: `not a CloudTrail event: detail-type ${JSON.stringify(typeof detailType === 'string' ? excerpt(detailType) : detailType ?? null)} (expected one of ${CLOUDTRAIL_DETAIL_TYPES.join(', ')})` };
  }
  const detail = obj(env.detail);
  if (!detail) return { error: `EventBridge event ${JSON.stringify(text(env.id) ?? '?')} has no detail object` };
  return normaliseCloudTrailRecord(detail, { accountId: text(env.account), region: text(env.region), origin: 'eventbridge' });
}

export interface NormalisedBatch {
  events: AuditEvent[];
  unparsed: number;
  /** The first few reasons, for EventWindow.unparsedErrors. */
  errors: string[];
}

export const MAX_UNPARSED_ERRORS = 5;

/** Normalises many records; counts and keeps the reasons of the ones that fail. */
export function normaliseRecords(records: Iterable<unknown>, hints: NormaliseHints = {}, normalise: (r: unknown, h: NormaliseHints) => NormaliseResult = normaliseCloudTrailRecord): NormalisedBatch {
  const events: AuditEvent[] = [];
  const errors: string[] = [];
  let unparsed = 0;
  for (const r of records) {
    const res = normalise(r, hints);
    if ('ok' in res) events.push(res.ok);
    const problem = 'ok' in res ? res.partial : res.error;
    if (problem !== undefined) {
      unparsed++;
      if (errors.length < MAX_UNPARSED_ERRORS) errors.push(problem);
    }
  }
  return { events, unparsed, errors };
}
