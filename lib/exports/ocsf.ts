/**
 * findings.ocsf.json: the run's findings as OCSF 1.3.0 Compliance Finding events (class_uid 2003,
 * category_uid 2 Findings), a JSON array of events, one per finding, for SIEMs and Security Lake.
 *
 * Required by the schema (base event + finding + compliance_finding, cloud profile): activity_id,
 * category_uid, class_uid, type_uid (= class_uid × 100 + activity_id), severity_id, time (epoch ms),
 * metadata { product { name, vendor_name }, version }, finding_info { uid, title }, compliance
 * { standards }, cloud { provider }. Recommended ones are filled too: status/status_id, message,
 * compliance.status/status_id/control, resources, remediation.
 *
 * activity_id: 1 Create (the failure is NEW, or a first result), 2 Update (still OPEN, or an unchanged
 * result), 3 Close (RESOLVED). status_id (finding workflow): 1 New, 2 In Progress (open), 3 Suppressed,
 * 4 Resolved. compliance.status_id: 1 Pass, 2 Warning (could not be evaluated), 3 Fail, 0 Unknown.
 */
import type { Finding, FindingStatus } from '../findings/finding';
import type { FindingsDocument } from '../findings/document';
import type { Severity } from '../model/severity';
import { partitionOf } from '../model/arn';
import { mappedFrameworks, shortRequirements } from '../frameworks/text';
import { joinChunks } from '../util/chunks';
import { isExported, type ExportSelection } from './selection';

export const OCSF_VERSION = '1.3.0';
export const OCSF_CLASS_UID = 2003;
export const OCSF_CATEGORY_UID = 2;
export const OCSF_ACTIVITY = { 1: 'Create', 2: 'Update', 3: 'Close' } as const;
export const OCSF_SEVERITY = { 0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical', 6: 'Fatal', 99: 'Other' } as const;
export const OCSF_STATUS = { 0: 'Unknown', 1: 'New', 2: 'In Progress', 3: 'Suppressed', 4: 'Resolved', 5: 'Archived', 6: 'Deleted', 99: 'Other' } as const;
export const OCSF_COMPLIANCE_STATUS = { 0: 'Unknown', 1: 'Pass', 2: 'Warning', 3: 'Fail', 99: 'Other' } as const;
/** Longest strings we emit; OCSF sets no limits, the consumers do (Security Lake's Glue/Parquet columns). */
export const OCSF_LIMITS = { title: 1024, desc: 8192, message: 8192 } as const;

type ActivityId = keyof typeof OCSF_ACTIVITY;
type SeverityId = keyof typeof OCSF_SEVERITY;
type StatusId = keyof typeof OCSF_STATUS;
type ComplianceStatusId = keyof typeof OCSF_COMPLIANCE_STATUS;

export interface OcsfResource {
  uid: string;
  name: string;
  type: string;
  region: string;
  cloud_partition: string;
  owner: { account: { uid: string; type: string; type_id: number } };
  labels?: string[];
}

export interface OcsfComplianceFinding {
  activity_id: ActivityId;
  activity_name: string;
  category_uid: typeof OCSF_CATEGORY_UID;
  category_name: 'Findings';
  class_uid: typeof OCSF_CLASS_UID;
  class_name: 'Compliance Finding';
  type_uid: number;
  type_name: string;
  severity_id: SeverityId;
  severity: string;
  status_id: StatusId;
  status: string;
  time: number;
  message: string;
  metadata: { version: string; product: { name: string; vendor_name: string; version: string }; uid: string; event_code: string; profiles: string[] };
  finding_info: { uid: string; title: string; desc: string; types: string[]; first_seen_time?: number; last_seen_time?: number; created_time: number; modified_time: number };
  compliance: { status_id: ComplianceStatusId; status: string; control?: string; standards: string[]; requirements: string[]; status_detail?: string };
  remediation?: { desc: string };
  resources: OcsfResource[];
  cloud: { provider: 'AWS'; region: string; account: { uid: string; type: string; type_id: number } };
  unmapped: Record<string, string>;
}

const SEVERITY_ID: Record<Severity, SeverityId> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const COMPLIANCE_ID: Record<FindingStatus, ComplianceStatusId> = { PASS: 1, UNKNOWN: 2, ERROR: 2, FAIL: 3, SUPPRESSED: 3, NOT_APPLICABLE: 0 };

function activityOf(f: Finding): ActivityId {
  if (f.lifecycle === 'RESOLVED') return 3;
  if (f.lifecycle === 'OPEN') return 2;
  return 1;
}

function statusOf(f: Finding): StatusId {
  if (f.status === 'SUPPRESSED') return 3;
  if (f.lifecycle === 'RESOLVED' || f.status === 'PASS' || f.status === 'NOT_APPLICABLE') return 4;
  if (f.lifecycle === 'OPEN') return 2;
  return 1;
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end) + '…';
}

function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function standards(f: Finding): string[] {
  const out = mappedFrameworks(f.frameworks).map((fw) => fw.label);
  return out.length ? out : ['vmaudit'];
}

interface RunTimes {
  run: FindingsDocument['run'];
  started: number;
  finished: number;
}

function runTimes(run: FindingsDocument['run']): RunTimes {
  const started = ms(run.startedAt) ?? 0;
  return { run, started, finished: ms(run.finishedAt) ?? started };
}

export function toOcsf(f: Finding, runOrTimes: FindingsDocument['run'] | RunTimes): OcsfComplianceFinding {
  const { run, started, finished } = 'started' in runOrTimes ? runOrTimes : runTimes(runOrTimes);
  const activity_id = activityOf(f);
  const severity_id = SEVERITY_ID[f.severity];
  const status_id = statusOf(f);
  const compliance_id = COMPLIANCE_ID[f.status];
  const time = started;
  const account = { uid: f.accountId, type: 'AWS Account', type_id: 10 };
  const requirements = shortRequirements(f.frameworks);
  const event: OcsfComplianceFinding = {
    activity_id,
    activity_name: OCSF_ACTIVITY[activity_id],
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: OCSF_CLASS_UID * 100 + activity_id,
    type_name: `Compliance Finding: ${OCSF_ACTIVITY[activity_id]}`,
    severity_id,
    severity: OCSF_SEVERITY[severity_id],
    status_id,
    status: OCSF_STATUS[status_id],
    time,
    message: cut(f.message, OCSF_LIMITS.message),
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'vmaudit', vendor_name: 'vmaudit', version: '1' },
      uid: `${run.id}/${f.id}`,
      event_code: f.ruleId,
      profiles: ['cloud'],
    },
    finding_info: {
      uid: f.id,
      title: cut(f.title || f.ruleId, OCSF_LIMITS.title),
      desc: cut(f.message, OCSF_LIMITS.desc),
      types: [f.ruleId],
      created_time: ms(f.tracking?.firstSeen) ?? time,
      modified_time: finished,
    },
    compliance: {
      status_id: compliance_id,
      status: OCSF_COMPLIANCE_STATUS[compliance_id],
      standards: standards(f),
      requirements,
    },
    resources: [
      {
        uid: f.resourceArn || f.resourceId,
        name: f.resourceId,
        type: f.resourceType,
        region: f.region,
        cloud_partition: partitionOf(f.region),
        owner: { account },
      },
    ],
    cloud: { provider: 'AWS', region: f.region, account },
    unmapped: { 'vmaudit.status': f.status, ...(f.lifecycle ? { 'vmaudit.lifecycle': f.lifecycle } : {}), 'vmaudit.run_id': run.id },
  };
  const first = mappedFrameworks(f.frameworks)[0];
  const control = first ? f.frameworks[first.id][0] : undefined;
  if (control) event.compliance.control = control;
  if (f.suppression) {
    event.compliance.status_detail = cut(`Suppressed until ${f.suppression.expires} by ${f.suppression.owner}: ${f.suppression.reason}`, OCSF_LIMITS.desc);
  } else if (f.status === 'UNKNOWN' || f.status === 'ERROR') {
    event.compliance.status_detail = cut(f.message, OCSF_LIMITS.desc);
  }
  if (f.tracking) {
    event.finding_info.first_seen_time = ms(f.tracking.openedAt);
    event.finding_info.last_seen_time = ms(f.tracking.resolvedAt) ?? time;
  }
  if (f.remediation) event.remediation = { desc: cut(f.remediation, OCSF_LIMITS.desc) };
  if (f.tags && Object.keys(f.tags).length) event.resources[0].labels = Object.entries(f.tags).slice(0, 50).map(([k, v]) => cut(`${k}=${v}`, 512));
  return event;
}

/** OCSF events for the run: the failing class and PASS results that close a failure, as in ASFF (see ./selection.ts). */
export function toOcsfEvents(doc: FindingsDocument, options: ExportSelection = {}): OcsfComplianceFinding[] {
  const times = runTimes(doc.run);
  return doc.findings.filter((f) => isExported(f, options)).map((f) => toOcsf(f, times));
}

/** One event a line inside a JSON array: loads as JSON, and greps and streams like JSON Lines. Built one event at a time. */
export function* ocsfChunks(doc: FindingsDocument, options: ExportSelection = {}): Generator<string> {
  const times = runTimes(doc.run);
  let n = 0;
  for (const f of doc.findings) {
    if (!isExported(f, options)) continue;
    yield (n++ ? ',\n' : '[\n') + JSON.stringify(toOcsf(f, times));
  }
  yield n ? '\n]\n' : '[]\n';
}

/** The whole export as one string, for small runs and tests; run files are written from `ocsfChunks`. */
export function renderOcsf(doc: FindingsDocument, options: ExportSelection = {}): string {
  return joinChunks(ocsfChunks(doc, options));
}
