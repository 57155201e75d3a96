/**
 * What a finding about an event carries (DESIGN §6): the event id, time, source IP, user agent, the
 * principal and the fields of the call; and the short phrase a message uses for the change itself
 * (`tcp/22 from 0.0.0.0/0`). Values are verbatim account data: outputs escape them.
 */
import type { AuditEvent } from '../model/types';
import { iamActionName } from './ec2-actions';
import { principalEvidence } from './principal';

export function eventEvidence(e: AuditEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {
    eventId: e.eventId,
    time: e.time,
    action: iamActionName(e.source, e.name),
    eventSource: e.source,
    region: e.region,
    principal: principalEvidence(e.principal),
  };
  if (e.sourceIp) out.sourceIp = e.sourceIp;
  if (e.userAgent) out.userAgent = e.userAgent;
  if (e.errorCode) out.errorCode = e.errorCode;
  if (e.errorMessage) out.errorMessage = e.errorMessage;
  if (e.readOnly !== undefined) out.readOnly = e.readOnly;
  if (e.resources.length) out.resources = e.resources;
  if (e.requestParameters) out.requestParameters = e.requestParameters;
  if (e.eventType) out.eventType = e.eventType;
  out.origin = e.origin;
  return out;
}

/** One line per event in the evidence of a burst. */
export function eventLine(e: AuditEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { eventId: e.eventId, time: e.time, action: iamActionName(e.source, e.name) };
  if (e.errorCode) out.errorCode = e.errorCode;
  if (e.sourceIp) out.sourceIp = e.sourceIp;
  if (e.userAgent) out.userAgent = e.userAgent;
  if (e.resources.length) out.resource = e.resources[0].id;
  return out;
}

type Json = Record<string, unknown>;
const asObj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const items = (v: unknown): Json[] => {
  const list = asObj(v)?.items;
  return Array.isArray(list) ? (list.map(asObj).filter(Boolean) as Json[]) : [];
};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

function ports(proto: unknown, from: unknown, to: unknown): string {
  const p = str(proto) ?? 'all';
  if (p === '-1' || p === 'all') return 'all traffic';
  if (from === undefined || from === -1) return p;
  return from === to || to === undefined ? `${p}/${from}` : `${p}/${from}-${to}`;
}

function peers(perm: Json): string[] {
  const out: string[] = [];
  for (const r of items(perm.ipRanges)) if (str(r.cidrIp)) out.push(str(r.cidrIp)!);
  for (const r of items(perm.ipv6Ranges)) if (str(r.cidrIpv6)) out.push(str(r.cidrIpv6)!);
  for (const r of items(perm.groups)) if (str(r.groupId)) out.push(str(r.groupId)!);
  for (const r of items(perm.prefixListIds)) if (str(r.prefixListId)) out.push(str(r.prefixListId)!);
  return out;
}

/** The security-group rules a call adds or removes: `tcp/22 from 0.0.0.0/0`. */
function sgRules(req: Json): string | undefined {
  const parts: string[] = [];
  // The old flat form (cidrIp, fromPort, toPort) and the ipPermissions form both occur.
  if (str(req.cidrIp) || str(req.ipProtocol)) parts.push(`${ports(req.ipProtocol, req.fromPort, req.toPort)}${str(req.cidrIp) ? ` from ${req.cidrIp}` : ''}`);
  for (const perm of items(req.ipPermissions)) {
    const who = peers(perm);
    parts.push(`${ports(perm.ipProtocol, perm.fromPort, perm.toPort)}${who.length ? ` from ${who.join(', ')}` : ''}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/** A short phrase for what the call changed, where the request says it plainly. */
export function describeChange(e: AuditEvent): string | undefined {
  const req = e.requestParameters;
  if (!req) return undefined;
  switch (e.name) {
    case 'AuthorizeSecurityGroupIngress':
    case 'AuthorizeSecurityGroupEgress':
    case 'RevokeSecurityGroupIngress':
    case 'RevokeSecurityGroupEgress':
      return sgRules(req);
    case 'CreateNetworkAclEntry':
    case 'ReplaceNetworkAclEntry': {
      const range = asObj(req.portRange);
      const proto = str(req.aclProtocol);
      return `rule ${str(req.ruleNumber) ?? '?'} ${str(req.ruleAction) ?? '?'} ${req.egress === true ? 'egress' : 'ingress'} ${ports(proto === '6' ? 'tcp' : proto === '17' ? 'udp' : proto, range?.from, range?.to)} ${str(req.cidrBlock) ?? str(req.ipv6CidrBlock) ?? ''}`.trim();
    }
    case 'CreateRoute':
    case 'ReplaceRoute': {
      const target = ['gatewayId', 'natGatewayId', 'transitGatewayId', 'vpcPeeringConnectionId', 'instanceId', 'networkInterfaceId', 'egressOnlyInternetGatewayId'].map((k) => str(req[k])).find(Boolean);
      const dest = str(req.destinationCidrBlock) ?? str(req.destinationIpv6CidrBlock) ?? str(req.destinationPrefixListId);
      return dest ? `${dest} → ${target ?? '?'}` : undefined;
    }
    case 'ScheduleKeyDeletion':
      return str(req.pendingWindowInDays) ? `deletion in ${req.pendingWindowInDays} days` : undefined;
    case 'AttachUserPolicy':
    case 'AttachRolePolicy':
    case 'AttachGroupPolicy':
      return str(req.policyArn);
    case 'CreateVpc':
      return str(req.cidrBlock);
    default:
      return undefined;
  }
}
