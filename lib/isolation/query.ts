/**
 * One reachability question, answered with the path that lets the traffic through or the hop that
 * stops it: what `vmaudit reach` prints. Pure: takes the analysis, returns data and text.
 */
import type { Isolation } from '../policy/schema';
import { escapeControls } from '../reports/text';
import type { IsolationAnalysis } from './analysis';
import type { Explanation, Hop } from './explain';
import { examplePort } from './explain';
import { zoneLabel } from './model';
import { NO_REACH, type Protocol, type Reach, ServiceSet, unionReach } from './services';
import { blockingExplanation, clientText, describeSpec, externalAtoms, onPremisesSource, parseSetSpec, setReach, setWitness, specPoints, type OnPremisesSource, type SetSpec, type TargetReach } from './sets';
import { SENSITIVE_PORTS } from './severity';
import { allowedBetween } from './allowances';

export interface ReachQuery {
  from: string;
  to: string;
  port?: number;
  /** Default tcp. */
  protocol?: 'tcp' | 'udp' | 'icmp' | 'icmpv6';
}

export interface ReachAnswer {
  question: string;
  from: { spec: string; kind: SetSpec['kind']; instances: number; fromInternet: boolean };
  to: { spec: string; kind: SetSpec['kind']; instances: number };
  /** yes: proven; unknown: possible through a part that could not be read; no: blocked. */
  reachable: 'yes' | 'no' | 'unknown';
  /** What gets through (without --port: everything; with it: that port or nothing). */
  services: { sure: string; possible: string };
  /** One explained path per reachable range (at most 20), or the one asked about. */
  paths: Explanation[];
  /** When nothing gets through: the furthest-reaching attempt, and the hop that stopped it. */
  blocking?: Explanation;
  notes: string[];
}

export type QueryResult = { ok: true; answer: ReachAnswer } | { ok: false; error: string };

const MAX_PATHS = 20;

function resolve(analysis: IsolationAnalysis, text: string, side: 'from' | 'to'): SetSpec | string {
  const spec = parseSetSpec(text, analysis, true);
  if (typeof spec === 'string') return `--${side}: ${spec}`;
  if (spec.kind === 'instance' && !analysis.model.instancesById(spec.instanceId).length) {
    return `--${side}: instance ${spec.instanceId} is not in the snapshot (or is terminated)`;
  }
  if (spec.kind === 'zone') {
    const counts = analysis.zoneCounts();
    if (!counts.has(spec.zone)) {
      const zones = [...counts.keys()].map(zoneLabel).sort();
      return `--${side}: no instance has ${analysis.model.zoneTag}=${spec.zone}; zones in the snapshot: ${zones.join(', ') || 'none'} (is --policy's zoneTag right?)`;
    }
  }
  return spec;
}

export function answerReach(analysis: IsolationAnalysis, q: ReachQuery, iso?: Isolation): QueryResult {
  const from = resolve(analysis, q.from, 'from');
  if (typeof from === 'string') return { ok: false, error: from };
  const to = resolve(analysis, q.to, 'to');
  if (typeof to === 'string') return { ok: false, error: to };
  const protocol: Protocol = q.protocol ?? 'tcp';
  if (q.port !== undefined && (protocol === 'tcp' || protocol === 'udp') && (q.port < 0 || q.port > 65535)) return { ok: false, error: `--port: expected 0-65535, got ${q.port}` };
  if (q.port !== undefined && (protocol === 'icmp' || protocol === 'icmpv6') && (q.port < 0 || q.port > 255)) return { ok: false, error: `--port: for ${protocol} give the ICMP type 0-255, got ${q.port}` };

  const src = specPoints(analysis, from);
  const dst = specPoints(analysis, to);
  const ext = externalAtoms(analysis, from);
  const notes: string[] = [];
  const onPrem = onPremisesSource(from, src, ext);
  if (onPrem) notes.push(`On-premises addresses are those the destination's route table sends to a virtual private gateway, or to a transit gateway that carries them to a VPN or Direct Connect attachment${from.kind === 'cidr' ? ` (here: within ${from.cidr}, which holds no instance of the snapshot and no internet address)` : ''}. What the on-premises network itself sends or filters is not in AWS's inventory.`);
  if (!dst.length) return { ok: false, error: `--to: ${describeSpec(to)} holds no instance address of the snapshot` };
  if (ext && from.kind === 'cidr') notes.push(`${from.cidr} holds internet addresses as well as private ones: both are checked (internet clients come in through an internet gateway to public addresses). Use --from internet for internet clients only.`);
  if (from.kind === 'internet') notes.push('Any internet client counts: a security-group rule open to one public range (an office, a partner) lets that client in. The net-internet-exposure rule reports only what is open to the whole internet.');

  const targets = [...setReach(analysis, src, dst, ext, onPrem).values()];
  let reach: Reach = NO_REACH;
  for (const t of targets) reach = unionReach(reach, t.reach);
  const instances = (pts: typeof src) => new Set(pts.map((p) => p.ep.instance)).size;
  const asked = q.port === undefined ? undefined : ServiceSet.protocol(protocol, q.port, q.port);
  const what = q.port === undefined ? 'on any port' : `on ${protocol}/${q.port}`;
  const answer: ReachAnswer = {
    question: `Can ${describeSpec(from)} reach ${describeSpec(to)} ${what}?`,
    from: { spec: from.text, kind: from.kind, instances: instances(src), fromInternet: ext !== undefined },
    to: { spec: to.text, kind: to.kind, instances: instances(dst) },
    reachable: 'no',
    services: { sure: '', possible: '' },
    paths: [],
    notes,
  };
  const sure = asked ? reach.sure.intersect(asked) : reach.sure;
  const possible = (asked ? reach.possible.intersect(asked) : reach.possible).subtract(sure);
  answer.services = { sure: sure.describe(), possible: possible.describe() };
  answer.reachable = !sure.isEmpty ? 'yes' : !possible.isEmpty ? 'unknown' : 'no';

  const explain = (set: ServiceSet, mode: 'sure' | 'possible') => {
    for (const r of set.ranges()) {
      if (answer.paths.length >= MAX_PATHS) {
        notes.push(`Only the first ${MAX_PATHS} ranges are explained.`);
        return;
      }
      const ex = exampleOf(ServiceSet.protocol(r.protocol === 'all' ? 'tcp' : r.protocol, r.from, r.to), r.protocol === 'all');
      const w = witnessAcross(analysis, targets, ex.protocol, ex.port, mode, from, ext, onPrem);
      if (w) answer.paths.push(w);
    }
  };
  explain(sure, 'sure');
  explain(possible, 'possible');
  if (answer.reachable === 'no') {
    const probe = asked ? { protocol, port: q.port! } : { protocol: 'tcp' as const, port: 22 };
    answer.blocking = blockingExplanation(analysis, src, dst, probe.protocol, probe.port, ext ? { atoms: ext, cidr: clientText(from)! } : undefined, undefined, onPrem);
    if (!asked) notes.push('Nothing gets through on any port; the blocking hop is shown for tcp/22.');
  }
  if (iso && from.kind === 'zone' && to.kind === 'zone' && !sure.isEmpty) {
    const { services: allowed, reasons } = allowedBetween(iso, from.zone, to.zone);
    const violating = sure.subtract(allowed);
    notes.push(
      violating.isEmpty
        ? `The policy allows all of it (${reasons.join('; ')}).`
        : `Against the policy: ${violating.describe()} ${allowed.isEmpty ? 'is not allowed between these zones' : `is beyond what isolation.allow permits (${allowed.describe()})`}.`,
    );
  }
  return { ok: true, answer };
}

function exampleOf(s: ServiceSet, all: boolean): { protocol: Protocol; port: number } {
  if (all) return { protocol: 'tcp', port: 22 };
  for (const protocol of ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const) {
    const port = examplePort(s, protocol, SENSITIVE_PORTS);
    if (port !== undefined) return { protocol, port };
  }
  return { protocol: 'tcp', port: 0 };
}

function witnessAcross(analysis: IsolationAnalysis, targets: TargetReach[], protocol: Protocol, port: number, mode: 'sure' | 'possible', from: SetSpec, ext: ReturnType<typeof externalAtoms>, onPrem: OnPremisesSource | undefined): Explanation | undefined {
  for (const t of targets) {
    if (!t.reach[mode].has(protocol, port)) continue;
    const w = setWitness(analysis, t, protocol, port, mode, clientText(from), ext, onPrem);
    if (w) return w;
  }
  return undefined;
}

const MARK: Record<Hop['verdict'], string> = { pass: 'ok  ', block: 'BLOCK', unknown: '??  ', skip: '--  ' };

function who(x: Explanation['source'] | Explanation['destination']): string {
  if ('cidr' in x) return x.origin === 'on-premises' ? `on-premises client ${x.address} (from ${x.cidr})` : `internet client ${x.address} (from ${x.cidr})`;
  const name = x.name ? ` "${x.name}"` : '';
  return `${x.instanceId}${name} ${x.address} [zone ${x.zone}, ${x.subnetId}, ${x.accountId}/${x.region}]`;
}

function service(x: Explanation): string {
  if (x.protocol === 'icmp' || x.protocol === 'icmpv6') return `${x.protocol} type ${x.port}`;
  if (x.protocol === 'other') return `ip-protocol ${x.port}`;
  return `${x.protocol}/${x.port}`;
}

function pathLines(x: Explanation): string[] {
  const out = [`  ${who(x.source)}`, `    -> ${who(x.destination)}  (${service(x)})`];
  for (const h of x.hops) out.push(`    ${MARK[h.verdict]} ${h.step.padEnd(14)} ${h.detail}`);
  return out;
}

/** The answer as readable text; every estate string passes through control-character neutralisation. */
export function formatReachText(a: ReachAnswer): string {
  const lines: string[] = [a.question];
  const verdict = a.reachable === 'yes' ? 'YES' : a.reachable === 'unknown' ? 'UNKNOWN' : 'NO';
  if (a.reachable === 'no') {
    const d = a.blocking?.decisive;
    const all = a.blocking?.blockers ?? [];
    lines.push(`${verdict}${d ? ` — stopped at ${d.step}: ${d.detail}` : ''}`);
    if (all.length > 1) lines.push(`Blocked by ${all.length} settings (each would have to change):`, ...all.map((h, i) => `  ${i + 1}. ${h.step}: ${h.detail}`));
    if (a.blocking) lines.push('', 'Closest attempt:', ...pathLines(a.blocking));
  } else {
    lines.push(`${verdict} — ${a.reachable === 'yes' ? `reachable on ${a.services.sure}` : `possibly reachable on ${a.services.possible}`}${a.reachable === 'yes' && a.services.possible !== 'nothing' ? `; possibly also ${a.services.possible}` : ''}`);
    for (const p of a.paths) {
      lines.push('', `${p.verdict === 'open' ? 'Path' : 'Possible path'} for ${service(p)}:`, ...pathLines(p));
      if (p.verdict === 'unknown' && p.decisive) lines.push(`    unknown because: ${p.decisive.detail}`);
    }
  }
  if (a.notes.length) lines.push('', ...a.notes.map((n) => `Note: ${n}`));
  // Names and tags are the estate's: a CR or an escape sequence in one is shown, never acted on.
  return `${lines.map((l) => escapeControls(l)).join('\n')}\n`;
}

