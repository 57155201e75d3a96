/**
 * The real-time path, pure: one EventBridge event in, the findings of the same event rules and
 * policies out, the alert to publish for those that matter, and the state to store for next time
 * (burst context, ids already alerted). The Lambda edge (lib/events/realtime-handler.ts) loads and
 * saves the state and publishes; nothing here touches AWS or the clock.
 *
 * Bursts need history that one event does not carry: the state keeps the recent events of burst
 * classes, replayed as carried context, so the fifth failed sign-in alerts although it arrives alone.
 *
 * No double alerts: the ids alerted here (finding ids and the event ids behind them) are stored, and
 * the scheduled run passes them to `dropAlreadyAlerted` before alerting on its own findings.
 */
import { evaluateCompact } from '../engine/evaluate';
import type { Rule } from '../engine/rule';
import { atLeast, severityRank, type Severity } from '../model/severity';
import { findingsDocument } from '../findings/document';
import { compareFindings, type Finding } from '../findings/finding';
import type { AuditEvent, Snapshot } from '../model/types';
import { SNAPSHOT_SCHEMA_VERSION } from '../model/schema';
import type { PolicyDocument } from '../policy/schema';
import { renderAlert } from '../reports/alert';
import { alertAttributes, type AlertMessage } from '../reports/alert-message';
import { burstContextOf, DEFAULT_CURSOR_OPTIONS } from './cursor';
import { normaliseEventBridgeEvent } from './normalise';
import { EVENT_RULES } from './rules';

/** What the edge stores per account/region (S3), between invocations. */
export interface RealtimeState {
  kind: 'vmaudit-realtime-state';
  version: 1;
  /** Finding ids and event ids alerted in real time, with when. */
  alerted: Record<string, string>;
  /** Burst context: recent events of burst classes (without request parameters). */
  recent: AuditEvent[];
}

export function emptyRealtimeState(): RealtimeState {
  return { kind: 'vmaudit-realtime-state', version: 1, alerted: {}, recent: [] };
}

export interface RealtimeOptions {
  policy: PolicyDocument;
  now: Date;
  /** The latest inventory of the event's account/region, for tag selectors and resource tags. */
  inventory?: Pick<Snapshot, 'instances' | 'securityGroups' | 'vpcs' | 'subnets' | 'images'>;
  /** The stored state of the event's account/region. */
  state?: RealtimeState;
  /** Alert at or above this severity (default: the policy's alerts.minSeverity). */
  minSeverity?: Severity;
  /** Only these rule ids alert (default: every event rule the policy selects). */
  rules?: readonly string[];
  /** Link to the latest report in the alert. */
  reportUrl?: string;
  /** How long alerted ids are remembered (default 14 days: longer than any scheduled window). */
  rememberDays?: number;
  catalogue?: readonly Rule[];
}

export interface RealtimeResult {
  /** The event, when it could be read. */
  event?: AuditEvent;
  /** Why the event could not be read (the edge logs it and counts a metric; it is never dropped silently). */
  error?: string;
  /** Failing (and suppressed) findings of this event, most severe first. */
  findings: Finding[];
  /** The findings that alert: FAIL, at or above the severity, of the chosen rules, not alerted before. */
  alerting: Finding[];
  alert?: AlertMessage;
  /** The state to store. */
  state: RealtimeState;
}

/** Rules that make no sense on one event: coverage is about scheduled windows. */
const NOT_REAL_TIME = new Set(['evt-event-coverage']);

function eventIdsOf(f: Finding): string[] {
  const ids: string[] = [];
  const ev = f.evidence as { eventId?: unknown; eventIds?: unknown };
  if (typeof ev.eventId === 'string') ids.push(ev.eventId);
  if (Array.isArray(ev.eventIds)) for (const id of ev.eventIds) if (typeof id === 'string') ids.push(id);
  return ids;
}

/**
 * The findings not yet alerted: drops a finding whose id was alerted, or whose event (or any event of
 * its burst) was. Apply it to the alert candidates of the scheduled run, not to findings.json, which
 * keeps every finding for the record.
 */
export function dropAlreadyAlerted(findings: readonly Finding[], alertedIds: Iterable<string> | Readonly<Record<string, string>>): Finding[] {
  const ids = new Set(Symbol.iterator in Object(alertedIds) ? (alertedIds as Iterable<string>) : Object.keys(alertedIds as Record<string, string>));
  if (ids.size === 0) return [...findings];
  return findings.filter((f) => !ids.has(f.id) && !eventIdsOf(f).some((id) => ids.has(id)));
}

/** The ids to remember once these findings alerted. */
export function alertedIdsOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.flatMap((f) => [f.id, ...eventIdsOf(f)]))];
}

function snapshotFor(event: AuditEvent, context: AuditEvent[], inventory: RealtimeOptions['inventory'], now: Date): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    source: { kind: 'aws', description: `real-time event ${event.eventId}` },
    targets: [{ accountId: event.accountId, region: event.region }],
    instances: inventory?.instances ?? [],
    networkInterfaces: [],
    securityGroups: inventory?.securityGroups ?? [],
    prefixLists: [],
    networkAcls: [],
    subnets: inventory?.subnets ?? [],
    routeTables: [],
    vpcs: inventory?.vpcs ?? [],
    peeringConnections: [],
    transitGateways: [], transitGatewayAttachments: [], transitGatewayRouteTables: [], flowLogs: [],
    volumes: [],
    snapshots: [],
    images: inventory?.images ?? [],
    ebsEncryptionByDefault: [],
    launchTemplateVersions: [],
    regionSettings: [],
    trails: [],
    trailBuckets: [],
    events: [...context, event],
    eventWindows: [],
    coverageGaps: [],
    inventoryReads: [],
  };
}

function nextState(state: RealtimeState, event: AuditEvent | undefined, alerted: string[], o: RealtimeOptions): RealtimeState {
  const now = o.now.getTime();
  const keepAlerted = now - (o.rememberDays ?? 14) * 86_400_000;
  const alertedOut: Record<string, string> = {};
  for (const [id, at] of Object.entries(state.alerted)) if (Date.parse(at) >= keepAlerted) alertedOut[id] = at;
  for (const id of alerted) alertedOut[id] = o.now.toISOString();
  const ctx = burstContextOf(o.policy);
  const recentFrom = now - ctx.tailMinutes * 60_000;
  const byId = new Map<string, AuditEvent>();
  for (const e of state.recent) if (Date.parse(e.time) >= recentFrom) byId.set(e.eventId, e);
  if (event && ctx.isTailEvent(event) && Date.parse(event.time) >= recentFrom) {
    const { requestParameters: _p, carried: _c, ...stored } = event;
    byId.set(event.eventId, stored);
  }
  let recent = [...byId.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  if (recent.length > DEFAULT_CURSOR_OPTIONS.maxTail) recent = recent.slice(recent.length - DEFAULT_CURSOR_OPTIONS.maxTail);
  return { kind: 'vmaudit-realtime-state', version: 1, alerted: alertedOut, recent };
}

export function evaluateRealtimeEvent(input: unknown, o: RealtimeOptions): RealtimeResult {
  const state = o.state ?? emptyRealtimeState();
  const read = normaliseEventBridgeEvent(input);
  if (!('ok' in read)) return { error: read.error, findings: [], alerting: [], state: nextState(state, undefined, [], o) };
  const event = read.ok;

  const catalogue = (o.catalogue ?? EVENT_RULES).filter((r) => !NOT_REAL_TIME.has(r.id));
  // A replay of an event already stored as context is not new.
  const context = state.recent.filter((e) => e.eventId !== event.eventId).map((e) => ({ ...e, carried: true }));
  // PASS results stay compact and are never expanded: this path reports failures only.
  const { findings: all } = evaluateCompact(snapshotFor(event, context, o.inventory, o.now), o.policy, { rules: catalogue, now: o.now });
  // Without a window every target verdict is UNKNOWN: the real-time path reports what happened, not what did not.
  const findings = all.filter((f) => f.status === 'FAIL' || f.status === 'SUPPRESSED').sort(compareFindings);

  const minSeverity = o.minSeverity ?? o.policy.alerts.minSeverity;
  const chosen = o.rules ? new Set(o.rules) : undefined;
  const candidates = findings.filter((f) => f.status === 'FAIL' && atLeast(f.severity, minSeverity) && (!chosen || chosen.has(f.ruleId)));
  const alerting = dropAlreadyAlerted(candidates, state.alerted);
  const result: RealtimeResult = { event, findings, alerting, state: nextState(state, event, alertedIdsOf(alerting), o) };
  if (alerting.length) result.alert = realtimeAlert(event, alerting, o);
  return result;
}

/** Record fields that end up in our own text: only the characters ids and API names are made of. */
function token(s: string): string {
  return s.replace(/[^A-Za-z0-9:._@/-]/g, '?').slice(0, 120);
}

function realtimeAlert(event: AuditEvent, alerting: Finding[], o: RealtimeOptions): AlertMessage {
  const runId = `realtime-${event.eventId}`;
  const doc = findingsDocument(
    { id: runId, startedAt: o.now.toISOString(), finishedAt: o.now.toISOString(), accounts: [event.accountId], regions: [event.region], coverageGaps: [] },
    alerting.map((f) => ({ ...f, lifecycle: 'NEW' as const })),
  );
  const worst = alerting.reduce((w, f) => (severityRank(f.severity) < severityRank(w) ? f.severity : w), alerting[0].severity);
  const rendered = renderAlert(doc, {
    select: () => true,
    reportUrl: o.reportUrl,
    notes: [`Real-time alert for CloudTrail event ${token(event.eventId)} (${token(`${event.source.split('.')[0]}:${event.name}`)} at ${event.time}). The scheduled run will not alert on it again.`],
  });
  return {
    subject: rendered.subject,
    body: rendered.body,
    attributes: { ...alertAttributes(alerting, 'new-findings', runId), severity: { DataType: 'String', StringValue: worst }, origin: { DataType: 'String', StringValue: 'realtime' } },
    findingIds: alerting.map((f) => f.id),
  };
}
