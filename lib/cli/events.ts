/**
 * `vmaudit events <file...>`: evaluates raw CloudTrail records offline with the event rules and the
 * access / audit / response policies: a CloudTrail log file ({"Records": [...]}), a LookupEvents
 * page ({"Events": [...]}, as `aws cloudtrail lookup-events` prints it), EventBridge events, a JSON
 * array, or JSON Lines; gzipped or not. Records that cannot be read are counted and listed, never
 * dropped silently.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { evaluate } from '../engine/evaluate';
import { atLeast, SEVERITIES, severityRank, type Severity } from '../model/severity';
import { fsReason, GateFailedError, InputFileError, PolicyFileError } from '../errors';
import { findingsDocument } from '../findings/document';
import { isAllClear, undecidedClause, undecidedOf } from '../findings/verdict';
import type { Finding } from '../findings/finding';
import { normaliseCloudTrailRecord, normaliseEventBridgeEvent, MAX_UNPARSED_ERRORS, type NormaliseHints } from '../events/normalise';
import { eventPolicyProblems } from '../events/policy-check';
import { EVENT_RULES } from '../events/rules';
import type { AuditEvent, EventWindow, Snapshot } from '../model/types';
import { EVENT_READ_CLASSES, SNAPSHOT_SCHEMA_VERSION } from '../model/schema';
import { resolvePolicy } from '../catalogue/load-policy';
import { FULL_CATALOGUE } from '../catalogue';
import { bounded } from '../reports/text';
import { MAX_EVENTS_FILE_BYTES } from '../limits';
import { isAccountId, isRegionName } from '../model/formats';
import { findJsonSyntaxError } from '../model/json-syntax';
import { describeValue } from '../model/schema-problems';
import { parseAccountId, parseAt, parseFailOn, parseRegionName, parseSeverity } from './options';
import { out } from './terminal';

export interface ReadRecords {
  events: AuditEvent[];
  records: number;
  unparsed: number;
  errors: string[];
  /** Unparsed records whose account/region is known (kept from LookupEvents summary fields), per `account|region`. */
  unparsedAt: Map<string, { count: number; errors: string[] }>;
  /** Records without eventID, evaluated under an id derived from their content. */
  derivedIds: number;
}

/** A file of CloudTrail records holds every event of its span, read-only ones included. */
const ALL_CLASSES = EVENT_READ_CLASSES.map((c) => ({ class: c, capped: false }));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys any record shape vmaudit reads carries: CloudTrail record, LookupEvents event, EventBridge event. */
const RECORD_KEYS = ['eventID', 'eventName', 'eventSource', 'eventTime', 'eventVersion', 'userIdentity', 'awsRegion', 'EventId', 'EventName', 'CloudTrailEvent', 'detail-type', 'detail'];
const SHAPES = 'a CloudTrail log file ({"Records": [...]}), lookup-events output ({"Events": [...]}), EventBridge events, a JSON array of records, or JSON Lines';

const looksLikeRecord = (v: unknown): boolean => isObject(v) && RECORD_KEYS.some((k) => k in v);

/** The whole input cannot be read as records: exit 2 naming the file, the place and what it should be. */
function notRecords(name: string, where: string, why: string): InputFileError {
  return new InputFileError(`InputFileError: ${name}${where ? ` ${where}` : ''}: ${why}. vmaudit events reads ${SHAPES}.`);
}

/** The items of one parsed JSON document, whatever the wrapper; refuses a document that holds no records. */
function itemsOf(doc: unknown, name: string, where = ''): unknown[] {
  if (isObject(doc)) {
    for (const key of ['Records', 'Events'] as const) {
      if (!(key in doc)) continue;
      const v = doc[key];
      if (!Array.isArray(v)) throw notRecords(name, `${where}$.${key}`, `expected an array of records, got ${describeValue(v)}`);
      return v;
    }
    if (looksLikeRecord(doc)) return [doc];
    const keys = Object.keys(doc);
    throw notRecords(name, where || '$', keys.length ? `unknown root key${keys.length === 1 ? '' : 's'} ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}: expected "Records" or "Events", or the fields of a record` : 'an empty object');
  }
  if (Array.isArray(doc)) return doc;
  throw notRecords(name, where || '$', `expected records, got ${describeValue(doc)}`);
}

/** Account and region a record names even when it cannot be read, so its window can count it. */
function placeOf(item: unknown, hints: NormaliseHints): { accountId: string; region: string } | undefined {
  const rec = isObject(item) ? (isObject(item.detail) ? item.detail : item) : undefined;
  const pick = (v: unknown, ok: (s: string) => boolean) => (typeof v === 'string' && ok(v) ? v : undefined);
  const accountId = pick(rec?.recipientAccountId, isAccountId) ?? pick(isObject(item) ? item.account : undefined, isAccountId) ?? hints.accountId;
  const region = pick(rec?.awsRegion, isRegionName) ?? pick(isObject(item) ? item.region : undefined, isRegionName) ?? hints.region;
  return accountId && region ? { accountId, region } : undefined;
}

/** Reads records from file contents (JSON or JSON Lines), normalising each; a bad record is counted, a file of no records is refused. */
export function readRecords(sources: { name: string; text: string }[], hints: NormaliseHints = {}): ReadRecords {
  const out: ReadRecords = { events: [], records: 0, unparsed: 0, errors: [], unparsedAt: new Map(), derivedIds: 0 };
  const bad = (where: string, why: string, at?: { accountId: string; region: string }) => {
    out.unparsed++;
    if (out.errors.length < MAX_UNPARSED_ERRORS) out.errors.push(`${where}: ${why}`);
    if (!at) return;
    const k = `${at.accountId}|${at.region}`;
    const slot = out.unparsedAt.get(k) ?? { count: 0, errors: [] };
    slot.count++;
    if (slot.errors.length < MAX_UNPARSED_ERRORS) slot.errors.push(`${where}: ${why}`);
    out.unparsedAt.set(k, slot);
  };
  const take = (where: string, item: unknown) => {
    out.records++;
    const r = isObject(item) && 'detail-type' in item ? normaliseEventBridgeEvent(item) : normaliseCloudTrailRecord(item, hints);
    if ('ok' in r) {
      out.events.push(r.ok);
      if (r.derivedId) out.derivedIds++;
    }
    const problem = 'ok' in r ? r.partial : r.error;
    if (problem !== undefined) bad(where, problem, 'ok' in r ? r.ok : placeOf(item, hints));
  };
  for (const { name, text } of sources) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') throw notRecords(name, '', text.length ? 'the file holds only white space' : 'the file is empty');
    let doc: unknown;
    let whole = true;
    try {
      doc = JSON.parse(body);
    } catch {
      whole = false;
    }
    const items: { where: string; item: unknown }[] = [];
    if (whole) {
      itemsOf(doc, name).forEach((item, i) => items.push({ where: `${name} item ${i + 1}`, item }));
    } else {
      // JSON Lines: one record or event per line; a file of which no line is JSON is not records at all.
      const broken: { line: number; why: string }[] = [];
      body.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        let item: unknown;
        try {
          item = JSON.parse(line);
        } catch (err) {
          broken.push({ line: i + 1, why: `not valid JSON (${(err as Error).message})` });
          return;
        }
        for (const it of itemsOf(item, name, `line ${i + 1} `)) items.push({ where: `${name}:${i + 1}`, item: it });
      });
      if (!items.length) {
        const at = findJsonSyntaxError(body);
        throw notRecords(name, at ? `line ${at.line}, column ${at.column}` : '', `not JSON${at ? ` (${at.message})` : ''}, and no line of it is JSON either`);
      }
      for (const b of broken) {
        out.records++;
        bad(`${name}:${b.line}`, b.why);
      }
    }
    if (items.length && !items.some(({ item }) => looksLikeRecord(item))) {
      throw notRecords(name, items[0].where.slice(name.length).trim(), `no CloudTrail record in it: ${items.length} item${items.length === 1 ? '' : 's'}, the first ${describeValue(items[0].item)}`);
    }
    for (const { where, item } of items) take(where, item);
  }
  return out;
}

/** Account and region of records that name neither (and no --account / --region was given). */
export const UNKNOWN_PLACE = { accountId: 'unknown', region: 'unknown' } as const;

/**
 * A snapshot of the events alone: one window per account/region, spanning its events. Records that
 * could not be read are always in a window, so evt-event-coverage reports them: in their own
 * account/region when the record names it, else in the --account/--region target, else in the first
 * window, else in a window of an unknown account and region.
 */
export function eventsSnapshot(read: ReadRecords, generatedAt: Date, hints: NormaliseHints = {}): Snapshot {
  const spans = new Map<string, { accountId: string; region: string; from: string; to: string; count: number }>();
  const at = generatedAt.toISOString();
  const open = (accountId: string, region: string) => {
    const k = `${accountId}|${region}`;
    if (!spans.has(k)) spans.set(k, { accountId, region, from: '', to: '', count: 0 });
    return spans.get(k)!;
  };
  for (const e of read.events) {
    const s = open(e.accountId, e.region);
    if (!s.from || e.time < s.from) s.from = e.time;
    if (!s.to || e.time > s.to) s.to = e.time;
    s.count++;
  }
  const placed = [...read.unparsedAt.values()].reduce((n, x) => n + x.count, 0);
  const unplaced = read.unparsed - placed;
  for (const k of read.unparsedAt.keys()) {
    const [accountId, region] = k.split('|');
    open(accountId, region);
  }
  const hinted = hints.accountId && hints.region ? `${hints.accountId}|${hints.region}` : undefined;
  if (unplaced > 0 && hinted) open(hints.accountId!, hints.region!);
  if (unplaced > 0 && !spans.size) open(UNKNOWN_PLACE.accountId, UNKNOWN_PLACE.region);
  const sorted = [...spans.values()].sort((a, b) => (a.accountId + a.region < b.accountId + b.region ? -1 : 1));
  const homeKey = hinted && spans.has(hinted) ? hinted : `${sorted[0]?.accountId}|${sorted[0]?.region}`;
  const windows: EventWindow[] = sorted.map((s) => {
    const k = `${s.accountId}|${s.region}`;
    const mine = read.unparsedAt.get(k) ?? { count: 0, errors: [] };
    const home = k === homeKey ? unplaced : 0;
    const errors = home ? [...mine.errors, ...read.errors.filter((e) => !mine.errors.includes(e))] : mine.errors;
    // A window without a readable event has no time span of its own: it is the moment of reading.
    return { accountId: s.accountId, region: s.region, from: s.from || at, to: s.to || at, eventCount: s.count, capped: false, unparsed: mine.count + home, unparsedErrors: errors.slice(0, MAX_UNPARSED_ERRORS), classes: ALL_CLASSES };
  });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: at,
    source: { kind: 'file', description: 'CloudTrail records' },
    targets: sorted.map((s) => ({ accountId: s.accountId, region: s.region })),
    instances: [], networkInterfaces: [], securityGroups: [], prefixLists: [], networkAcls: [], subnets: [], routeTables: [], vpcs: [],
    peeringConnections: [], transitGateways: [], transitGatewayAttachments: [], transitGatewayRouteTables: [], flowLogs: [], volumes: [], snapshots: [], images: [], ebsEncryptionByDefault: [], launchTemplateVersions: [], regionSettings: [], trails: [], trailBuckets: [],
    events: read.events,
    eventWindows: windows,
    coverageGaps: [],
    inventoryReads: [],
  };
}

function readSource(file: string): { name: string; text: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(`InputFileError: cannot read ${file}: ${code ?? (err as Error).message}${fsReason(code) ? ` (${fsReason(code)})` : ''}. Give ${SHAPES}.`);
  }
  const gz = buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  if (gz) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_EVENTS_FILE_BYTES + 1 });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
      throw new InputFileError(
        tooBig
          ? `InputFileError: ${file} decompresses to more than ${MAX_EVENTS_FILE_BYTES / 2 ** 20} MiB: split it into smaller files (CloudTrail delivers files of a few MB).`
          : `InputFileError: ${file} starts like gzip (1f 8b) but cannot be decompressed (${(err as Error).message}): the file is probably truncated or corrupt; copy it again.`,
      );
    }
  }
  if (buf.length > MAX_EVENTS_FILE_BYTES) throw new InputFileError(`InputFileError: ${file} holds ${Math.round(buf.length / 2 ** 20)} MiB, more than the ${MAX_EVENTS_FILE_BYTES / 2 ** 20} MiB vmaudit reads from one file: split it into smaller files.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw notRecords(file, '', 'not UTF-8 text (binary data, or UTF-16: save it as UTF-8)');
  }
  return { name: file, text };
}

const one = (s: string, max: number) => bounded(s, max);

function table(findings: Finding[]): string {
  const t = new Table({ head: ['Severity', 'Rule', 'Where', 'Resource', 'What happened'], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [10, 30, 26, 26, 70] });
  for (const f of findings) t.push([f.severity.toUpperCase(), f.ruleId, one(`${f.accountId}/${f.region}`, 60), one(f.resourceId, 60), one(f.message, 400)]);
  return t.toString();
}

export interface EventsTextInput {
  read: Pick<ReadRecords, 'records' | 'events' | 'unparsed' | 'errors' | 'derivedIds'>;
  files: number;
  targets: number;
  policy: string;
  findings: readonly Finding[];
  rulesRun: readonly string[];
  minSeverity: Severity;
  /** The rules `vmaudit events` could have run (default every event rule). */
  rules?: readonly string[];
}

/**
 * The text `vmaudit events` prints. "No failing findings" is said plainly only when every event rule
 * ran and decided; otherwise the rules that did not are named with the reason.
 */
export function eventsText(i: EventsTextInput): string {
  const { read, findings } = i;
  const failing = findings.filter((f) => f.status === 'FAIL' && atLeast(f.severity, i.minSeverity));
  const undecided = undecidedOf({ run: { rulesRun: [...i.rulesRun], coverageGaps: [] }, findings }, i.rules ?? EVENT_RULES.map((r) => r.id));
  const lines = [
    `Read ${read.records} record${read.records === 1 ? '' : 's'} from ${i.files} file${i.files === 1 ? '' : 's'}: ${read.events.length} events in ${i.targets} account/region${i.targets === 1 ? '' : 's'}, ${read.unparsed} unparsed.`,
    ...read.errors.map((e) => `  unparsed: ${one(e, 300)}`),
    ...(read.derivedIds ? [`  ${read.derivedIds} record${read.derivedIds === 1 ? ' has' : 's have'} no eventID: evaluated under an id derived from the record's content (sha256:…).`] : []),
    `Policy: ${i.policy}. Rules run: ${i.rulesRun.length}.`,
    '',
  ];
  if (failing.length) lines.push(table(failing));
  else if (isAllClear(undecided)) lines.push(`No failing findings at or above ${i.minSeverity}.`);
  else lines.push(`No failing findings at or above ${i.minSeverity} among the results that were decided; not an all-clear: ${undecidedClause(undecided)}.`);
  if (undecided.rules.length) {
    lines.push('', `Not evaluated (${undecided.rules.length} rule${undecided.rules.length === 1 ? '' : 's'}): a missing finding there proves nothing.`);
    for (const r of undecided.rules.slice(0, 20)) lines.push(`  ${one(r.ruleId, 60)}: ${one(r.reason, 300)}`);
    if (undecided.rules.length > 20) lines.push(`  ... and ${undecided.rules.length - 20} more (see --json)`);
  }
  const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.status === 'FAIL' && f.severity === s).length} ${s}`).join(', ');
  const unknown = findings.filter((f) => f.status === 'UNKNOWN').length;
  lines.push('', `Failing: ${counts}. Suppressed: ${findings.filter((f) => f.status === 'SUPPRESSED').length}. Unknown: ${unknown}. Passed: ${findings.filter((f) => f.status === 'PASS').length}.`);
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('events')
    .description('Evaluate CloudTrail records (log files, lookup-events output, EventBridge events, JSON Lines) with the event rules and policies')
    .argument('<files...>', 'files of CloudTrail records; .gz is read as gzip')
    .option('-p, --policy <file>', 'policy file (YAML) with access / audit / response policies; default: the built-in policy')
    .option('--account <id>', 'account of records without recipientAccountId (LookupEvents output)')
    .option('--region <region>', 'region of records without awsRegion')
    .option('--json', 'print findings.json (every finding, PASS and UNKNOWN included) instead of the table')
    .option('--min-severity <severity>', 'list failing findings at or above this severity', 'info')
    .option('--fail-on <severity>', 'exit 1 when a failing finding at or above this severity is found')
    .option('--at <time>', 'evaluate as of this ISO time (exception expiry); default: now')
    .addHelpText('after', '\nExamples:\n  aws cloudtrail lookup-events --max-results 50 > page.json && vmaudit events page.json --account 123456789012 --region us-east-1\n  vmaudit events 123456789012_CloudTrail_us-east-1_20261126T1200Z_x.json.gz --policy vmaudit.yaml --fail-on high\n')
    .action((files: string[], o: { policy?: string; account?: string; region?: string; json?: boolean; minSeverity: string; failOn?: string; at?: string }) => {
      const failOn = parseFailOn(o.failOn);
      const minSeverity = parseSeverity('--min-severity', o.minSeverity) ?? 'info';
      const now = parseAt(o.at) ?? new Date();
      const hints = { accountId: parseAccountId('--account', o.account), region: parseRegionName('--region', o.region) };
      const catalogue = FULL_CATALOGUE;
      const loaded = resolvePolicy(o.policy, catalogue, { now });
      const problems = eventPolicyProblems(loaded.policy);
      if (problems.length) throw new PolicyFileError(loaded.source, problems.map((p) => ({ path: p.path.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').replace(/^\./, ''), message: p.message })));

      const read = readRecords(files.map(readSource), hints);
      const snapshot = eventsSnapshot(read, now, hints);
      const { findings, rulesRun } = evaluate(snapshot, loaded.policy, { rules: EVENT_RULES, now });
      const regions = [...new Set(snapshot.targets.map((t) => t.region))].sort();
      const accounts = [...new Set(snapshot.targets.map((t) => t.accountId))].sort();
      if (o.json) {
        const doc = findingsDocument({ id: `events-${now.toISOString()}`, startedAt: now.toISOString(), finishedAt: now.toISOString(), accounts, regions, coverageGaps: [], eventWindows: snapshot.eventWindows, source: files.join(', '), policy: loaded.source, rulesRun }, findings);
        out(`${JSON.stringify(doc, null, 2)}\n`);
      } else {
        out(eventsText({ read, files: files.length, targets: snapshot.targets.length, policy: loaded.source, findings, rulesRun, minSeverity }));
      }
      if (failOn) {
        const worst = findings.filter((f) => f.status === 'FAIL' && atLeast(f.severity, failOn)).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
        if (worst.length) throw new GateFailedError(`${worst.length} failing event finding${worst.length === 1 ? '' : 's'} at or above ${failOn as Severity} (worst: ${worst[0].ruleId}).`);
      }
    });
}
