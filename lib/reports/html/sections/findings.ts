/**
 * The findings table: every result that is not PASS as one row (PASS results are counted in the
 * passes section and listed in findings.csv / findings.json), its details (message, evidence, suppression, how to
 * fix) in a native <details> element, so the table reads and expands with JavaScript off. With
 * JavaScript on, the report's script filters over all rows and displays one page at a time.
 *
 * Size matters at 100,000 findings: rows carry only what a person reads plus three short data-*
 * attributes; title, frameworks and remediation are written once per rule (rules section) and
 * linked; evidence is compact and cut at `maxEvidenceChars`. findings.json stays the complete record.
 *
 * Even so a row is ~1.3 KB, and a 50,000-instance estate has ~95,000 findings that are not PASS:
 * 124 MB of markup that a browser needs a minute to open. So the first `inlineRows` rows are
 * markup (what a reader sees first, and all a reader without JavaScript gets), and the rest are the
 * same rows, rendered by the same `row()`, packed into gzip + base64 data blocks (script elements of
 * a non-JavaScript type, never executed, outside the CSP's script-src) that the report's script
 * unpacks with the browser's DecompressionStream after the first paint. Row markup compresses ~15×.
 */
import { gzipSync } from 'node:zlib';
import type { FindingsDocument } from '../../../findings/document';
import { notEvaluated, verdictsOf } from '../../../findings/verdict';
import { FINDING_STATUSES, type Finding } from '../../../findings/finding';
import { SEVERITIES } from '../../../model/severity';
import { formatCount, plural, STATUS_LABEL } from '../../format';
import { truncate } from '../../text';
import { anchorId, escapeHtml, escapeText } from '../escape';
import type { ReportSection } from '../page';
import { rulesInReport, type RuleInfo } from './rules';
import { prettyJson } from '../pretty-json';
import { frameworksText as controlIdsText } from '../../../frameworks/text';
import { joinChunks } from '../../../util/chunks';

export interface FindingsTableOptions {
  /** Rows displayed per page when JavaScript is on (default 250). */
  pageSize?: number;
  /** Characters of pretty-printed evidence shown per finding (default 4,000). */
  maxEvidenceChars?: number;
  /** Rows written as markup; the rest go into compressed data blocks (default 1,000). */
  inlineRows?: number;
  /** Rows per compressed data block (default 2,000): each is compressed on its own, so rendering streams. */
  blockRows?: number;
  /** Every rule the run could have run (the catalogue's ids): an empty table names those that did not run. */
  rules?: readonly string[];
}

/** The type of the data blocks: not a JavaScript MIME type, so the browser never runs them. */
export const ROW_BLOCK_TYPE = 'application/x-vmaudit-rows+gzip';

export const PAGE_SIZES = [100, 250, 1000] as const;
const MAX_SUMMARY = 600;
const MAX_MESSAGE = 4000;

/**
 * What a row shows for each filterable column. Estate strings are cut so one 10,000-character value
 * cannot swamp the page; the select options use the same function, so filtering still matches.
 */
export const ROW_TEXT = {
  rule: (f: Finding) => truncate(f.ruleId, 128),
  account: (f: Finding) => truncate(f.accountId, 64),
  region: (f: Finding) => truncate(f.region, 64),
};
const MAX_TAGS = 30;

const e = escapeHtml;

function evidenceBlock(f: Finding, max: number): string {
  if (!f.evidence || typeof f.evidence !== 'object' || Object.keys(f.evidence).length === 0) return '';
  let json = prettyJson(f.evidence);
  if (json.length > max) json = `${truncate(json, max)}\n(cut at ${formatCount(max)} characters; the full evidence is in findings.json)`;
  return `<dt>Evidence</dt><dd><pre class="ev">${escapeText(json)}</pre></dd>`;
}

function tagsBlock(f: Finding): string {
  const entries = Object.entries(f.tags ?? {});
  if (entries.length === 0) return '';
  const shown = entries.slice(0, MAX_TAGS).map(([k, v]) => `${e(truncate(k, 128))}=${e(truncate(String(v), 256))}`);
  const more = entries.length > MAX_TAGS ? `, … ${formatCount(entries.length - MAX_TAGS)} more` : '';
  return `<dt>Tags</dt><dd>${shown.join(', ')}${more}</dd>`;
}

/**
 * Title, frameworks and remediation belong to the rule: written once in the rules table, referenced
 * here (the script copies them in when the details open). Whatever differs from the rule is inline.
 */
function ruleBlock(f: Finding, rule: RuleInfo | undefined): string {
  let out = `<dt>Rule</dt><dd data-rule><a href="#${anchorId('rule', f.ruleId)}">see the rule</a></dd>`;
  if (!rule || rule.title !== f.title) out += `<dt>Title</dt><dd>${e(truncate(f.title, 300))}</dd>`;
  const fw = frameworksText(f);
  if (fw && (!rule || frameworksText(ruleAsFinding(rule)) !== fw)) out += `<dt>Frameworks</dt><dd>${e(fw)}</dd>`;
  if (!rule || rule.remediation !== f.remediation) out += `<dt>How to fix</dt><dd>${e(truncate(f.remediation, 2000))}</dd>`;
  return out;
}

function ruleAsFinding(r: RuleInfo): Pick<Finding, 'frameworks'> {
  return { frameworks: r.frameworks };
}

function frameworksText(f: Pick<Finding, 'frameworks'>): string {
  return controlIdsText(f.frameworks);
}

function row(f: Finding, rules: Map<string, RuleInfo>, maxEvidence: number): string {
  const long = f.message.length > MAX_SUMMARY;
  let details = long ? `<dt>Message</dt><dd>${e(truncate(f.message, MAX_MESSAGE))}</dd>` : '';
  details += `<dt>Resource</dt><dd><code>${e(truncate(f.resourceArn || f.resourceId, 1000))}</code></dd>`;
  details += `<dt>Finding id</dt><dd><code>${e(f.id)}</code></dd>`;
  details += tagsBlock(f);
  if (f.suppression) {
    const x = f.suppression;
    details += `<dt>Suppressed</dt><dd>${e(truncate(x.reason, 1000))} <span class="muted">(owner ${e(truncate(x.owner, 200))}, until ${e(truncate(x.expires, 64))})</span></dd>`;
  }
  if (f.expiredException) {
    const x = f.expiredException;
    details += `<dt>Exception expired</dt><dd>${e(truncate(x.reason, 1000))} <span class="muted">(owner ${e(truncate(x.owner, 200))}, expired ${e(truncate(x.expired, 64))})</span></dd>`;
  }
  details += ruleBlock(f, rules.get(f.ruleId));
  details += evidenceBlock(f, maxEvidence);
  const statusNote = f.suppression ? `<span class="rt">until ${e(truncate(f.suppression.expires, 64))}</span>` : f.expiredException ? '<span class="rt">exception expired</span>' : '';
  return (
    `<tr class="f" id="${anchorId('finding', f.id)}" data-sev="${e(f.severity)}" data-st="${e(f.status)}" data-lc="${e(f.lifecycle ?? '')}">` +
    `<td><span class="sev sev-${e(f.severity)}">${e(String(f.severity).toUpperCase())}</span></td>` +
    `<td><span class="st st-${e(f.status)}">${e(STATUS_LABEL[f.status] ?? f.status)}</span>${f.lifecycle ? `<span class="lc">${e(f.lifecycle)}</span>` : ''}${statusNote}</td>` +
    `<td>${e(ROW_TEXT.rule(f))}</td><td>${e(ROW_TEXT.account(f))}</td><td>${e(ROW_TEXT.region(f))}</td>` +
    `<td>${e(truncate(f.resourceId, 256))}<span class="rt">${e(truncate(f.resourceType, 128))}</span></td>` +
    `<td><details><summary>${e(long ? truncate(f.message, MAX_SUMMARY) : f.message)}</summary><dl class="kv">${details}</dl></details></td></tr>`
  );
}

/**
 * One data block: `[row element id, severity, status, lifecycle, rule, account, region, row markup]` per finding
 * as JSON, gzipped, base64 (which has no character that could end the element). The filter fields
 * come as plain values so the script filters without parsing markup; the markup is escaped here
 * exactly as an inline row is.
 */
function rowBlock(fs: readonly Finding[], rules: Map<string, RuleInfo>, maxEvidence: number): string {
  const rows = fs.map((f) => [anchorId('finding', f.id), f.severity, f.status, f.lifecycle ?? '', ROW_TEXT.rule(f), ROW_TEXT.account(f), ROW_TEXT.region(f), row(f, rules, maxEvidence)]);
  const packed = gzipSync(JSON.stringify(rows)).toString('base64');
  return `\n<script type="${ROW_BLOCK_TYPE}" class="rows" data-n="${fs.length}">${packed}</script>`;
}

function select(name: string, label: string, values: readonly string[], labelOf: (v: string) => string = (v) => v): string {
  const options = values.map((v) => `<option value="${e(v)}">${e(labelOf(v))}</option>`).join('');
  return `<label>${label}<select name="${name}"><option value="">All</option>${options}</select></label>`;
}

function distinct(findings: readonly Finding[], key: (f: Finding) => string): string[] {
  return [...new Set(findings.map(key))].sort();
}

export function findingsTableSection(doc: FindingsDocument, options: FindingsTableOptions = {}): ReportSection {
  const pageSize = options.pageSize ?? 250;
  const maxEvidence = options.maxEvidenceChars ?? 4000;
  const fs = doc.findings.filter((f) => f.status !== 'PASS');
  const passed = doc.findings.length - fs.length;
  const rules = new Map(rulesInReport(fs).map((r) => [r.ruleId, r]));
  const present = <T extends string>(all: readonly T[], key: (f: Finding) => string) => {
    const seen = new Set(fs.map(key));
    return all.filter((v) => seen.has(v));
  };
  const sizes = [...new Set([...PAGE_SIZES, pageSize])].sort((a, b) => a - b);
  const form =
    '<form id="filters" class="filters" role="search" aria-label="Filter findings" hidden>' +
    '<label>Search<input type="search" name="q" placeholder="resource, message, tag, evidence…" autocomplete="off" spellcheck="false"></label>' +
    select('sev', 'Severity', present(SEVERITIES, (f) => f.severity), (v) => v.toUpperCase()) +
    select('st', 'Status', present(FINDING_STATUSES, (f) => f.status), (v) => STATUS_LABEL[v as keyof typeof STATUS_LABEL] ?? v) +
    select('lc', 'Lifecycle', present(['NEW', 'OPEN', 'RESOLVED'] as const, (f) => f.lifecycle ?? '')) +
    select('rule', 'Rule', distinct(fs, ROW_TEXT.rule)) +
    select('acct', 'Account', distinct(fs, ROW_TEXT.account)) +
    select('reg', 'Region', distinct(fs, ROW_TEXT.region)) +
    `<label>Rows per page<select name="ps">${sizes.map((n) => `<option value="${n}"${n === pageSize ? ' selected' : ''}>${formatCount(n)}</option>`).join('')}</select></label>` +
    '<button type="reset">Clear filters</button></form>';
  const inline = Math.max(0, options.inlineRows ?? 1000);
  const blockRows = Math.max(1, options.blockRows ?? 2000);
  const listed =
    fs.length <= inline
      ? `All ${escapeHtml(plural(fs.length, 'finding'))} that did not pass are listed below`
      : `The first ${formatCount(inline)} of the ${escapeHtml(plural(fs.length, 'finding'))} that did not pass are listed below (with JavaScript on, all of them; findings.csv lists them too)`;
  const intro =
    `<p id="findings-nojs" class="muted">${listed}, failing and most severe first; open a row for its evidence and how to fix it. ` +
    (passed ? `The ${escapeHtml(plural(passed, 'passing result'))} are counted under <a href="#passes">Passing results</a>. ` : '') +
    'With JavaScript on, this table can be filtered.</p>\n' +
    form +
    '\n<p id="findings-count" class="muted" aria-live="polite"></p>\n' +
    '<table id="findings-table"><caption class="sr-only">Findings, failing and most severe first</caption><thead><tr>' +
    '<th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Rule</th><th scope="col">Account</th><th scope="col">Region</th>' +
    '<th scope="col">Resource</th><th scope="col">Finding (open for details)</th></tr></thead><tbody>\n';
  const outro =
    '\n</tbody></table>\n' +
    '<div id="findings-pager" class="pager" hidden><button type="button" id="page-prev">Previous page</button><span id="page-info"></span><button type="button" id="page-next">Next page</button></div>';
  function* chunks(): Generator<string> {
    yield intro;
    if (!fs.length) {
      // Every result passed, but a rule that did not run gave none: that is no all-clear.
      const notRun = notEvaluated(verdictsOf(doc), options.rules ?? doc.run.rulesRun ?? []);
      const caveat = notRun.length ? ` ${escapeHtml(plural(notRun.length, 'rule'))} did not run, so this is not an all-clear: ${escapeHtml(truncate(notRun.map((r) => r.ruleId).join(', '), 600))}.` : '';
      yield passed
        ? notRun.length
          ? `<tr><td colspan="7">Every result of the rules that ran passed.${caveat}</td></tr>`
          : '<tr><td colspan="7">Every result passed: nothing failed, was suppressed or could not be judged.</td></tr>'
        : `<tr><td colspan="7">No findings: no enabled rule produced a result for this estate.${caveat}</td></tr>`;
    }
    const n = Math.min(inline, fs.length);
    for (let i = 0; i < n; i++) yield (i ? '\n' : '') + row(fs[i], rules, maxEvidence);
    yield outro;
    for (let at = n; at < fs.length; at += blockRows) yield rowBlock(fs.slice(at, at + blockRows), rules, maxEvidence);
  }
  return {
    id: 'findings',
    title: 'Findings',
    // Only joined when someone asks for the whole body (tests); the page writes `chunks`.
    get html() {
      return joinChunks(chunks());
    },
    chunks,
  };
}
