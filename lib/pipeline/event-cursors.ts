/**
 * The event cursors of the scheduled path (lib/events/cursor.ts) in a RunStore, one small JSON
 * document per account/region at `state/events/<account>/<region>.json`.
 *
 * A cursor is loaded before its target is collected and saved only once the run is published: a run
 * that collects but never publishes is read again by the next one (the lifecycle recognises the events
 * it re-reads), instead of its events being skipped. A missing, corrupt or foreign cursor never blocks
 * a run: the target falls back to the default window and the problem is returned for the caller to say.
 *
 * A cursor never goes backwards: a save finds the stored one first and keeps it when it ends later
 * (two runs finishing out of order), with a compare-and-swap against a concurrent writer.
 *
 * The scheduled pipeline collects and publishes in different Lambdas: the collect step stages the next
 * cursor beside the run's slice (`stageEventCursor`), the publish step commits the staged cursors once
 * the run is published (`commitEventCursors`).
 */
import * as z from 'zod';
import { AuditEventSchema } from '../model/schema';
import type { Target } from '../model/types';
import type { EventCursor } from '../events/cursor';
import { burstContextOf } from '../events/cursor';
import type { EventOptions } from '../collect/types';
import { mapLimit } from '../collect/concurrency';
import type { PolicyDocument } from '../policy/schema';
import { ConcurrentWriteError, type RunStore } from '../storage/store';
import { eventCursorKey, stagedEventCursorKey } from '../layout';

export const EVENT_CURSOR_KIND = 'vmaudit-event-cursor';
export const EVENT_CURSOR_SCHEMA_VERSION = 1;

export interface EventCursorDocument {
  kind: typeof EVENT_CURSOR_KIND;
  schemaVersion: number;
  /** The run that read the window (for whoever looks at the file). */
  runId: string;
  cursor: EventCursor;
}

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date-time');
const range = z.object({ from: isoTime, to: isoTime });
const CursorSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  windowEnd: isoTime.optional(),
  lastEventTime: isoTime.optional(),
  recentIds: z.array(z.object({ id: z.string(), time: isoTime })),
  tail: z.array(AuditEventSchema),
  missed: z.array(range),
});
const DocumentSchema = z.object({ kind: z.literal(EVENT_CURSOR_KIND), schemaVersion: z.number(), runId: z.string(), cursor: CursorSchema });

export type CursorProblemKind = 'missing' | 'corrupt' | 'foreign' | 'unreadable';

/** Why a target reads the default window instead of continuing from its cursor. */
export interface CursorProblem {
  kind: CursorProblemKind;
  key: string;
  message: string;
}

export type LoadedCursor = { cursor: EventCursor; runId: string } | { problem: CursorProblem };

/** Reads a stored cursor document; `target` is the account/region it must belong to. */
export function parseEventCursor(text: string | undefined, key: string, target: Target): LoadedCursor {
  const fallback = 'this run reads the default window';
  if (text === undefined) return { problem: { kind: 'missing', key, message: `no event cursor at ${key} (first run for ${target.accountId}/${target.region}); ${fallback}` } };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problem: { kind: 'corrupt', key, message: `${key} is not valid JSON (${(err as Error).message}); ${fallback}` } };
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if ((raw as { kind?: unknown } | null)?.kind === EVENT_CURSOR_KIND && version !== EVENT_CURSOR_SCHEMA_VERSION) {
    return { problem: { kind: 'foreign', key, message: `${key} has cursor schemaVersion ${JSON.stringify(version)}; this vmaudit reads ${EVENT_CURSOR_SCHEMA_VERSION}; ${fallback}` } };
  }
  const parsed = DocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: { kind: 'corrupt', key, message: `${key} is not a vmaudit event cursor (${issue.path.join('.') || '(top level)'}: ${issue.message}); ${fallback}` } };
  }
  const { cursor, runId } = parsed.data;
  if (cursor.accountId !== target.accountId || cursor.region !== target.region) {
    return { problem: { kind: 'foreign', key, message: `${key} holds the cursor of ${cursor.accountId}/${cursor.region}, not ${target.accountId}/${target.region}; ${fallback}` } };
  }
  return { cursor: cursor as EventCursor, runId };
}

export function renderEventCursor(runId: string, cursor: EventCursor): string {
  const doc: EventCursorDocument = { kind: EVENT_CURSOR_KIND, schemaVersion: EVENT_CURSOR_SCHEMA_VERSION, runId, cursor };
  return JSON.stringify(doc) + '\n';
}

async function readText(store: RunStore, key: string): Promise<{ text: string; etag: string } | undefined> {
  const got = await store.get(key);
  return got ? { text: got.body.toString('utf8'), etag: got.etag } : undefined;
}

/** A target's stored cursor, or why there is none usable (never throws for bad content). */
export async function loadEventCursor(store: RunStore, target: Target): Promise<LoadedCursor> {
  const key = eventCursorKey(target);
  let text: string | undefined;
  try {
    text = (await readText(store, key))?.text;
  } catch (err) {
    return { problem: { kind: 'unreadable', key, message: `${key} could not be read (${(err as Error).name}: ${(err as Error).message}); this run reads the default window` } };
  }
  return parseEventCursor(text, key, target);
}

export type SaveOutcome = 'saved' | 'kept-newer';

/**
 * Stores a target's next cursor, unless the stored one ends later (a newer run finished first). A
 * concurrent writer between the read and the write is retried against what it wrote.
 */
export async function saveEventCursor(store: RunStore, runId: string, cursor: EventCursor): Promise<SaveOutcome> {
  const target = { accountId: cursor.accountId, region: cursor.region };
  const key = eventCursorKey(target);
  const body = renderEventCursor(runId, cursor);
  for (let attempt = 0; ; attempt++) {
    const stored = await readText(store, key);
    if (stored) {
      const loaded = parseEventCursor(stored.text, key, target);
      const end = 'cursor' in loaded ? loaded.cursor.windowEnd : undefined;
      if (end && cursor.windowEnd && Date.parse(end) > Date.parse(cursor.windowEnd)) return 'kept-newer';
    }
    try {
      await store.put(key, body, stored ? { ifMatch: stored.etag, contentType: 'application/json' } : { ifNoneMatch: true, contentType: 'application/json' });
      return 'saved';
    } catch (err) {
      if (!(err instanceof ConcurrentWriteError) || attempt >= 2) throw err;
    }
  }
}

export interface SaveSummary {
  saved: number;
  keptNewer: number;
  /** Targets whose save failed (the next run reads their previous window again), with why. */
  failed: { target: Target; message: string }[];
}

/** Saves many cursors, a few at a time; one failing save does not stop the others. */
export async function saveEventCursors(store: RunStore, runId: string, cursors: readonly EventCursor[], concurrency = 8): Promise<SaveSummary> {
  const summary: SaveSummary = { saved: 0, keptNewer: 0, failed: [] };
  await mapLimit(cursors, concurrency, async (c) => {
    try {
      const outcome = await saveEventCursor(store, runId, c);
      if (outcome === 'saved') summary.saved++;
      else summary.keptNewer++;
    } catch (err) {
      summary.failed.push({ target: { accountId: c.accountId, region: c.region }, message: (err as Error).message });
    }
  });
  summary.failed.sort((a, b) => (a.target.accountId + a.target.region < b.target.accountId + b.target.region ? -1 : 1));
  return summary;
}

/** Collect step: leaves the target's next cursor beside the run's slice, for `commitEventCursors`. */
export async function stageEventCursor(store: RunStore, runId: string, cursor: EventCursor): Promise<string> {
  const key = stagedEventCursorKey(runId, { accountId: cursor.accountId, region: cursor.region });
  await store.put(key, renderEventCursor(runId, cursor), { contentType: 'application/json' });
  return key;
}

export interface CommitSummary extends SaveSummary {
  /** Targets that staged no cursor (events off, read failed on a first run, collection failed). */
  notStaged: number;
  /** Staged cursors that could not be read (the next run reads the previous window again). */
  unreadable: CursorProblem[];
}

/** Publish step, after `publishRun`: stores the cursors the run's targets staged. */
export async function commitEventCursors(store: RunStore, runId: string, targets: readonly Target[], concurrency = 8): Promise<CommitSummary> {
  const cursors: EventCursor[] = [];
  const unreadable: CursorProblem[] = [];
  let notStaged = 0;
  await mapLimit(targets, concurrency, async (t) => {
    const key = stagedEventCursorKey(runId, t);
    let loaded: LoadedCursor;
    try {
      loaded = parseEventCursor((await readText(store, key))?.text, key, t);
    } catch (err) {
      loaded = { problem: { kind: 'unreadable', key, message: `${key} could not be read (${(err as Error).message})` } };
    }
    if ('cursor' in loaded) cursors.push(loaded.cursor);
    else if (loaded.problem.kind === 'missing') notStaged++;
    else unreadable.push(loaded.problem);
  });
  const saved = await saveEventCursors(store, runId, cursors, concurrency);
  return { ...saved, notStaged, unreadable };
}

export interface TargetEventOptions {
  /** Pass as `collectTarget(..., { events })`. */
  events: Partial<EventOptions>;
  /** Set when the target reads the default window (or `since`) instead of continuing its cursor. */
  problem?: CursorProblem;
}

/**
 * The event options of one target for the scheduled path: continue the stored cursor; without a usable
 * one, read from `since` (the previous run's start, when known) or the default window. The policy's
 * burst context (response-policy windows) decides what rides along in the cursor.
 */
export async function targetEventOptions(store: RunStore, target: Target, o: { policy: Pick<PolicyDocument, 'response' | 'rules'>; since?: Date }): Promise<TargetEventOptions> {
  const burstContext = burstContextOf(o.policy);
  const loaded = await loadEventCursor(store, target);
  if ('cursor' in loaded) return { events: { cursor: loaded.cursor, burstContext } };
  return { events: { burstContext, ...(o.since ? { since: o.since } : {}) }, problem: loaded.problem };
}
