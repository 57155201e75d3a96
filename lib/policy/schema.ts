/**
 * The policy file (DESIGN §4): which rule packs run, rule parameters, zones and flow intents,
 * event policies and exceptions. Every object is strict, so a misspelt key is an error, not a
 * silently ignored setting. Rule parameters are checked against each rule's own schema in `load.ts`.
 */
import * as z from 'zod';
import { SEVERITIES } from '../model/severity';
import { parsePortSpec } from './ports';
import { FRAMEWORK_IDS, VMAUDIT_PACK } from '../frameworks/ids';

export const FRAMEWORKS = [...FRAMEWORK_IDS, VMAUDIT_PACK] as const;
export type FrameworkPack = (typeof FRAMEWORKS)[number];

const portSpec = z.string().superRefine((s, ctx) => {
  const p = parsePortSpec(s);
  if (typeof p === 'string') ctx.addIssue({ code: 'custom', message: p });
});

const tagPair = z.string().regex(/^[^=]+=.*$/, 'expected "Key=Value"');

/** A date (2027-03-31) or date-time; a bare date means the end of that day in UTC. */
const expiry = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999Z` : text;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: 'custom', message: `expected a date like 2027-03-31, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return new Date(t).toISOString();
});

export const ZoneAllowSchema = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
  ports: z.array(portSpec).default(['all']),
  reason: z.string().optional(),
});

export const InternetAllowSchema = z.strictObject({
  zone: z.string().optional(),
  tag: tagPair.optional(),
  instance: z.string().optional(),
  ports: z.array(portSpec).min(1),
  reason: z.string().optional(),
});

export const IsolationSchema = z.strictObject({
  zoneTag: z.string().min(1).default('Environment'),
  zones: z.array(z.string().min(1)).default([]),
  allow: z.array(ZoneAllowSchema).default([]),
  internet: z.strictObject({ allow: z.array(InternetAllowSchema).default([]) }).default({ allow: [] }),
});

/** An endpoint of a flow intent: a CIDR, `zone:<name>`, or an instance id. */
const flowEndpoint = z.string().min(1);

export const FlowSchema = z.strictObject({
  name: z.string().optional(),
  action: z.enum(['allow', 'deny']),
  source: flowEndpoint,
  destination: flowEndpoint,
  ports: z.array(portSpec).default(['all']),
});

export const AccessPolicySchema = z.strictObject({
  name: z.string().optional(),
  resource: z
    .strictObject({ tag: tagPair.optional(), ids: z.array(z.string()).optional() })
    .refine((r) => r.tag !== undefined || (r.ids !== undefined && r.ids.length > 0), 'name a tag ("Key=Value") or ids'),
  /** read / write classes of EC2 actions, or action names such as ec2:TerminateInstances. */
  actions: z.array(z.string().min(1)).min(1),
  /** ARN globs of the principals allowed to act. */
  principals: z.array(z.string().min(1)).min(1),
  severity: z.enum(SEVERITIES).default('high'),
});

export const AuditPolicySchema = z.strictObject({
  name: z.string().optional(),
  event: z.enum(['console-login']),
  allow: z.array(z.string().min(1)).min(1),
  severity: z.enum(SEVERITIES).default('high'),
});

export const ResponsePolicySchema = z.strictObject({
  name: z.string().optional(),
  /** A named event class (console-login-failed, unauthorized-api-call, …) or an API name such as StopLogging. */
  event: z.string().min(1),
  threshold: z.strictObject({ count: z.number().int().min(1), withinMinutes: z.number().positive() }).default({ count: 1, withinMinutes: 60 }),
  action: z.enum(['alert']).default('alert'),
  severity: z.enum(SEVERITIES).default('high'),
  /** What the threshold counts per: the whole account/region, one principal, or one source IP. */
  groupBy: z.enum(['account', 'principal', 'sourceIp']).default('account'),
});

export const TagMatchSchema = z.union([
  z.record(z.string(), z.string()),
  z.strictObject({ allOf: z.record(z.string(), z.string()).optional(), anyOf: z.record(z.string(), z.string()).optional() }),
]);

export const ExceptionSchema = z.strictObject({
  /** Rule id or glob (ec2-sg-*). */
  rule: z.string().min(1),
  /** Resource id or ARN glob. */
  resource: z.string().min(1).optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  tags: TagMatchSchema.optional(),
  reason: z.string().min(1),
  owner: z.string().min(1),
  expires: expiry,
});

export const AlertsSchema = z.strictObject({
  /** NEW findings at or above this severity alert at once. */
  minSeverity: z.enum(SEVERITIES).default('high'),
  /** OPEN findings at or above this severity are repeated in the periodic digest. */
  digestSeverity: z.enum(SEVERITIES).default('medium'),
  /** Link to the report in alerts; {runId} and {date} are filled in. */
  reportUrl: z.string().optional(),
});

/** Per-rule setting: false disables; an object may set enabled, severity and the rule's own parameters. */
export const RuleSettingSchema = z.union([z.boolean(), z.record(z.string(), z.unknown())]);

export const PolicySchema = z.strictObject({
  version: z.literal(1).default(1),
  frameworks: z.array(z.enum(FRAMEWORKS)).min(1).default([...FRAMEWORKS]),
  rules: z.record(z.string(), RuleSettingSchema).default({}),
  isolation: IsolationSchema.optional(),
  flows: z.array(FlowSchema).default([]),
  access: z.array(AccessPolicySchema).default([]),
  audit: z.array(AuditPolicySchema).default([]),
  response: z.array(ResponsePolicySchema).default([]),
  exceptions: z.array(ExceptionSchema).default([]),
  /**
   * Accounts (12-digit ids) and AWS Organizations organization or OU ARNs that owned snapshots and
   * AMIs may be shared with. The accounts the audit scans (every member, in org mode) are trusted too.
   */
  trustedAccounts: z.array(z.string().regex(/^(\d{12}|arn:aws[a-z-]*:organizations::\d{12}:(organization|ou)\/[\w/-]+)$/, 'a 12-digit account id or an organizations organization / OU ARN')).default([]),
  alerts: AlertsSchema.default({ minSeverity: 'high', digestSeverity: 'medium' }),
});

export type PolicyInput = z.input<typeof PolicySchema>;
/** A policy after schema validation, before rule parameters are resolved. */
export type PolicyDocument = z.infer<typeof PolicySchema>;
export type Isolation = z.infer<typeof IsolationSchema>;
export type Flow = z.infer<typeof FlowSchema>;
export type AccessPolicy = z.infer<typeof AccessPolicySchema>;
export type AuditPolicy = z.infer<typeof AuditPolicySchema>;
export type ResponsePolicy = z.infer<typeof ResponsePolicySchema>;
export type PolicyException = z.infer<typeof ExceptionSchema>;
export type TagMatch = z.infer<typeof TagMatchSchema>;
