/**
 * state.json: what the next run needs to tell NEW from OPEN from RESOLVED. One per run, written into
 * the run folder (and covered by its manifest). It tracks every finding that is failing, every failure
 * a run could not re-check (a coverage gap, an account or region left out) and recently resolved ones,
 * so a failure that flaps (fail, pass, fail) is recognised as reopened and one hidden by a transient
 * AccessDenied is not announced as new when it shows up again.
 *
 * Parsing is defensive: a missing, corrupt or foreign state never blocks a run, it becomes a
 * `BaselineProblem` the run reports (and every failure is treated as NEW once).
 *
 * Event findings are occurrences, not standing conditions (`occurrence: true`): once their event is
 * outside the window they are `past`, neither open nor resolved, and remembered so that the same event
 * read again (a window overlap, a `--since` re-read, a lost cursor) is recognised and never NEW twice.
 */
import { joinChunks } from '../util/chunks';
import * as z from 'zod';
import { SEVERITIES } from '../model/severity';
import type { Finding, Tracking } from '../findings/finding';
import { readFindingsDocument } from '../findings/read-document';
import { normaliseControlIds } from '../frameworks/index';

export const STATE_KIND = 'vmaudit-state';
export const STATE_SCHEMA_VERSION = 1;

/** A finding's identity and labels, as findings.json has them, and its failure history (Tracking's fields). */
export interface TrackedFinding
  extends Pick<Finding, 'id' | 'ruleId' | 'severity' | 'accountId' | 'region' | 'resourceType' | 'resourceId' | 'resourceArn' | 'title' | 'frameworks'>,
    Pick<Tracking, 'firstSeen' | 'openedAt' | 'resolvedAt' | 'reopened'> {
  /** `past`: an occurrence whose event is no longer in the window (it happened; nothing is left to fix). */
  state: 'open' | 'resolved' | 'past';
  /** A finding about one event or one burst of events (lib/events), not a standing condition. */
  occurrence?: true;
  /** The last run time at which it was seen failing. */
  lastSeen: string;
}

export interface LifecycleState {
  kind: typeof STATE_KIND;
  schemaVersion: number;
  runId: string;
  /** The run's finish time (never the wall clock: the same run always writes the same bytes). */
  updatedAt: string;
  accounts: string[];
  regions: string[];
  /** What this run compared with: the previous run's id, or why there was no usable previous state. */
  comparedWith?: { runId: string } | { problem: BaselineProblem };
  /** Sorted by id. */
  findings: TrackedFinding[];
}

export type BaselineProblemKind = 'missing' | 'corrupt' | 'foreign';

/** Why a run had no usable previous state. */
export interface BaselineProblem {
  kind: BaselineProblemKind;
  /** Where the state was looked for (store key or file). */
  source: string;
  message: string;
}

/** What the lifecycle step compares with: a usable state, or the reason there is none. */
export type Baseline = { state: LifecycleState; source: string } | { problem: BaselineProblem };

/** Control ids per framework; a state written before a framework existed reads as [] for it. */
const frameworks = z.record(z.string(), z.array(z.string())).transform((raw) => normaliseControlIds(raw));

const TrackedSchema = z.object({
  id: z.string().min(1),
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  accountId: z.string(),
  region: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  resourceArn: z.string(),
  title: z.string(),
  frameworks,
  state: z.enum(['open', 'resolved', 'past']),
  occurrence: z.literal(true).optional(),
  firstSeen: z.string(),
  openedAt: z.string(),
  lastSeen: z.string(),
  resolvedAt: z.string().optional(),
  reopened: z.number().int().nonnegative(),
});

const StateSchema = z.object({
  kind: z.literal(STATE_KIND),
  schemaVersion: z.number(),
  runId: z.string(),
  updatedAt: z.string(),
  accounts: z.array(z.string()),
  regions: z.array(z.string()),
  comparedWith: z
    .union([z.object({ runId: z.string() }), z.object({ problem: z.object({ kind: z.enum(['missing', 'corrupt', 'foreign']), source: z.string(), message: z.string() }) })])
    .optional(),
  findings: z.array(TrackedSchema),
});

/**
 * state.json bytes: keys in a fixed order, entries sorted by id, one entry a line (a 100,000-finding
 * state stays a few tens of MB and diffs line by line), so a retried run writes identical bytes.
 */
export function* stateChunks(state: LifecycleState): Generator<string> {
  const findings = [...state.findings].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const head = JSON.stringify({
    kind: state.kind,
    schemaVersion: state.schemaVersion,
    runId: state.runId,
    updatedAt: state.updatedAt,
    accounts: state.accounts,
    regions: state.regions,
    ...(state.comparedWith ? { comparedWith: state.comparedWith } : {}),
  });
  yield `${head.slice(0, -1)},"findings":[`;
  for (let i = 0; i < findings.length; i++) {
    const t = findings[i];
    yield (i ? ',\n' : '\n') + JSON.stringify({
      id: t.id,
      ruleId: t.ruleId,
      severity: t.severity,
      accountId: t.accountId,
      region: t.region,
      resourceType: t.resourceType,
      resourceId: t.resourceId,
      resourceArn: t.resourceArn,
      title: t.title,
      frameworks: t.frameworks,
      state: t.state,
      ...(t.occurrence ? { occurrence: true } : {}),
      firstSeen: t.firstSeen,
      openedAt: t.openedAt,
      lastSeen: t.lastSeen,
      ...(t.resolvedAt !== undefined ? { resolvedAt: t.resolvedAt } : {}),
      reopened: t.reopened,
    });
  }
  yield findings.length ? '\n]}\n' : ']}\n';
}

/** state.json as one string, for small states and tests; the run's file is written from `stateChunks`. */
export function renderState(state: LifecycleState): string {
  return joinChunks(stateChunks(state));
}

/**
 * Reads a previous state. `accounts` are the current run's accounts: a state that shares none of them
 * belongs to another estate (an output folder reused for another account) and is foreign.
 */
export function parseState(text: string | undefined, source: string, accounts: readonly string[]): Baseline {
  if (text === undefined) return { problem: { kind: 'missing', source, message: `no previous state at ${source} (first run, or the state was removed)` } };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problem: { kind: 'corrupt', source, message: `${source} is not valid JSON (${(err as Error).message})` } };
  }
  const kind = (raw as { kind?: unknown } | null)?.kind;
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (kind === STATE_KIND && version !== STATE_SCHEMA_VERSION) {
    return { problem: { kind: 'foreign', source, message: `${source} has state schemaVersion ${JSON.stringify(version)}; this vmaudit reads ${STATE_SCHEMA_VERSION}` } };
  }
  const parsed = StateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: { kind: 'corrupt', source, message: `${source} is not a vmaudit state file (${issue.path.join('.') || '(top level)'}: ${issue.message})` } };
  }
  const foreign = foreignAccounts(parsed.data.accounts, accounts, source);
  if (foreign) return { problem: foreign };
  return { state: parsed.data as LifecycleState, source };
}

function foreignAccounts(previous: readonly string[], current: readonly string[], source: string): BaselineProblem | undefined {
  if (previous.length === 0 || current.length === 0) return undefined;
  const cur = new Set(current);
  if (previous.some((a) => cur.has(a))) return undefined;
  return {
    kind: 'foreign',
    source,
    message: `${source} is for account${previous.length === 1 ? '' : 's'} ${listShort(previous)}, not ${listShort(current)}`,
  };
}

function listShort(xs: readonly string[]): string {
  return xs.length <= 3 ? xs.join(', ') : `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more`;
}

/**
 * A baseline from a previous findings.json, for stores written before state.json existed or whose
 * state file was lost: its FAIL findings are the open set (first seen = that run's start).
 */
export function baselineFromFindings(text: string | Uint8Array | undefined, source: string, accounts: readonly string[], occurrenceRules?: ReadonlySet<string>): Baseline {
  if (text === undefined) return { problem: { kind: 'missing', source, message: `no previous findings at ${source}` } };
  // Any findings.json version this build reads (lib/findings/read-document.ts).
  const read = readFindingsDocument(text, source);
  if ('problem' in read) return { problem: { kind: read.kind, source, message: read.problem } };
  const doc = read.document;
  const foreign = foreignAccounts(Array.isArray(doc.run.accounts) ? doc.run.accounts : [], accounts, source);
  if (foreign) return { problem: foreign };
  const at = String(doc.run.startedAt ?? '');
  const findings: TrackedFinding[] = [];
  for (const f of doc.findings) {
    if (!f || f.status !== 'FAIL' || typeof f.id !== 'string') continue;
    const occurrence = isOccurrence(f, occurrenceRules);
    findings.push(trackedFrom(f, { state: 'open', firstSeen: f.tracking?.firstSeen ?? at, openedAt: f.tracking?.openedAt ?? at, lastSeen: at, reopened: f.tracking?.reopened ?? 0, occurrence }));
  }
  const state: LifecycleState = {
    kind: STATE_KIND,
    schemaVersion: STATE_SCHEMA_VERSION,
    runId: String(doc.run.id ?? ''),
    updatedAt: String(doc.run.finishedAt ?? at),
    accounts: doc.run.accounts ?? [],
    regions: doc.run.regions ?? [],
    findings,
  };
  return { state, source };
}

/** Event rules are `evt-*` (lib/events/rules); a catalogue can name its own with `occurrenceRules`. */
export const OCCURRENCE_RULE_PREFIX = 'evt-';

/**
 * Whether a finding is an occurrence: a finding of an event rule about particular events (its evidence
 * names them: `eventId` / `eventIds`). The per-account/region verdicts of the same rules (PASS, UNKNOWN,
 * evt-event-coverage) name no event and keep the normal semantics.
 */
export function isOccurrence(f: Pick<Finding, 'ruleId' | 'evidence'>, occurrenceRules?: ReadonlySet<string>): boolean {
  if (occurrenceRules ? !occurrenceRules.has(f.ruleId) : !f.ruleId.startsWith(OCCURRENCE_RULE_PREFIX)) return false;
  const ev = f.evidence as { eventId?: unknown; eventIds?: unknown } | undefined;
  return typeof ev?.eventId === 'string' || (Array.isArray(ev?.eventIds) && ev.eventIds.length > 0);
}

export function trackedFrom(
  f: Finding,
  t: Pick<TrackedFinding, 'state' | 'firstSeen' | 'openedAt' | 'lastSeen' | 'reopened'> & { resolvedAt?: string; occurrence?: boolean },
): TrackedFinding {
  const out: TrackedFinding = {
    id: f.id,
    ruleId: f.ruleId,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    resourceArn: f.resourceArn,
    title: f.title,
    frameworks: normaliseControlIds(f.frameworks),
    state: t.state,
    firstSeen: t.firstSeen,
    openedAt: t.openedAt,
    lastSeen: t.lastSeen,
    reopened: t.reopened,
  };
  if (t.resolvedAt !== undefined) out.resolvedAt = t.resolvedAt;
  if (t.occurrence) out.occurrence = true;
  return out;
}
