/**
 * Production wiring of the real-time event Lambda, from the pipeline's own parts: the variables of
 * ENV, the report bucket as a RunStore (conditional writes for the state), the SNS sender, the policy
 * shipped in the bundle as policy.json, and the same keys the scheduled run reads
 * (`realtimeStateKey`, `realtimeInventoryKey`). Read once at cold start: a missing or malformed
 * variable fails the init with a ConfigError naming it, not the first alert.
 */
import { gunzipSync } from 'node:zlib';
import { makeS3Client, makeSnsClient } from '../../aws/clients';
import { emptyRealtimeState, type RealtimeState } from '../../events/realtime';
import { ConcurrentUpdateError, type EventHandlerDeps, type HandlerLog, type InventorySource, type RealtimeStateStore } from '../../events/realtime-handler';
import { isSeverity, type Severity } from '../../model/severity';
import { parseSnapshot } from '../../model/snapshot-file';
import { S3RunStore } from '../../storage/s3-store';
import { ConcurrentWriteError, type RunStore } from '../../storage/store';
import type { Env } from '../env';
import { ENV } from '../env-names';
import { realtimeInventoryKey, realtimeStateKey } from '../../layout';
import { commonEnv, stepLog } from './common';
import { lambdaPolicy } from './policy';
import { snsDeliver } from './sns';

function isRealtimeState(v: unknown): v is RealtimeState {
  const s = v as Partial<RealtimeState> | null;
  return s?.kind === 'vmaudit-realtime-state' && s.version === 1 && typeof s.alerted === 'object' && s.alerted !== null && Array.isArray(s.recent);
}

/** Per account/region state at `state/realtime/<account>/<region>.json`, written only over the version read. */
export function realtimeStateStore(store: RunStore, log?: HandlerLog): RealtimeStateStore {
  return {
    async load(accountId, region) {
      const key = realtimeStateKey({ accountId, region });
      const got = await store.get(key);
      if (!got) return { state: emptyRealtimeState() };
      try {
        const state: unknown = JSON.parse(got.body.toString('utf8'));
        if (isRealtimeState(state)) return { state, version: got.etag };
      } catch {
        // fall through: an unreadable state is replaced, and said so
      }
      log?.error('real-time state unreadable; starting afresh', { key });
      return { state: emptyRealtimeState(), version: got.etag };
    },
    async save(accountId, region, state, version) {
      const key = realtimeStateKey({ accountId, region });
      try {
        await store.put(key, JSON.stringify(state), { contentType: 'application/json', ...(version ? { ifMatch: version } : { ifNoneMatch: true }) });
      } catch (err) {
        if (err instanceof ConcurrentWriteError) throw new ConcurrentUpdateError(key);
        throw err;
      }
    },
  };
}

/** The newest inventory slice the collect step left for this account/region, if any. */
export function realtimeInventory(store: RunStore): InventorySource {
  return {
    async load(accountId, region) {
      const key = realtimeInventoryKey(accountId, region);
      const bytes = await store.read(key);
      return bytes ? parseSnapshot(gunzipSync(bytes), key) : undefined;
    },
  };
}

export function defaultEventDeps(env: Env = process.env): EventHandlerDeps {
  const { r, region, bucket } = commonEnv(env);
  const topicArn = r.require(ENV.topicArn, 'the ARN of the alert topic');
  const minSeverity = r.optional(ENV.minSeverity);
  r.check(minSeverity === undefined || isSeverity(minSeverity), ENV.minSeverity, `expected critical, high, medium, low or info, got ${JSON.stringify(minSeverity)}`);
  const rules = r.list(ENV.realtimeRules);
  const reportUrl = r.optional(ENV.reportUrl);
  r.done();
  const policy = lambdaPolicy(env).policy;
  const config = { policy, ...(minSeverity ? { minSeverity: minSeverity as Severity } : {}), ...(rules.length ? { rules } : {}), ...(reportUrl ? { reportUrl } : {}) };
  const log = stepLog({ ...env, POWERTOOLS_SERVICE_NAME: env.POWERTOOLS_SERVICE_NAME || 'vmaudit-events' });
  const store = new S3RunStore(makeS3Client({ region, env }), { bucket, prefix: '' });
  const deliver = snsDeliver(makeSnsClient({ region, env }), topicArn);
  return {
    config: async () => config,
    publisher: { publish: deliver },
    store: realtimeStateStore(store, log),
    inventory: realtimeInventory(store),
    clock: () => new Date(),
    log,
  };
}
