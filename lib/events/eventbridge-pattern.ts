/**
 * The EventBridge rule pattern of the real-time path, built from the same lists the rules use, so
 * the stack never forwards less than the rules need (nor everything: read-only noise stays out).
 * The stack puts it on the CloudTrail event rule of each audited region or on the central bus.
 */
import type { PolicyDocument } from '../policy/schema';
import { CHANGE_CLASSES, EVENT_CLASSES, type EventClassInfo } from './classes';
import { responseSelector } from './policy-check';
import { EC2_SOURCE } from './ec2-actions';

export type EventPattern = Record<string, unknown>;

export const REALTIME_DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'] as const;

/** Every event name a real-time rule or policy can report, as one EventBridge pattern. */
export function realtimeEventPattern(policy?: Pick<PolicyDocument, 'access' | 'response'>): EventPattern {
  const names = new Set<string>(['ConsoleLogin']);
  for (const cls of CHANGE_CLASSES) {
    const list = (EVENT_CLASSES[cls] as EventClassInfo).list!;
    for (const n of [...list.names, ...(list.beyondCis ?? [])]) names.add(n);
  }
  // Response policies on API names add their names; globs cannot be expressed as exact names, so
  // a glob widens to its service's source (prefix matching on names is not offered for this field's arrays).
  const sources = new Set<string>();
  for (const r of policy?.response ?? []) {
    const sel = responseSelector(r.event);
    if (sel?.kind !== 'api') continue;
    const [service, name] = r.event.includes(':') ? r.event.split(':') : [undefined, r.event];
    if (/[*?]/.test(name)) {
      if (service) sources.add(`${service.toLowerCase()}.amazonaws.com`);
    } else names.add(name);
  }
  if (policy?.access.length) sources.add(EC2_SOURCE);
  const any: EventPattern[] = [
    { detail: { eventName: [...names].sort() } },
    // CIS 4.3: anything the root user does.
    { detail: { userIdentity: { type: ['Root'] } } },
    // CIS 4.1: refused calls, whatever the service.
    { detail: { errorCode: [{ prefix: 'AccessDenied' }, { suffix: 'UnauthorizedOperation' }] } },
  ];
  if (sources.size) any.push({ detail: { eventSource: [...sources].sort() } });
  return { 'detail-type': [...REALTIME_DETAIL_TYPES], $or: any };
}
