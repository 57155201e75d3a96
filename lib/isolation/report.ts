/**
 * The isolation part of report.html: a zone × zone matrix of violations (each cell links to its
 * findings), the violations cell by cell, the instances exposed to the internet, and the flow
 * intents that do not hold. Pure: findings in, markup out; every string from the estate or the
 * policy (zone names are tag values) goes through escapeHtml.
 *
 * Links point at `#finding-<id>` (anchorId('finding', id)), the ids of the findings table's rows; the
 * table's script turns to the row's page and opens it.
 */
import type { Finding } from '../findings/finding';
import { SEVERITIES, type Severity } from '../model/severity';
import { anchorId, escapeHtml as e } from '../reports/html/escape';
import type { ReportSection } from '../reports/html/page';
import { verdictsOf, type Verdict } from '../findings/verdict';

const ZONE_RULE = 'net-zone-isolation';
const EXPOSURE_RULE = 'net-internet-exposure';
const FLOW_RULE = 'net-flow-intent';
const UNZONED = '(unzoned)';
/** Rows of the exposure and violation lists shown before "show all". */
const LIST_INLINE = 50;

const link = (f: Finding, text: string) => `<a href="#${anchorId('finding', f.id)}">${text}</a>`;
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : Array.isArray(v) ? v.map(str).join(', ') : String(v));
const rank = (s: Severity) => SEVERITIES.indexOf(s);
const worst = (fs: readonly Finding[]): Severity => fs.reduce<Severity>((w, f) => (rank(f.severity) < rank(w) ? f.severity : w), 'info');
const badge = (s: Severity) => `<span class="sev sev-${e(s)}">${e(s.toUpperCase())}</span>`;

interface Cell {
  fail: Finding[];
  unknown: Finding[];
  suppressed: Finding[];
}

function zonesOf(f: Finding): [string, string] | undefined {
  const s = str(f.evidence.sourceZone);
  const d = str(f.evidence.destinationZone);
  return s && d ? [s, d] : undefined;
}

function byCell(findings: readonly Finding[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const f of findings) {
    if (f.ruleId !== ZONE_RULE) continue;
    const z = zonesOf(f);
    if (!z) continue;
    const k = `${z[0]}\u0000${z[1]}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { fail: [], unknown: [], suppressed: [] }));
    if (f.status === 'FAIL') c.fail.push(f);
    else if (f.status === 'UNKNOWN') c.unknown.push(f);
    else if (f.status === 'SUPPRESSED') c.suppressed.push(f);
  }
  return cells;
}

function services(f: Finding): string {
  return str(f.evidence.services) || str(f.detailKey);
}

function matrix(zones: string[], cells: Map<string, Cell>): string {
  const head = zones.map((z) => `<th scope="col">${e(z)}</th>`).join('');
  const rows = zones.map((from) => {
    const tds = zones.map((to) => {
      if (from === to) return '<td class="iso-self" aria-label="same zone">—</td>';
      const c = cells.get(`${from}\u0000${to}`);
      if (!c || (!c.fail.length && !c.unknown.length && !c.suppressed.length)) return `<td class="iso-ok num" title="${e(`${from} → ${to}: isolated`)}">0</td>`;
      const parts: string[] = [];
      const title = `${from} → ${to}: ${[...c.fail, ...c.unknown].map(services).join(', ')}`;
      if (c.fail.length) parts.push(link(c.fail[0], `<strong>${c.fail.length}</strong>`));
      if (c.unknown.length) parts.push(link(c.unknown[0], `${c.unknown.length}?`));
      if (c.suppressed.length) parts.push(`<span class="muted">${c.suppressed.length} excepted</span>`);
      const cls = c.fail.length ? `iso-bad iso-${worst(c.fail)}` : c.unknown.length ? 'iso-unknown' : 'iso-ok';
      return `<td class="num ${cls}" title="${e(title)}">${parts.join(' ')}</td>`;
    });
    return `<tr><th scope="row">${e(from)}</th>${tds.join('')}</tr>`;
  });
  return (
    '<table class="fit iso-matrix"><caption>Violations from the row zone to the column zone (number of findings; <em>n?</em> = could not be decided)</caption>' +
    `<thead><tr><th scope="col">from \\ to</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** What the section says instead of an all-clear sentence when the rule behind it did not decide. */
function notEvaluated(what: string, v: Verdict & { evaluated: false }): string {
  return `<p class="muted">${e(what)} not evaluated: ${e(v.reason)}.</p>`;
}

function violationList(zones: string[], cells: Map<string, Cell>, verdict: Verdict): string {
  const items: string[] = [];
  for (const from of zones)
    for (const to of zones) {
      const c = cells.get(`${from}\u0000${to}`);
      if (!c || (!c.fail.length && !c.unknown.length)) continue;
      const fs = [...c.fail, ...c.unknown].sort((a, b) => rank(a.severity) - rank(b.severity) || services(a).localeCompare(services(b)));
      const entries = fs.map((f) => `${link(f, e(services(f)))}${f.status === 'UNKNOWN' ? ' <span class="muted">(undecided)</span>' : ''} ${badge(f.severity)}`);
      items.push(`<li><strong>${e(from)} → ${e(to)}</strong>: ${entries.join(', ')}</li>`);
    }
  const list = items.length ? `<ul class="iso-list">${items.join('')}</ul>` : '';
  if (!verdict.evaluated) return notEvaluated('Zone isolation', verdict) + list;
  return list || '<p>No zone can reach another beyond what the policy allows.</p>';
}

function exposureTable(findings: readonly Finding[], verdict: Verdict): string {
  const fs = findings
    .filter((f) => f.ruleId === EXPOSURE_RULE && (f.status === 'FAIL' || f.status === 'UNKNOWN'))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || a.resourceId.localeCompare(b.resourceId) || services(a).localeCompare(services(b)));
  const caveat = verdict.evaluated ? '' : notEvaluated('Internet exposure', verdict);
  if (!fs.length) return caveat || '<p>No instance is reachable from the internet beyond what the policy allows.</p>';
  const row = (f: Finding) =>
    `<tr><td>${badge(f.severity)}</td><td>${link(f, e(f.resourceId))}${f.tags?.Name ? ` <span class="muted">${e(f.tags.Name)}</span>` : ''}</td>` +
    `<td>${e(str(f.evidence.zone))}</td><td>${e(f.accountId)} / ${e(f.region)}</td><td class="mono">${e(str(f.evidence.publicAddresses))}</td>` +
    `<td class="mono">${e(services(f))}${f.status === 'UNKNOWN' ? ' <span class="muted">(undecided)</span>' : ''}</td></tr>`;
  const head = '<thead><tr><th scope="col">Severity</th><th scope="col">Instance</th><th scope="col">Zone</th><th scope="col">Account / region</th><th scope="col">Public address</th><th scope="col">Open to the internet</th></tr></thead>';
  const instances = new Set(fs.map((f) => `${f.accountId}\u0000${f.region}\u0000${f.resourceId}`)).size;
  const intro = `${caveat}<p>${instances} instance${instances === 1 ? '' : 's'} reachable from the internet on ${fs.length} port range${fs.length === 1 ? '' : 's'} (public address, internet-gateway route, security group and NACL all open).</p>`;
  const first = `<table class="iso-exposure">${head}<tbody>${fs.slice(0, LIST_INLINE).map(row).join('')}</tbody></table>`;
  if (fs.length <= LIST_INLINE) return intro + first;
  return intro + first + `<details><summary>all ${fs.length} exposed port ranges</summary><table class="iso-exposure">${head}<tbody>${fs.slice(LIST_INLINE).map(row).join('')}</tbody></table></details>`;
}

function flowList(findings: readonly Finding[], verdict: Verdict, flowsDeclared: boolean): string {
  const fs = findings.filter((f) => f.ruleId === FLOW_RULE);
  if (!fs.length && !flowsDeclared) return '<p class="muted">The policy declares no flow intents.</p>';
  if (!verdict.evaluated && !fs.some((f) => f.status === 'FAIL')) return notEvaluated('Flow intents', verdict);
  const bad = fs.filter((f) => f.status === 'FAIL' || f.status === 'UNKNOWN');
  const ok = new Set(fs.filter((f) => f.status === 'PASS').map((f) => f.resourceId)).size;
  const items = bad.map((f) => `<li>${badge(f.severity)} ${link(f, e(f.resourceId))}${f.status === 'UNKNOWN' ? ' <span class="muted">(undecided)</span>' : ''}: ${e(f.message)}</li>`);
  const holds = verdict.evaluated ? 'Every declared flow holds' : `Flow intents not fully evaluated (${verdict.reason})`;
  return `<p>${bad.length ? `${bad.length} flow finding${bad.length === 1 ? '' : 's'} to act on` : e(holds)}${ok ? `; ${ok} flow${ok === 1 ? '' : 's'} hold${ok === 1 ? 's' : ''} where checked` : ''}.</p>${items.length ? `<ul class="iso-list">${items.join('')}</ul>` : ''}`;
}

const CSS = `
.iso-matrix th,.iso-matrix td{border:1px solid var(--line);padding:4px 10px;text-align:center}
.iso-matrix td.iso-self{color:var(--muted);background:var(--soft)}
.iso-matrix td.iso-ok{color:var(--muted)}
.iso-matrix td.iso-unknown{background:#fff8e5}
.iso-matrix td.iso-bad{background:#fff0f0}
.iso-matrix td.iso-critical,.iso-matrix td.iso-high{background:#ffe1e1}
.iso-matrix caption{caption-side:bottom;text-align:left;color:var(--muted);font-size:12px;padding-top:4px}
.iso-list li{margin:2px 0}
`;

/**
 * The isolation section. `zones` is the policy's declared zone list (in its order); zones found only
 * in findings (undeclared tag values, "(unzoned)") are appended, so nothing reported is hidden.
 */
export interface IsolationSectionOptions {
  /** Whether each rule ran and decided everywhere (verdictsOf the run's document); by default from the findings alone. */
  verdict?: (ruleId: string) => Verdict;
  /** The policy declares flow intents (their rule must then have run for "every declared flow holds"). */
  flowsDeclared?: boolean;
}

export function renderIsolationSection(findings: readonly Finding[], zones: readonly string[], options: IsolationSectionOptions = {}): ReportSection {
  const verdict = options.verdict ?? verdictsOf({ run: { rulesRun: undefined } as never, findings: [...findings] });
  const cells = byCell(findings);
  const seen = new Set<string>();
  for (const k of cells.keys()) for (const z of k.split('\u0000')) seen.add(z);
  const extra = [...seen].filter((z) => !zones.includes(z)).sort((a, b) => (a === UNZONED ? 1 : b === UNZONED ? -1 : a.localeCompare(b)));
  const all = [...zones, ...extra];
  const zoneFindings = findings.filter((f) => f.ruleId === ZONE_RULE);
  const na = zoneFindings.length > 0 && zoneFindings.every((f) => f.status === 'NOT_APPLICABLE');
  let html = '<h3>Zone to zone</h3>';
  if (na || !all.length) html += '<p class="muted">No isolation zones are declared (policy section <code>isolation</code>), so zone isolation was not checked.</p>';
  else {
    const v = verdict(ZONE_RULE);
    // An all-zero matrix says "isolated": only shown when the rule ran and decided everywhere.
    html += (v.evaluated ? matrix(all, cells) : '') + violationList(all, cells, v);
  }
  const absent = zoneFindings.filter((f) => f.detailKey === 'absent' && f.status === 'FAIL').map((f) => f.resourceId);
  if (absent.length) html += `<p class="muted">Declared zones with no instance: ${absent.map(e).join(', ')}.</p>`;
  const unzoned = zoneFindings.filter((f) => f.detailKey === 'unzoned' && (f.status === 'FAIL' || f.status === 'SUPPRESSED'));
  if (unzoned.length) {
    const n = unzoned.reduce((s, f) => s + (typeof f.evidence.instances === 'number' ? f.evidence.instances : 0), 0);
    html += `<p>${n} instance${n === 1 ? '' : 's'} carry no zone tag and appear as <em>${e(UNZONED)}</em>: ${unzoned.map((f) => link(f, `${e(f.accountId)} / ${e(f.region)}`)).join(', ')}.</p>`;
  }
  html += '<h3>Internet exposure</h3>' + exposureTable(findings, verdict(EXPOSURE_RULE));
  html += '<h3>Flow intents</h3>' + flowList(findings, verdict(FLOW_RULE), options.flowsDeclared ?? false);
  return { id: 'isolation', title: 'Isolation', html, css: CSS };
}
