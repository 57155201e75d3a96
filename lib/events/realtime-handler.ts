/**
 * The real-time event Lambda, as wiring (STYLE §6): `makeEventHandler(deps)` reads the event's
 * account/region state, evaluates (lib/events/realtime.ts), publishes the alert within the
 * invocation, and stores the new state. Tests call it with fakes; lambdas/event-handler.ts with
 * `defaultEventDeps()` (lib/pipeline/deps/event.ts), built from the pipeline's own parts.
 *
 * Ordering: publish, then save. If the save fails after a publish, the invocation throws, EventBridge
 * retries, and the alert may go out twice: at-least-once, never lost. Concurrent invocations for one
 * account/region write the state with a conditional put; a conflict is resolved by merging (ids
 * alerted and context events are both unions), so no alerted id is lost. They can still each miss
 * the other's event as burst context; the scheduled run sees both.
 */
import type { AuditEvent } from '../model/types';
import type { PolicyDocument } from '../policy/schema';
import type { Severity } from '../model/severity';
import { normaliseEventBridgeEvent } from './normalise';
import { evaluateRealtimeEvent, type RealtimeOptions, type RealtimeState } from './realtime';
import type { AlertMessage } from '../reports/alert-message';

/** The stored state changed since it was read (another invocation saved first); thrown by the store. */
export class ConcurrentUpdateError extends Error {
  constructor(readonly key: string) {
    super(`state ${key} was changed by another invocation`);
    this.name = 'ConcurrentUpdateError';
  }
}

export interface EventHandlerResult {
  status: 'unparsed' | 'evaluated';
  eventId?: string;
  error?: string;
  findings: number;
  alerted: number;
  published: boolean;
}

export interface RealtimeConfig {
  policy: PolicyDocument;
  minSeverity?: Severity;
  rules?: string[];
  reportUrl?: string;
}

export interface AlertPublisher {
  publish(alert: AlertMessage): Promise<void>;
}

export interface RealtimeStateStore {
  /** The stored state and its version (ETag); an empty state without version when there is none. */
  load(accountId: string, region: string): Promise<{ state: RealtimeState; version?: string }>;
  /** Writes only if the stored version is still `version` (or, without one, if nothing is stored); else ConcurrentUpdateError. */
  save(accountId: string, region: string, state: RealtimeState, version?: string): Promise<void>;
}

export interface InventorySource {
  load(accountId: string, region: string): Promise<RealtimeOptions['inventory'] | undefined>;
}

export interface HandlerLog {
  info(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface EventHandlerDeps {
  config(): Promise<RealtimeConfig>;
  publisher: AlertPublisher;
  store: RealtimeStateStore;
  inventory?: InventorySource;
  clock(): Date;
  log: HandlerLog;
}

const MAX_SAVE_ATTEMPTS = 5;

/** Two states written concurrently, merged: nothing alerted or seen by either is lost. */
export function mergeStates(a: RealtimeState, b: RealtimeState): RealtimeState {
  const alerted: Record<string, string> = { ...a.alerted };
  for (const [id, at] of Object.entries(b.alerted)) if (!alerted[id] || alerted[id] < at) alerted[id] = at;
  const byId = new Map<string, AuditEvent>();
  for (const e of [...a.recent, ...b.recent]) byId.set(e.eventId, e);
  const recent = [...byId.values()].sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
  return { kind: 'vmaudit-realtime-state', version: 1, alerted, recent };
}

export function makeEventHandler(deps: EventHandlerDeps): (event: unknown) => Promise<EventHandlerResult> {
  return async (event) => {
    const config = await deps.config();
    const read = normaliseEventBridgeEvent(event);
    if (!('ok' in read)) {
      // Retrying cannot make it readable: log it where the alarm on error logs sees it, and return.
      deps.log.error('event could not be read', { error: read.error });
      return { status: 'unparsed', error: read.error, findings: 0, alerted: 0, published: false };
    }
    const { accountId, region, eventId } = read.ok;
    const loaded = await deps.store.load(accountId, region);
    const inventory = deps.inventory ? await deps.inventory.load(accountId, region) : undefined;
    const result = evaluateRealtimeEvent(event, {
      policy: config.policy,
      now: deps.clock(),
      state: loaded.state,
      inventory,
      minSeverity: config.minSeverity,
      rules: config.rules,
      reportUrl: config.reportUrl,
    });
    if (result.alert) await deps.publisher.publish(result.alert);

    let state = result.state;
    let version = loaded.version;
    for (let attempt = 1; ; attempt++) {
      try {
        await deps.store.save(accountId, region, state, version);
        break;
      } catch (err) {
        if (!(err instanceof ConcurrentUpdateError) || attempt >= MAX_SAVE_ATTEMPTS) throw err;
        const again = await deps.store.load(accountId, region);
        state = mergeStates(again.state, result.state);
        version = again.version;
      }
    }
    deps.log.info('event evaluated', { eventId, accountId, region, findings: result.findings.length, alerted: result.alerting.map((f) => f.ruleId) });
    return { status: 'evaluated', eventId, findings: result.findings.length, alerted: result.alerting.length, published: result.alert !== undefined };
  };
}
