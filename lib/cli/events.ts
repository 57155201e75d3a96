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
import { atLeast, SEVERITIES, severityRank, type Severity } from '../engine/severity';
import { GateFailedError, PolicyFileError, UsageError } from '../errors';
import { findingsDocument } from '../findings/document';
import type { Finding } from '../findings/finding';
import { normaliseCloudTrailRecord, normaliseEventBridgeEvent, MAX_UNPARSED_ERRORS, type NormaliseHints } from '../events/normalise';
import { eventPolicyProblems } from '../events/policy-check';
import { EVENT_RULES } from '../events/rules';
import type { AuditEvent, EventWindow, Snapshot } from '../model/types';
import { SNAPSHOT_SCHEMA_VERSION } from '../model/schema';
import { resolvePolicy } from '../policy/load';
import { FULL_CATALOGUE } from '../catalogue';
import { bounded } from '../reports/text';
import { parseAt, parseFailOn } from './options';

export interface ReadRecords {
  events: AuditEvent[];
  records: number;
  unparsed: number;
  errors: string[];
  /** Unparsed records whose account/region is known (kept from LookupEvents summary fields), per `account|region`. */
  unparsedAt: Map<string, { count: number; errors: string[] }>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The items of one parsed JSON document, whatever the wrapper. */
function itemsOf(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (isObject(doc)) {
    if (Array.isArray(doc.Records)) return doc.Records;
    if (Array.isArray(doc.Events)) return doc.Events;
  }
  return [doc];
}

/** Reads records from file contents (JSON or JSON Lines), normalising each; never throws on a bad record. */
export function readRecords(sources: { name: string; text: string }[], hints: NormaliseHints = {}): ReadRecords {
  const out: ReadRecords = { events: [], records: 0, unparsed: 0, errors: [], unparsedAt: new Map() };
  const bad = (where: string, why: string, at?: AuditEvent) => {
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
    if ('ok' in r) out.events.push(r.ok);
    const problem = 'ok' in r ? r.partial : r.error;
    if (problem !== undefined) bad(where, problem, 'ok' in r ? r.ok : undefined);
  };
  for (const { name, text } of sources) {
    let doc: unknown;
    let whole = true;
    try {
      doc = JSON.parse(text);
    } catch {
      whole = false;
    }
    if (whole) {
      itemsOf(doc).forEach((item, i) => take(`${name} item ${i + 1}`, item));
      continue;
    }
    // JSON Lines: one record or event per line.
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch (err) {
        out.records++;
        bad(`${name}:${i + 1}`, `not valid JSON (${(err as Error).message})`);
        return;
      }
      for (const it of itemsOf(item)) take(`${name}:${i + 1}`, it);
    });
  }
  return out;
}

/** A snapshot of the events alone: one window per account/region, spanning its events. */
export function eventsSnapshot(read: ReadRecords, generatedAt: Date, hints: NormaliseHints = {}): Snapshot {
  const spans = new Map<string, { accountId: string; region: string; from: string; to: string; count: number }>();
  for (const e of read.events) {
    const k = `${e.accountId}|${e.region}`;
    const s = spans.get(k);
    if (!s) spans.set(k, { accountId: e.accountId, region: e.region, from: e.time, to: e.time, count: 1 });
    else {
      if (e.time < s.from) s.from = e.time;
      if (e.time > s.to) s.to = e.time;
      s.count++;
    }
  }
  const sorted = [...spans.values()].sort((a, b) => (a.accountId + a.region < b.accountId + b.region ? -1 : 1));
  // A record that could not be read at all belongs to no known account/region: the hinted target's
  // window carries it, else the first window (the summary line names every one anyway).
  const placed = [...read.unparsedAt.values()].reduce((n, x) => n + x.count, 0);
  const homeKey = hints.accountId && hints.region && spans.has(`${hints.accountId}|${hints.region}`) ? `${hints.accountId}|${hints.region}` : sorted[0] ? `${sorted[0].accountId}|${sorted[0].region}` : '';
  const windows: EventWindow[] = sorted.map((s) => {
    const k = `${s.accountId}|${s.region}`;
    const at = read.unparsedAt.get(k) ?? { count: 0, errors: [] };
    const home = k === homeKey ? read.unparsed - placed : 0;
    const errors = home ? [...at.errors, ...read.errors.filter((e) => !at.errors.includes(e))] : at.errors;
    return { accountId: s.accountId, region: s.region, from: s.from, to: s.to, eventCount: s.count, capped: false, unparsed: at.count + home, unparsedErrors: errors.slice(0, MAX_UNPARSED_ERRORS) };
  });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    generatedAt: generatedAt.toISOString(),
    source: { kind: 'file', description: 'CloudTrail records' },
    targets: sorted.map((s) => ({ accountId: s.accountId, region: s.region })),
    instances: [], networkInterfaces: [], securityGroups: [], prefixLists: [], networkAcls: [], subnets: [], routeTables: [], vpcs: [],
    peeringConnections: [], transitGateways: [], transitGatewayAttachments: [], transitGatewayRouteTables: [], flowLogs: [], volumes: [], snapshots: [], images: [], ebsEncryptionByDefault: [], trails: [],
    events: read.events,
    eventWindows: windows,
    coverageGaps: [],
  };
}

function readSource(file: string): { name: string; text: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new UsageError(`UsageError: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Give a CloudTrail log file, a lookup-events output or JSON Lines of records.`);
  }
  const gz = buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  return { name: file, text: (gz ? gunzipSync(buf) : buf).toString('utf8') };
}

const one = (s: string, max: number) => bounded(s, max);

function table(findings: Finding[]): string {
  const t = new Table({ head: ['Severity', 'Rule', 'Where', 'Resource', 'What happened'], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: [10, 30, 26, 26, 70] });
  for (const f of findings) t.push([f.severity.toUpperCase(), f.ruleId, one(`${f.accountId}/${f.region}`, 60), one(f.resourceId, 60), one(f.message, 400)]);
  return t.toString();
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
      const minSeverity = parseFailOn(o.minSeverity) ?? 'info';
      const now = parseAt(o.at) ?? new Date();
      const catalogue = FULL_CATALOGUE;
      const loaded = resolvePolicy(o.policy, catalogue, { now });
      const problems = eventPolicyProblems(loaded.policy);
      if (problems.length) throw new PolicyFileError(loaded.source, problems.map((p) => ({ path: p.path.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').replace(/^\./, ''), message: p.message })));

      const hints = { accountId: o.account, region: o.region };
      const read = readRecords(files.map(readSource), hints);
      const snapshot = eventsSnapshot(read, now, hints);
      const { findings, rulesRun } = evaluate(snapshot, loaded.policy, { rules: EVENT_RULES, now });
      const regions = [...new Set(snapshot.targets.map((t) => t.region))].sort();
      const accounts = [...new Set(snapshot.targets.map((t) => t.accountId))].sort();
      if (o.json) {
        const doc = findingsDocument({ id: `events-${now.toISOString()}`, startedAt: now.toISOString(), finishedAt: now.toISOString(), accounts, regions, coverageGaps: [], eventWindows: snapshot.eventWindows, source: files.join(', '), policy: loaded.source, rulesRun }, findings);
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      } else {
        const failing = findings.filter((f) => f.status === 'FAIL' && atLeast(f.severity, minSeverity));
        const lines = [
          `Read ${read.records} record${read.records === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'}: ${read.events.length} events in ${snapshot.targets.length} account/region${snapshot.targets.length === 1 ? '' : 's'}, ${read.unparsed} unparsed.`,
          ...read.errors.map((e) => `  unparsed: ${one(e, 300)}`),
          `Policy: ${loaded.source}. Rules run: ${rulesRun.length}.`,
          '',
        ];
        if (failing.length) lines.push(table(failing));
        else lines.push(`No failing findings at or above ${minSeverity}.`);
        const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.status === 'FAIL' && f.severity === s).length} ${s}`).join(', ');
        const unknown = findings.filter((f) => f.status === 'UNKNOWN').length;
        lines.push('', `Failing: ${counts}. Suppressed: ${findings.filter((f) => f.status === 'SUPPRESSED').length}. Unknown: ${unknown}. Passed: ${findings.filter((f) => f.status === 'PASS').length}.`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (failOn) {
        const worst = findings.filter((f) => f.status === 'FAIL' && atLeast(f.severity, failOn)).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
        if (worst.length) throw new GateFailedError(`${worst.length} failing event finding${worst.length === 1 ? '' : 's'} at or above ${failOn as Severity} (worst: ${worst[0].ruleId}).`);
      }
    });
}
