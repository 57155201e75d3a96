/**
 * The stack's configuration: construct props (for apps that embed `VmAuditor`) and the same settings
 * as CDK context keys (cdk.json or `-c key=value`, for `npx cdk deploy`). Everything is checked at
 * synth time and every problem is reported at once in one ConfigError, naming the key, the bad value
 * and what AWS would accept, so nothing half-valid is ever deployed.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { ConfigError } from '../errors';
import { SEVERITIES, type Severity } from '../model/severity';
import { PERIODS, type Period } from '../compliance/period';
import { SCANNABLE_REGION } from '../model/formats';
import { closest, didYouMean } from '../policy/suggest';
import { parseSchedule, type Schedule } from './schedule-expression';
import { OUTPUT_FORMAT_NAMES, effectiveOutputFormats, isOutputFormat, type OutputFormat } from '../layout';

export type ReportPeriod = Period;

export interface ReportScheduleSpec {
  readonly period: ReportPeriod;
  /**
   * When the report runs; it always covers the last complete period.
   * @default - daily cron(0 6 * * ? *), weekly cron(0 6 ? * MON *), monthly cron(0 6 1 * ? *)
   */
  readonly expression?: string;
}

/** Which code the Lambdas get: esbuild bundles (deployable), or inline stubs (fast synth in tests). */
export type LambdaCodeMode = 'bundle' | 'stub';

export interface VmAuditorProps {
  /**
   * E-mail addresses subscribed to the alert topic. Each address gets a confirmation e-mail from SNS.
   * @default - no subscription (subscribe to the topic yourself)
   */
  readonly alertEmails?: readonly string[];
  /**
   * When the audit runs: an EventBridge Scheduler rate() or cron() expression.
   * @default 'rate(1 hour)'
   */
  readonly scheduleExpression?: string;
  /**
   * Periodic compliance reports, each with its own schedule.
   * @default [{ period: 'daily' }]
   */
  readonly reportSchedules?: readonly ReportScheduleSpec[];
  /**
   * Time zone of the cron schedules (IANA name).
   * @default 'UTC'
   */
  readonly scheduleTimeZone?: string;
  /**
   * Regions audited in every account.
   * @default - the stack's region
   */
  readonly regions?: readonly string[];
  /**
   * Accounts audited (12-digit ids). Accounts other than the stack's are read through `memberRoleName`.
   * @default - the stack's account
   */
  readonly accounts?: readonly string[];
  /**
   * Audit every ACTIVE account of the AWS Organization (the stack must run in the management account
   * or a delegated administrator). Excludes `accounts`.
   * @default false
   */
  readonly organization?: boolean;
  /**
   * Organization id (o-xxxxxxxxxx): lets member accounts forward CloudTrail events to this account's
   * default event bus (see MemberRoleStack `forwardEventsTo`).
   * @default - no cross-account event forwarding
   */
  readonly organizationId?: string;
  /**
   * Name of the read-only role in member accounts (created by MemberRole / MemberRoleStack).
   * @default 'vmaudit-member-read'
   */
  readonly memberRoleName?: string;
  /**
   * External id the collector passes to sts:AssumeRole (the member role requires it when set).
   * @default - none
   */
  readonly externalId?: string;
  /**
   * Name of the collector Lambda's role, which member roles trust.
   * @default 'vmaudit-collector'
   */
  readonly collectorRoleName?: string;
  /**
   * Policy file (YAML), validated at synth against the rule catalogue.
   * @default - the built-in default policy
   */
  readonly policyFile?: string;
  /**
   * NEW findings at or above this severity are e-mailed at once; overrides the policy's alerts.minSeverity.
   * @default - the policy's alerts.minSeverity ('high' in the default policy)
   */
  readonly minAlertSeverity?: Severity;
  /**
   * Only these severities reach the e-mail subscriptions (an SNS filter policy on the `severity`
   * attribute); the stack's own health alarms, which carry no severity, always do.
   * @default - every message
   */
  readonly alertFilterSeverities?: readonly Severity[];
  /**
   * Run files the publish Lambda writes (the CLI's --output-formats): json, csv, html, asff, ocsf.
   * findings.json is always written (the periodic report and retried publishes read it).
   * @default - every format
   */
  readonly outputFormats?: readonly OutputFormat[];
  /**
   * Days runs and reports are kept (moved to Infrequent Access after 30 days).
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Days the raw inventory slices are kept.
   * @default 30 (or retentionDays when shorter)
   */
  readonly inventoryRetentionDays?: number;
  /**
   * S3 Object Lock in governance mode for this many days on every object (the bucket must be new).
   * @default - no object lock
   */
  readonly objectLockDays?: number;
  /**
   * Retention of the Lambda and state machine log groups, in days (a CloudWatch Logs retention value).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Targets (account × region) collected at once.
   * @default 10 (40 in organization mode)
   */
  readonly maxConcurrency?: number;
  /**
   * Use a Distributed Map (child executions, target list read from S3) instead of an inline Map.
   * @default - true in organization mode or above 500 targets
   */
  readonly distributedMap?: boolean;
  /**
   * A run that takes longer fails (and alarms).
   * @default 360 minutes
   */
  readonly runTimeoutMinutes?: number;
  /**
   * The real-time path: an EventBridge rule on CloudTrail API calls and console sign-ins.
   * @default true
   */
  readonly realtime?: boolean;
  /**
   * Lambda code: 'bundle' (esbuild, deployable) or 'stub' (inline placeholder, for fast tests).
   * @default 'bundle'
   */
  readonly lambdaCode?: LambdaCodeMode;
}

export interface ResolvedReportSchedule {
  period: ReportPeriod;
  schedule: Schedule;
}

/** The configuration after defaults and validation. */
export interface ResolvedConfig {
  alertEmails: string[];
  schedule: Schedule;
  reportSchedules: ResolvedReportSchedule[];
  timeZone: string;
  regions: string[];
  accounts: string[];
  organization: boolean;
  organizationId?: string;
  memberRoleName: string;
  externalId?: string;
  collectorRoleName: string;
  policyFile?: string;
  minAlertSeverity?: Severity;
  alertFilterSeverities: Severity[];
  /** The formats written, findings.json always among them. */
  outputFormats: OutputFormat[];
  retentionDays: number;
  inventoryRetentionDays: number;
  objectLockDays?: number;
  logRetentionDays: number;
  maxConcurrency: number;
  distributedMap: boolean;
  runTimeoutMinutes: number;
  realtime: boolean;
  lambdaCode: LambdaCodeMode;
}

export const DEFAULTS = {
  scheduleExpression: 'rate(1 hour)',
  reportSchedules: [{ period: 'daily' }] as readonly ReportScheduleSpec[],
  scheduleTimeZone: 'UTC',
  memberRoleName: 'vmaudit-member-read',
  collectorRoleName: 'vmaudit-collector',
  retentionDays: 365,
  inventoryRetentionDays: 30,
  logRetentionDays: 90,
  maxConcurrency: 10,
  orgMaxConcurrency: 40,
  distributedMapAbove: 500,
  runTimeoutMinutes: 360,
} as const;

export const REPORT_PRESETS: Record<ReportPeriod, string> = {
  daily: 'cron(0 6 * * ? *)',
  weekly: 'cron(0 6 ? * MON *)',
  monthly: 'cron(0 6 1 * ? *)',
};

/** CloudWatch Logs accepts only these retention values. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Every context key the app reads, in documentation order. */
export const CONTEXT_KEYS = [
  'alertEmails',
  'scheduleExpression',
  'reportSchedule',
  'scheduleTimeZone',
  'regions',
  'accounts',
  'organization',
  'organizationId',
  'memberRoleName',
  'externalId',
  'collectorRoleName',
  'policyFile',
  'minAlertSeverity',
  'alertFilterSeverities',
  'outputFormats',
  'retentionDays',
  'inventoryRetentionDays',
  'objectLockDays',
  'logRetentionDays',
  'maxConcurrency',
  'distributedMap',
  'runTimeoutMinutes',
  'realtime',
  'stackName',
  'memberStackName',
] as const;

type Problems = { key: string; message: string }[];

// RFC 5321 sizes; the local part without quoting or comments, which SNS e-mail endpoints never need.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;
const ACCOUNT_ID = /^\d{12}$/;
// IAM role name (64 chars) with an optional path (the collector builds arn:…:role/<path/name>).
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;

export const KNOWN_REGIONS: readonly string[] = RegionInfo.regions.map((r) => r.name).sort();

function isSeverityText(s: unknown): s is Severity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

const notSeverity = (v: unknown): string => `expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(v)}${didYouMean(String(v), SEVERITIES)}`;
const notRoleName = (v: string): string => `expected an IAM role name (letters, digits and +=,.@_-, at most 64), got ${JSON.stringify(v)}`;

function checkEmails(emails: readonly string[], key: string, out: Problems): void {
  emails.forEach((e, i) => {
    if (typeof e !== 'string' || !EMAIL.test(e)) out.push({ key: `${key}[${i}]`, message: `expected an e-mail address like secops@example.com, got ${JSON.stringify(e)}` });
  });
  const dupes = emails.filter((e, i) => emails.indexOf(e) !== i);
  if (dupes.length) out.push({ key, message: `lists ${dupes.map((d) => JSON.stringify(d)).join(', ')} more than once` });
}

function checkRegions(regions: readonly string[], key: string, out: Problems): void {
  regions.forEach((r, i) => {
    if (typeof r !== 'string' || !SCANNABLE_REGION.test(r) || !KNOWN_REGIONS.includes(r)) {
      out.push({ key: `${key}[${i}]`, message: `expected an AWS region name like us-east-1, got ${JSON.stringify(r)}${typeof r === 'string' ? didYouMean(r, KNOWN_REGIONS) : ''}` });
    }
  });
}

function checkWhole(v: number | undefined, key: string, min: number, max: number, out: Problems, unit = 'days'): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min || v > max) out.push({ key, message: `expected a whole number of ${unit} from ${min} to ${max}, got ${JSON.stringify(v)}` });
}

function checkSchedule(expr: string, key: string, out: Problems): Schedule | undefined {
  const s = parseSchedule(expr);
  if (typeof s === 'string') {
    out.push({ key, message: s });
    return undefined;
  }
  return s;
}

function checkTimeZone(tz: string, out: Problems): void {
  const zones = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  if (tz === 'UTC' || zones.includes(tz)) return;
  out.push({ key: 'scheduleTimeZone', message: `expected an IANA time zone like UTC or Europe/Paris, got ${JSON.stringify(tz)}${didYouMean(tz, zones)}` });
}

/** Applies defaults and checks every setting; throws one ConfigError listing every problem. */
export function resolveConfig(props: VmAuditorProps, source = 'VmAuditor props'): ResolvedConfig {
  const out: Problems = [];
  const alertEmails = [...(props.alertEmails ?? [])];
  checkEmails(alertEmails, 'alertEmails', out);

  const schedule = checkSchedule(props.scheduleExpression ?? DEFAULTS.scheduleExpression, 'scheduleExpression', out);
  const reportSchedules: ResolvedReportSchedule[] = [];
  const specs = props.reportSchedules ?? DEFAULTS.reportSchedules;
  specs.forEach((spec, i) => {
    if (!(PERIODS as readonly string[]).includes(spec.period)) {
      out.push({ key: `reportSchedule[${i}].period`, message: `expected ${PERIODS.join(', ')}, got ${JSON.stringify(spec.period)}${didYouMean(String(spec.period), PERIODS)}` });
      return;
    }
    const s = checkSchedule(spec.expression ?? REPORT_PRESETS[spec.period], `reportSchedule[${i}].expression`, out);
    if (s) reportSchedules.push({ period: spec.period, schedule: s });
  });
  const periods = reportSchedules.map((r) => r.period);
  const twice = periods.filter((p, i) => periods.indexOf(p) !== i);
  if (twice.length) out.push({ key: 'reportSchedule', message: `schedules the ${twice[0]} report twice; one schedule per period` });
  const timeZone = props.scheduleTimeZone ?? DEFAULTS.scheduleTimeZone;
  checkTimeZone(timeZone, out);

  const regions = [...new Set(props.regions ?? [])];
  checkRegions(regions, 'regions', out);
  const accounts = [...new Set(props.accounts ?? [])];
  accounts.forEach((a, i) => {
    if (typeof a !== 'string' || !ACCOUNT_ID.test(a)) out.push({ key: `accounts[${i}]`, message: `expected a 12-digit AWS account id, got ${JSON.stringify(a)}` });
  });
  const organization = props.organization ?? false;
  if (organization && accounts.length) out.push({ key: 'organization', message: 'organization and accounts exclude each other: organization mode audits every ACTIVE account; drop accounts, or organization' });
  if (props.organizationId !== undefined && !ORG_ID.test(props.organizationId)) {
    out.push({ key: 'organizationId', message: `expected an AWS Organizations id like o-a1b2c3d4e5, got ${JSON.stringify(props.organizationId)}` });
  }
  const memberRoleName = props.memberRoleName ?? DEFAULTS.memberRoleName;
  if (!ROLE_NAME.test(memberRoleName)) out.push({ key: 'memberRoleName', message: notRoleName(memberRoleName) });
  const collectorRoleName = props.collectorRoleName ?? DEFAULTS.collectorRoleName;
  if (!/^[\w+=,.@-]{1,64}$/.test(collectorRoleName)) out.push({ key: 'collectorRoleName', message: notRoleName(collectorRoleName) });
  if (props.externalId !== undefined && !EXTERNAL_ID.test(props.externalId)) {
    out.push({ key: 'externalId', message: `expected 2 to 1224 characters of letters, digits and +=,.@:/-, got ${JSON.stringify(props.externalId)}` });
  }

  if (props.minAlertSeverity !== undefined && !isSeverityText(props.minAlertSeverity)) {
    out.push({ key: 'minAlertSeverity', message: notSeverity(props.minAlertSeverity) });
  }
  const alertFilterSeverities = [...new Set(props.alertFilterSeverities ?? [])];
  alertFilterSeverities.forEach((s, i) => {
    if (!isSeverityText(s)) out.push({ key: `alertFilterSeverities[${i}]`, message: notSeverity(s) });
  });

  (props.outputFormats ?? []).forEach((f, i) => {
    if (!isOutputFormat(f)) out.push({ key: `outputFormats[${i}]`, message: `expected one of ${OUTPUT_FORMAT_NAMES.join(', ')}, got ${JSON.stringify(f)}` });
  });
  const outputFormats = effectiveOutputFormats((props.outputFormats ?? OUTPUT_FORMAT_NAMES).filter(isOutputFormat));

  const retentionDays = props.retentionDays ?? DEFAULTS.retentionDays;
  checkWhole(retentionDays, 'retentionDays', 31, 36500, out);
  const inventoryRetentionDays = props.inventoryRetentionDays ?? Math.min(DEFAULTS.inventoryRetentionDays, retentionDays);
  checkWhole(inventoryRetentionDays, 'inventoryRetentionDays', 1, 36500, out);
  if (props.objectLockDays !== undefined) {
    checkWhole(props.objectLockDays, 'objectLockDays', 1, 36500, out);
    if (Number.isInteger(props.objectLockDays) && props.objectLockDays > retentionDays) {
      out.push({ key: 'objectLockDays', message: `locks objects for ${props.objectLockDays} days, longer than retentionDays (${retentionDays}): the lifecycle could not expire them; lower it or raise retentionDays` });
    }
  }
  const logRetentionDays = props.logRetentionDays ?? DEFAULTS.logRetentionDays;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    out.push({ key: 'logRetentionDays', message: `expected a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(', ')}), got ${JSON.stringify(logRetentionDays)}` });
  }
  const maxConcurrency = props.maxConcurrency ?? (organization ? DEFAULTS.orgMaxConcurrency : DEFAULTS.maxConcurrency);
  checkWhole(maxConcurrency, 'maxConcurrency', 1, 1000, out, 'targets');
  const runTimeoutMinutes = props.runTimeoutMinutes ?? DEFAULTS.runTimeoutMinutes;
  checkWhole(runTimeoutMinutes, 'runTimeoutMinutes', 5, 60 * 24 * 7, out, 'minutes');
  const lambdaCode = props.lambdaCode ?? 'bundle';
  if (lambdaCode !== 'bundle' && lambdaCode !== 'stub') out.push({ key: 'lambdaCode', message: `expected bundle or stub, got ${JSON.stringify(lambdaCode)}` });

  if (out.length) throw new ConfigError(out, source);
  const targetCount = Math.max(accounts.length, 1) * Math.max(regions.length, 1);
  return {
    alertEmails,
    schedule: schedule!,
    reportSchedules,
    timeZone,
    regions,
    accounts,
    organization,
    ...(props.organizationId ? { organizationId: props.organizationId } : {}),
    memberRoleName,
    ...(props.externalId ? { externalId: props.externalId } : {}),
    collectorRoleName,
    ...(props.policyFile ? { policyFile: props.policyFile } : {}),
    ...(props.minAlertSeverity ? { minAlertSeverity: props.minAlertSeverity } : {}),
    alertFilterSeverities,
    outputFormats,
    retentionDays,
    inventoryRetentionDays,
    ...(props.objectLockDays !== undefined ? { objectLockDays: props.objectLockDays } : {}),
    logRetentionDays,
    maxConcurrency,
    distributedMap: props.distributedMap ?? (organization || targetCount > DEFAULTS.distributedMapAbove),
    runTimeoutMinutes,
    realtime: props.realtime ?? true,
    lambdaCode,
  };
}

/* ---------- context (cdk.json, -c key=value) → props ---------- */

export type ContextReader = (key: string) => unknown;

/** A context value written as a JSON array (`-c regions='["us-east-1"]'`); undefined, and a problem, when it is not one. */
function jsonArrayText(text: string, key: string, out: Problems): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  out.push({ key, message: `starts like a JSON array but is not one: ${JSON.stringify(text)}` });
  return undefined;
}

function contextList(v: unknown, key: string, out: Problems): string[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) return v.map((x) => String(x).trim());
  if (typeof v !== 'string') {
    out.push({ key, message: `expected a comma-separated list or a JSON array, got ${JSON.stringify(v)}` });
    return undefined;
  }
  const text = v.trim();
  if (text.startsWith('[')) return jsonArrayText(text, key, out)?.map((x) => String(x).trim());
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function contextNumber(v: unknown, key: string, out: Problems): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (Number.isNaN(n)) {
    out.push({ key, message: `expected a number, got ${JSON.stringify(v)}` });
    return undefined;
  }
  return n;
}

function contextBool(v: unknown, key: string, out: Problems): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const t = String(v).trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  out.push({ key, message: `expected true or false, got ${JSON.stringify(v)}` });
  return undefined;
}

function contextString(v: unknown, key: string, out: Problems): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') {
    out.push({ key, message: `expected a string, got ${JSON.stringify(v)}` });
    return undefined;
  }
  return v.trim();
}

/**
 * `reportSchedule`: "daily", "weekly,monthly", "weekly=cron(0 7 ? * MON *)", or a JSON array of
 * { period, expression }. A cron expression holds no comma-free spaces to split on, so entries with
 * an `=` keep everything after it.
 */
function contextReportSchedules(v: unknown, out: Problems): ReportScheduleSpec[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const fromObjects = (arr: unknown[]): ReportScheduleSpec[] =>
    arr.map((x) => (typeof x === 'string' ? { period: x as ReportPeriod } : (x as ReportScheduleSpec)));
  if (Array.isArray(v)) return fromObjects(v);
  if (typeof v !== 'string') {
    out.push({ key: 'reportSchedule', message: `expected daily, weekly, monthly (comma-separated) or a JSON array, got ${JSON.stringify(v)}` });
    return undefined;
  }
  const text = v.trim();
  if (text.startsWith('[')) {
    const parsed = jsonArrayText(text, 'reportSchedule', out);
    return parsed && fromObjects(parsed);
  }
  const specs: ReportScheduleSpec[] = [];
  // Split on commas that start a new "period" entry, not the commas inside cron lists (MON,WED).
  for (const part of text.split(/,(?=\s*(?:daily|weekly|monthly)\b)/i)) {
    const [period, ...rest] = part.split('=');
    const expression = rest.join('=').trim();
    specs.push({ period: period.trim().toLowerCase() as ReportPeriod, ...(expression ? { expression } : {}) });
  }
  return specs;
}

/** Reads the context keys into props; type problems (retentionDays=abc) are reported with the rest. */
export function propsFromContext(read: ContextReader, allKeys: readonly string[] = []): VmAuditorProps {
  const out: Problems = [];
  for (const k of allKeys) {
    if (k.startsWith('@') || k.startsWith('aws:') || k.startsWith('cdk') || (CONTEXT_KEYS as readonly string[]).includes(k)) continue;
    const near = closest(k, CONTEXT_KEYS);
    if (near) out.push({ key: k, message: `is not a vmaudit context key; did you mean "${near}"?` });
  }
  const str = (key: string) => contextString(read(key), key, out);
  const list = (key: string) => contextList(read(key), key, out);
  const num = (key: string) => contextNumber(read(key), key, out);
  const bool = (key: string) => contextBool(read(key), key, out);
  const severity = str('minAlertSeverity');
  const props: VmAuditorProps = {
    alertEmails: list('alertEmails'),
    scheduleExpression: str('scheduleExpression'),
    reportSchedules: contextReportSchedules(read('reportSchedule'), out),
    scheduleTimeZone: str('scheduleTimeZone'),
    regions: list('regions'),
    accounts: list('accounts'),
    organization: bool('organization'),
    organizationId: str('organizationId'),
    memberRoleName: str('memberRoleName'),
    externalId: str('externalId'),
    collectorRoleName: str('collectorRoleName'),
    policyFile: str('policyFile'),
    minAlertSeverity: severity as Severity | undefined,
    alertFilterSeverities: list('alertFilterSeverities') as Severity[] | undefined,
    outputFormats: list('outputFormats') as OutputFormat[] | undefined,
    retentionDays: num('retentionDays'),
    inventoryRetentionDays: num('inventoryRetentionDays'),
    objectLockDays: num('objectLockDays'),
    logRetentionDays: num('logRetentionDays'),
    maxConcurrency: num('maxConcurrency'),
    distributedMap: bool('distributedMap'),
    runTimeoutMinutes: num('runTimeoutMinutes'),
    realtime: bool('realtime'),
  };
  if (out.length) throw new ConfigError(out, 'vmaudit context (cdk.json "context" or -c key=value)');
  // Unset keys stay out, so a prop default is never shadowed by `undefined`.
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as VmAuditorProps;
}
