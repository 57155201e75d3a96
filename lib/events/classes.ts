/**
 * Named event classes, one table shared by the CIS detections and the `audit` / `response` policies:
 * `response: [{ event: console-login-failed, … }]` counts exactly the events evt-console-auth-failure sees.
 *
 * Classification is one pass over the events (lib/events/event-index.ts): each event gets a bit mask
 * of its classes, so no rule scans all events with its own predicate.
 */
import type { AuditEvent, EventReadClass } from '../model/types';
import {
  CLOUDTRAIL_CHANGE, CONFIG_CHANGE, FAILED_AUTHENTICATION, IAM_POLICY_CHANGE, KMS_KEY_DISABLE_OR_DELETE, NACL_CHANGE,
  NETWORK_GATEWAY_CHANGE, ROUTE_TABLE_CHANGE, S3_BUCKET_POLICY_CHANGE, SECURITY_GROUP_CHANGE, UNAUTHORIZED_EXCLUDED_NAME,
  UNAUTHORIZED_EXCLUDED_SOURCE_IP, VPC_CHANGE, isUnauthorizedErrorCode, type EventList,
} from './cis-event-lists';
import { EC2_SOURCE, ec2ActionClass } from './ec2-actions';

export interface EventClassInfo {
  description: string;
  /** CIS 3.0 recommendation the class implements, when it does. */
  cis?: string;
  /** The CIS name list behind a change class. */
  list?: EventList;
}

/** Change classes count successful calls only: a denied CreateRoute changed no route (it is an unauthorized-api-call). */
export const EVENT_CLASSES = {
  'console-login': { description: 'a successful AWS console sign-in (ConsoleLogin, Success)' },
  'console-login-failed': { description: 'a failed AWS console sign-in (ConsoleLogin, Failure / "Failed authentication")', cis: '4.6' },
  'console-login-no-mfa': { description: 'a successful console sign-in without MFA (additionalEventData.MFAUsed is not "Yes")', cis: '4.2' },
  'unauthorized-api-call': { description: 'an API call refused with *UnauthorizedOperation or AccessDenied*', cis: '4.1' },
  'root-usage': { description: 'any call or sign-in by the root user that no AWS service made on its behalf', cis: '4.3' },
  'iam-policy-change': { description: 'a change to an IAM policy or its attachment', cis: '4.4', list: IAM_POLICY_CHANGE },
  'cloudtrail-change': { description: 'a change to a trail, its logging or its event selectors', cis: '4.5', list: CLOUDTRAIL_CHANGE },
  'kms-key-disable-or-delete': { description: 'a KMS key disabled or scheduled for deletion', cis: '4.7', list: KMS_KEY_DISABLE_OR_DELETE },
  's3-bucket-policy-change': { description: 'a change to an S3 bucket policy, ACL, CORS, lifecycle or replication', cis: '4.8', list: S3_BUCKET_POLICY_CHANGE },
  'config-change': { description: 'AWS Config recorder or delivery channel stopped, deleted or changed', cis: '4.9', list: CONFIG_CHANGE },
  'security-group-change': { description: 'a security group created, deleted or its rules changed', cis: '4.10', list: SECURITY_GROUP_CHANGE },
  'nacl-change': { description: 'a network ACL or its entries or associations changed', cis: '4.11', list: NACL_CHANGE },
  'network-gateway-change': { description: 'an internet or customer gateway created, deleted, attached or detached', cis: '4.12', list: NETWORK_GATEWAY_CHANGE },
  'route-table-change': { description: 'a route table or route created, replaced, deleted or re-associated', cis: '4.13', list: ROUTE_TABLE_CHANGE },
  'vpc-change': { description: 'a VPC or VPC peering connection created, deleted or modified', cis: '4.14', list: VPC_CHANGE },
  'ec2-read': { description: 'an EC2 API call that only reads (Describe*, Get*, List*)' },
  'ec2-write': { description: 'an EC2 API call that changes something (every other EC2 action)' },
} as const satisfies Record<string, EventClassInfo>;

export type EventClassName = keyof typeof EVENT_CLASSES;
export const EVENT_CLASS_NAMES = Object.keys(EVENT_CLASSES) as EventClassName[];

/** Bit of each class in the mask. */
export const CLASS_BIT = Object.fromEntries(EVENT_CLASS_NAMES.map((n, i) => [n, 1 << i])) as Record<EventClassName, number>;

export function isEventClassName(s: string): s is EventClassName {
  return Object.prototype.hasOwnProperty.call(EVENT_CLASSES, s);
}

/** The change lists in a fixed order; the index (plus one) is what the event index stores per event. */
export const CHANGE_CLASSES = EVENT_CLASS_NAMES.filter((n) => 'list' in EVENT_CLASSES[n]) as EventClassName[];

interface ListHit {
  /** 1-based position in CHANGE_CLASSES. */
  change: number;
  beyondCis: boolean;
}
const BY_SOURCE = new Map<string, Map<string, ListHit>>();
CHANGE_CLASSES.forEach((cls, i) => {
  const list = (EVENT_CLASSES[cls] as EventClassInfo).list!;
  let names = BY_SOURCE.get(list.source);
  if (!names) BY_SOURCE.set(list.source, (names = new Map()));
  for (const n of list.names) names.set(n, { change: i + 1, beyondCis: false });
  for (const n of list.beyondCis ?? []) names.set(n, { change: i + 1, beyondCis: true });
});

/** Which change list an event's name belongs to, whatever the call's outcome. */
export function changeListHit(e: Pick<AuditEvent, 'source' | 'name'>): ListHit | undefined {
  return BY_SOURCE.get(e.source)?.get(e.name);
}

/** AWS services acting for the root user are not root usage (CIS: `userIdentity.invokedBy NOT EXISTS`). */
export function isRootUsage(e: AuditEvent): boolean {
  if (e.principal.type !== 'Root' || e.eventType === 'AwsServiceEvent') return false;
  const by = e.principal.invokedBy;
  // Console actions of the root user were stamped invokedBy signin.amazonaws.com in older records; a
  // person at the console is root usage, so that one service does not excuse it (a deliberate widening of the CIS filter).
  return by === undefined || by === '' || by === 'signin.amazonaws.com';
}

export function isConsoleLogin(e: AuditEvent): boolean {
  return e.name === 'ConsoleLogin' && e.source === 'signin.amazonaws.com';
}

export function isConsoleLoginFailure(e: AuditEvent): boolean {
  return isConsoleLogin(e) && (e.consoleLogin === 'Failure' || e.errorMessage === FAILED_AUTHENTICATION);
}

export function isUnauthorizedCall(e: AuditEvent): boolean {
  return isUnauthorizedErrorCode(e.errorCode) && e.sourceIp !== UNAUTHORIZED_EXCLUDED_SOURCE_IP && e.name !== UNAUTHORIZED_EXCLUDED_NAME;
}

/** Every class of an event, as a bit mask (CLASS_BIT). */
export function classify(e: AuditEvent): number {
  let mask = 0;
  const failed = e.errorCode !== undefined && e.errorCode !== '';
  if (isConsoleLogin(e)) {
    if (isConsoleLoginFailure(e)) mask |= CLASS_BIT['console-login-failed'];
    else if (e.consoleLogin === 'Success' && !failed) {
      mask |= CLASS_BIT['console-login'];
      if (e.principal.mfaUsed !== true) mask |= CLASS_BIT['console-login-no-mfa'];
    }
  }
  if (failed && isUnauthorizedCall(e)) mask |= CLASS_BIT['unauthorized-api-call'];
  if (isRootUsage(e)) mask |= CLASS_BIT['root-usage'];
  if (!failed) {
    const hit = changeListHit(e);
    if (hit) mask |= CLASS_BIT[CHANGE_CLASSES[hit.change - 1]];
  }
  if (e.source === EC2_SOURCE) mask |= CLASS_BIT[ec2ActionClass(e.name) === 'read' ? 'ec2-read' : 'ec2-write'];
  return mask;
}

export function classesOf(mask: number): EventClassName[] {
  return EVENT_CLASS_NAMES.filter((n) => (mask & CLASS_BIT[n]) !== 0);
}

/** The classes of CloudTrail events (lib/model/schema.ts EVENT_READ_CLASSES) that must be read to see every event of a class. */
export function readClassesOf(cls: EventClassName): readonly EventReadClass[] {
  switch (cls) {
    case 'console-login':
    case 'console-login-failed':
    case 'console-login-no-mfa':
      return ['console-sign-in'];
    case 'unauthorized-api-call':
      return ['write', 'read-only-denied'];
    case 'root-usage':
      return ['console-sign-in', 'write', 'read-only-root'];
    case 'ec2-read':
      return ['read-only'];
    default:
      // Change classes and ec2-write count successful writes.
      return ['write'];
  }
}

const READ_ONLY_NAME = /^(?:[a-z0-9-]+:)?(?:Describe|Get|List|Lookup)/i;

/** The same for an API name or glob of a response policy (ConsoleLogin is a sign-in; Describe*, Get*, List*, Lookup* only read). */
export function readClassesOfApi(name: string): readonly EventReadClass[] {
  if (/^(?:signin:)?ConsoleLogin$/i.test(name)) return ['console-sign-in'];
  if (name.startsWith('*') || /:\*/.test(name)) return ['console-sign-in', 'write', 'read-only'];
  return READ_ONLY_NAME.test(name) ? ['read-only'] : ['write'];
}
