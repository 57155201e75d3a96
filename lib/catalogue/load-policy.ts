/**
 * Loads a policy file: YAML with positions → schema (PolicySchema) → checks against the rule catalogue
 * (rule ids, each rule's own parameter schema, exception rule globs, zone names, flow endpoints,
 * response event names and access actions).
 * Every problem is collected and thrown as one PolicyFileError whose lines read
 * `file:line path: expected …, got …`. The result is the effective policy: the built-in default with
 * the user file laid over it (see `mergePolicies`).
 */
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import * as z from 'zod';
import { PolicyFileError, type PolicyProblem } from '../errors';
import { MAX_POLICY_FILE_BYTES } from '../limits';
import type { PolicySection, Rule } from '../engine/rule';
import { declaredSections, ruleSetting } from '../engine/selection';
import { eventPolicyProblems } from '../events/policy-check';
import { SEVERITIES } from '../model/severity';
import { wildcard } from '../util/wildcard';
import { DEFAULT_POLICY_YAML } from '../policy/default-policy';
import { check, describeValue, unknownKeyMessage, type RawProblem } from '../policy/issues';
import { formatPath, PositionedYaml, type PathSegment } from '../policy/locate';
import { PolicySchema, type PolicyDocument } from '../policy/schema';
import { didYouMean } from '../policy/suggest';

export interface LoadedPolicy {
  /** The effective policy: default with the file on top, validated. */
  policy: PolicyDocument;
  /** The file it came from, or DEFAULT_POLICY_SOURCE. */
  source: string;
  /** Valid settings that probably do not do what was meant (a disabled rule that leaves an inherited section unchecked, an expired exception). */
  warnings: PolicyProblem[];
  /** The file line of each `rules.<id>` setting the file makes, so listings can name where a rule was disabled. */
  ruleLines?: Record<string, number>;
}

export interface LoadOptions {
  /** The policy the file is laid over; the built-in default when omitted. */
  base?: PolicyDocument;
  /** When given, exceptions that expired by then are reported as warnings. */
  now?: Date;
}

export const DEFAULT_POLICY_SOURCE = 'built-in default policy';

type PlainObject = Record<string, unknown>;

function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

const hasGlob = (s: string) => /[*?]/.test(s);

/** Keys every rule accepts besides its own parameters. */
const COMMON_RULE_KEYS = z.strictObject({ enabled: z.boolean().optional(), severity: z.enum(SEVERITIES).optional() });

/** YYYY-MM-DD that exists on the calendar (Date.parse rolls 2027-02-30 over to March 2nd). */
function calendarProblem(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `expected a real date like 2027-03-31, got ${JSON.stringify(text)} (there is no month ${mo})`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `expected a real date like 2027-03-31, got ${JSON.stringify(text)} (${y}-${m[2]} has ${days} days)`;
  return undefined;
}

/** Rules whose ids match an exception's `rule` (an id or a glob). */
function rulesMatching(pattern: string, catalogue: readonly Rule[]): Rule[] {
  const m = wildcard(pattern);
  return catalogue.filter((r) => m(r.id));
}

function checkRules(rules: PlainObject, catalogue: readonly Rule[], out: RawProblem[]): void {
  const byId = new Map(catalogue.map((r) => [r.id, r]));
  for (const [id, setting] of Object.entries(rules)) {
    const rule = byId.get(id);
    if (!rule) {
      out.push({ path: ['rules', id], message: `expected a rule id (see "vmaudit rules"), got unknown rule "${id}"${didYouMean(id, byId.keys())}` });
      continue;
    }
    if (!isPlainObject(setting)) continue; // booleans are fine; other types are reported by the schema
    const shape = rule.params instanceof z.ZodObject ? Object.keys(rule.params.shape) : undefined;
    const allowed = [...(shape ?? []), 'enabled', 'severity'];
    const params: PlainObject = {};
    const common: PlainObject = {};
    for (const [k, v] of Object.entries(setting)) {
      if (k === 'enabled' || k === 'severity') common[k] = v;
      else if (shape && !shape.includes(k)) {
        const what = shape.length === 0 ? `${id} takes no parameters, only enabled and severity` : undefined;
        out.push({ path: ['rules', id, k], message: what ? `expected enabled or severity (${what}), got unknown key "${k}"${didYouMean(k, allowed)}` : unknownKeyMessage(k, allowed) });
      } else params[k] = v;
    }
    const c = check(COMMON_RULE_KEYS, common, ['rules', id]);
    if (!c.ok) out.push(...c.problems);
    const p = check(rule.params, params, ['rules', id]);
    if (!p.ok) out.push(...p.problems);
  }
}

const PLAIN_TAGS = z.record(z.string(), z.string());

/**
 * `replaced` collects paths whose schema problems these checks report better: zod reports a tag map
 * `{ Env: 5 }` from the allOf/anyOf branch of the union ("unknown key Env"), not from the plain map the user wrote.
 */
function checkExceptions(exceptions: unknown[], catalogue: readonly Rule[], out: RawProblem[], replaced: string[]): void {
  exceptions.forEach((e, i) => {
    if (!isPlainObject(e)) return;
    if (isPlainObject(e.tags) && !('allOf' in e.tags) && !('anyOf' in e.tags)) {
      const t = check(PLAIN_TAGS, e.tags, ['exceptions', i, 'tags']);
      if (!t.ok) {
        out.push(...t.problems);
        replaced.push(formatPath(['exceptions', i, 'tags']));
      }
    }
    if (typeof e.rule === 'string' && e.rule.length > 0 && rulesMatching(e.rule, catalogue).length === 0) {
      out.push({
        path: ['exceptions', i, 'rule'],
        message: hasGlob(e.rule)
          ? `expected a rule id or a glob that matches at least one rule, got ${JSON.stringify(e.rule)}, which matches none`
          : `expected a rule id (see "vmaudit rules"), got unknown rule "${e.rule}"${didYouMean(e.rule, catalogue.map((r) => r.id))}`,
      });
    }
    if (typeof e.expires === 'string') {
      const bad = calendarProblem(e.expires);
      if (bad) out.push({ path: ['exceptions', i, 'expires'], message: bad });
    }
  });
}

/** Zone names used by isolation.allow, isolation.internet.allow and `zone:` flow endpoints must be declared. */
function checkZones(data: PlainObject, zones: readonly string[], out: RawProblem[]): void {
  const known = (z: string) => z === '*' || (hasGlob(z) ? zones.some(wildcard(z)) : zones.includes(z));
  const complain = (path: PathSegment[], zone: string) =>
    out.push({ path, message: `expected a zone from isolation.zones (${zones.join(', ')}) or "*", got ${JSON.stringify(zone)}${didYouMean(zone, zones)}` });
  const iso = isPlainObject(data.isolation) ? data.isolation : undefined;
  if (zones.length > 0 && iso) {
    if (Array.isArray(iso.allow)) {
      iso.allow.forEach((a, i) => {
        if (!isPlainObject(a)) return;
        for (const side of ['from', 'to'] as const) {
          const v = a[side];
          if (typeof v === 'string' && v && !known(v)) complain(['isolation', 'allow', i, side], v);
        }
      });
    }
    const internet = isPlainObject(iso.internet) ? iso.internet : undefined;
    if (internet && Array.isArray(internet.allow)) {
      internet.allow.forEach((a, i) => {
        if (isPlainObject(a) && typeof a.zone === 'string' && a.zone && !known(a.zone)) complain(['isolation', 'internet', 'allow', i, 'zone'], a.zone);
      });
    }
  }
  if (Array.isArray(data.flows)) {
    data.flows.forEach((f, i) => {
      if (!isPlainObject(f)) return;
      for (const side of ['source', 'destination'] as const) {
        const v = f[side];
        if (typeof v !== 'string' || !v) continue;
        const path = ['flows', i, side];
        if (v.startsWith('zone:')) {
          // With no declared zones every tag value is a zone, so any name may be meant.
          const zone = v.slice(5);
          if (!zone) out.push({ path, message: `expected zone:<name>, got ${JSON.stringify(v)}` });
          else if (zones.length > 0 && !known(zone)) complain(path, zone);
        } else if (!/^i-[0-9a-f]{8,17}$/.test(v) && !ipaddr.isValidCIDR(v) && !ipaddr.isValid(v)) {
          out.push({ path, message: `expected a CIDR (10.0.1.0/24), zone:<name> or an instance id (i-0abc…), got ${describeValue(v)}` });
        }
      }
    });
  }
}

/**
 * Event names and access actions (lib/events/policy-check.ts) on the raw lists, so they are reported
 * even when another part of the file fails the schema. Entries the schema rejects get a harmless
 * stand-in that keeps the indices.
 */
function checkEventPolicies(data: PlainObject, out: RawProblem[]): void {
  const response = (Array.isArray(data.response) ? data.response : []).map((r) => ({
    event: isPlainObject(r) && typeof r.event === 'string' && r.event ? r.event : 'console-login',
  }));
  const access = (Array.isArray(data.access) ? data.access : []).map((a) => ({
    actions: isPlainObject(a) && Array.isArray(a.actions) ? a.actions.map((x) => (typeof x === 'string' && x ? x : 'read')) : [],
  }));
  const lists = { response, access } as unknown as Pick<PolicyDocument, 'response' | 'access'>;
  for (const p of eventPolicyProblems(lists)) out.push({ path: p.path, message: p.message });
}

/** `rules.<id>` settings of the user file that turn a rule off. */
function disabledInFile(user: PlainObject): string[] {
  if (!isPlainObject(user.rules)) return [];
  return Object.entries(user.rules)
    .filter(([, v]) => v === false || (isPlainObject(v) && v.enabled === false))
    .map(([id]) => id);
}

/** Sections the user file itself declares with something in them. */
function sectionsInFile(user: PlainObject): Set<PolicySection> {
  const out = new Set<PolicySection>();
  if (isPlainObject(user.isolation)) out.add('isolation');
  for (const s of ['flows', 'access', 'audit', 'response'] as const) if (Array.isArray(user[s]) && user[s].length > 0) out.add(s);
  return out;
}

/** A rule the file disables while the file declares a section that rule enforces: the section would go unchecked. */
function checkDisabledEnforcers(user: PlainObject, catalogue: readonly Rule[], yaml: PositionedYaml, out: RawProblem[]): void {
  const declared = sectionsInFile(user);
  for (const id of disabledInFile(user)) {
    const rule = catalogue.find((r) => r.id === id);
    const needed = (rule?.enforces ?? []).filter((s) => declared.has(s));
    if (!needed.length) continue;
    const where = needed.map((s) => `${s} (line ${yaml.lineOf([s])})`).join(', ');
    out.push({ path: ['rules', id], message: `expected ${id} to stay enabled: it is the rule that checks the ${where} declared in this file; remove this setting, or remove the section` });
  }
}

function collectWarnings(user: PlainObject, effective: PolicyDocument, catalogue: readonly Rule[], now: Date | undefined): RawProblem[] {
  const out: RawProblem[] = [];
  const inherited = declaredSections(effective).filter((s) => !sectionsInFile(user).has(s));
  for (const id of disabledInFile(user)) {
    const rule = catalogue.find((r) => r.id === id);
    const unchecked = (rule?.enforces ?? []).filter((s) => inherited.includes(s));
    if (unchecked.length && !ruleSetting(effective, id).enabled) {
      out.push({ path: ['rules', id], message: `disables ${id}, so the ${unchecked.join(', ')} section inherited from the built-in default is not checked (reports say "not evaluated"); remove this line to check it` });
    }
  }
  if (Array.isArray(user.exceptions)) {
    effective.exceptions.forEach((e, i) => {
      if (now && Date.parse(e.expires) <= now.getTime()) {
        out.push({ path: ['exceptions', i, 'expires'], message: `expired on ${e.expires.slice(0, 10)}: it no longer suppresses, and the findings it covered fail again; renew or remove it` });
      }
    });
  }
  return out;
}

function positioned(yaml: PositionedYaml, raw: RawProblem[]): PolicyProblem[] {
  const problems = raw.map((p) => ({ line: yaml.lineOf(p.path), path: formatPath(p.path), message: p.message }));
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const k = `${p.path}\u0000${p.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Lays `user` over `base`: each top-level section the user set replaces the base's; `rules` merges per rule id. */
export function mergePolicies(base: PolicyDocument, user: PolicyDocument, userSections: Iterable<string>): PolicyDocument {
  const merged: Record<string, unknown> = { ...base };
  for (const key of userSections) {
    if (key === 'rules') merged.rules = mergeRuleSettings(base.rules, user.rules);
    else if (key in user) merged[key] = (user as Record<string, unknown>)[key];
  }
  // Sections in schema order, so `policy show` reads like the documentation.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(PolicySchema.shape)) if (merged[key] !== undefined) out[key] = merged[key];
  return out as PolicyDocument;
}

/** `true`/`false` mean `{ enabled: … }`; for a rule set in both, the user's keys win one by one. */
function mergeRuleSettings(base: PolicyDocument['rules'], user: PolicyDocument['rules']): PolicyDocument['rules'] {
  const asMap = (s: boolean | Record<string, unknown>) => (typeof s === 'boolean' ? { enabled: s } : s);
  const out: PolicyDocument['rules'] = { ...base };
  for (const [id, s] of Object.entries(user)) {
    const b = out[id];
    out[id] = b === undefined ? s : { ...asMap(b), ...asMap(s) };
  }
  return out;
}

/**
 * Validates `text` (the contents of `fileName`) against the catalogue and lays it over the default
 * (or `options.base`). An empty file yields the base policy. Throws PolicyFileError listing every problem.
 */
export function loadPolicy(text: string, fileName: string, catalogue: readonly Rule[], options: LoadOptions = {}): LoadedPolicy {
  const yaml = new PositionedYaml(text);
  if (yaml.syntaxProblems.length) throw new PolicyFileError(fileName, yaml.syntaxProblems);
  const data: unknown = yaml.data ?? {};
  const base = options.base ?? defaultPolicy(catalogue).policy;

  const parsed = check(PolicySchema, data);
  const semantic: RawProblem[] = [];
  const replaced: string[] = [];
  if (isPlainObject(data)) {
    if (isPlainObject(data.rules)) checkRules(data.rules, catalogue, semantic);
    if (Array.isArray(data.exceptions)) checkExceptions(data.exceptions, catalogue, semantic, replaced);
    checkEventPolicies(data, semantic);
    checkDisabledEnforcers(data, catalogue, yaml, semantic);
    const iso = isPlainObject(data.isolation) ? data.isolation : undefined;
    const userZones = iso && Array.isArray(iso.zones) && iso.zones.every((z) => typeof z === 'string') ? (iso.zones as string[]) : undefined;
    checkZones(data, userZones ?? (iso ? [] : (base.isolation?.zones ?? [])), semantic);
  }
  const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
  const raw = parsed.ok ? [] : parsed.problems.filter((p) => !replaced.some((r) => under(formatPath(p.path), r)));
  // A value the schema already rejected needs no second complaint about the same path.
  const schemaPaths = new Set(raw.map((p) => formatPath(p.path)));
  raw.push(...semantic.filter((p) => !schemaPaths.has(formatPath(p.path))));
  if (raw.length || !parsed.ok) throw new PolicyFileError(fileName, positioned(yaml, raw));

  const userSections = isPlainObject(data) ? Object.keys(data) : [];
  const policy = mergePolicies(base, parsed.data, userSections);
  const warnings = positioned(yaml, collectWarnings(isPlainObject(data) ? data : {}, policy, catalogue, options.now));
  const ruleLines: Record<string, number> = {};
  if (isPlainObject(data) && isPlainObject(data.rules)) {
    for (const id of Object.keys(data.rules)) {
      const line = yaml.lineOf(['rules', id]);
      if (line) ruleLines[id] = line;
    }
  }
  return { policy, source: fileName, warnings, ruleLines };
}

/** Reads and loads a policy file; an unreadable file is a PolicyFileError too. */
export function loadPolicyFile(path: string, catalogue: readonly Rule[], options: LoadOptions = {}): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new PolicyFileError(path, [{ path: '', message: `expected a readable YAML policy file, got ${why}; check the path` }]);
  }
  // Checked before parsing: a 23 MB file took 24 s to refuse; no real policy comes near the limit.
  if (text.length > MAX_POLICY_FILE_BYTES) {
    throw new PolicyFileError(path, [{ path: '', message: `the file holds ${text.length} characters, more than the ${MAX_POLICY_FILE_BYTES} a policy file may have (real policies are a few KiB); remove what does not belong in it` }]);
  }
  return loadPolicy(text, path, catalogue, options);
}

const defaults = new WeakMap<readonly Rule[], LoadedPolicy>();

/** The built-in default policy, validated against `catalogue` (parsed once per catalogue; each caller gets its own copy). */
export function defaultPolicy(catalogue: readonly Rule[]): LoadedPolicy {
  let d = defaults.get(catalogue);
  if (!d) {
    const empty = PolicySchema.parse({});
    d = { ...loadPolicy(DEFAULT_POLICY_YAML, 'default-policy.yaml', catalogue, { base: empty }), source: DEFAULT_POLICY_SOURCE };
    defaults.set(catalogue, d);
  }
  return { policy: structuredClone(d.policy), source: d.source, warnings: [...d.warnings] };
}

/** The policy of `path` when given, else the built-in default: what `--policy` does in every command. */
export function resolvePolicy(path: string | undefined, catalogue: readonly Rule[], options: LoadOptions = {}): LoadedPolicy {
  return path ? loadPolicyFile(path, catalogue, options) : defaultPolicy(catalogue);
}
