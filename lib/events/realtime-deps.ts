/**
 * The edges of the real-time Lambda behind small interfaces: configuration from the environment,
 * alerts to SNS, state in S3 (conditional writes), the latest inventory from S3. The only file of
 * the real-time path that touches the SDK, the environment or the clock.
 *
 * Environment (set by the stack):
 *   VMAUDIT_TOPIC_ARN       SNS topic for alerts (required)
 *   VMAUDIT_STATE_BUCKET    bucket of the real-time state (required)
 *   VMAUDIT_STATE_PREFIX    key prefix of the state, default "state/"; objects are <prefix>realtime/<account>/<region>.json
 *   VMAUDIT_POLICY_JSON     the effective policy as JSON, or
 *   VMAUDIT_POLICY_KEY      the key of the effective policy JSON in the state bucket (for policies over the 4 KB env limit)
 *   VMAUDIT_MIN_SEVERITY    alert at or above (default: the policy's alerts.minSeverity)
 *   VMAUDIT_REALTIME_RULES  comma-separated rule ids that may alert in real time (default: all event rules)
 *   VMAUDIT_REPORT_URL      link put in alerts
 *   VMAUDIT_INVENTORY_KEY   key template of the latest inventory slice, with {account} and {region} (optional; .gz is gunzipped)
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { VmauditError } from '../errors';
import { isSeverity, type Severity } from '../engine/severity';
import { makeS3Client, makeSnsClient } from '../aws/clients';
import { PolicySchema, type PolicyDocument } from '../policy/schema';
import type { Snapshot } from '../model/types';
import { emptyRealtimeState, type RealtimeAlert, type RealtimeOptions, type RealtimeState } from './realtime';
import { ConcurrentUpdateError } from './realtime-handler';

export { ConcurrentUpdateError };

export class RealtimeConfigError extends VmauditError {}


export interface RealtimeConfig {
  policy: PolicyDocument;
  minSeverity?: Severity;
  rules?: string[];
  reportUrl?: string;
}

export interface AlertPublisher {
  publish(alert: RealtimeAlert): Promise<void>;
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

function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new RealtimeConfigError(`RealtimeConfigError: environment variable ${name} is not set. The vmaudit stack sets it on the event Lambda; set it when running the handler elsewhere.`);
  return v;
}

export function parsePolicyJson(text: string, where: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RealtimeConfigError(`RealtimeConfigError: ${where} is not valid JSON: ${(err as Error).message}. Write the effective policy with JSON.stringify (vmaudit policy show --json).`);
  }
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new RealtimeConfigError(`RealtimeConfigError: ${where} is not a valid vmaudit policy:\n  ${problems.join('\n  ')}\nCheck it with: vmaudit policy validate <file>`);
  }
  return parsed.data;
}

export function configFromEnv(env: NodeJS.ProcessEnv, loadKey: (key: string) => Promise<string | undefined>): () => Promise<RealtimeConfig> {
  const minSeverity = env.VMAUDIT_MIN_SEVERITY;
  if (minSeverity !== undefined && !isSeverity(minSeverity)) throw new RealtimeConfigError(`RealtimeConfigError: VMAUDIT_MIN_SEVERITY must be critical, high, medium, low or info, got ${JSON.stringify(minSeverity)}`);
  const rules = env.VMAUDIT_REALTIME_RULES?.split(',').map((s) => s.trim()).filter(Boolean);
  const base = { ...(minSeverity ? { minSeverity: minSeverity as Severity } : {}), ...(rules?.length ? { rules } : {}), ...(env.VMAUDIT_REPORT_URL ? { reportUrl: env.VMAUDIT_REPORT_URL } : {}) };
  if (env.VMAUDIT_POLICY_JSON) {
    const policy = parsePolicyJson(env.VMAUDIT_POLICY_JSON, 'VMAUDIT_POLICY_JSON');
    return async () => ({ policy, ...base });
  }
  const key = env.VMAUDIT_POLICY_KEY;
  let cached: Promise<RealtimeConfig> | undefined;
  return () =>
    (cached ??= (async () => {
      if (!key) return { policy: PolicySchema.parse({}), ...base };
      const text = await loadKey(key);
      if (text === undefined) throw new RealtimeConfigError(`RealtimeConfigError: VMAUDIT_POLICY_KEY ${key} does not exist in the state bucket`);
      return { policy: parsePolicyJson(text, `s3 object ${key}`), ...base };
    })());
}

async function bodyText(body: unknown, key: string): Promise<string> {
  const bytes = await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
  const buf = Buffer.from(bytes);
  return (key.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<{ text: string; etag?: string } | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { text: await bodyText(out.Body, key), etag: out.ETag };
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

export function s3StateStore(s3: S3Client, bucket: string, prefix: string, log?: HandlerLog): RealtimeStateStore {
  const keyOf = (accountId: string, region: string) => `${prefix}realtime/${encodeURIComponent(accountId)}/${encodeURIComponent(region)}.json`;
  return {
    async load(accountId, region) {
      const key = keyOf(accountId, region);
      const got = await getText(s3, bucket, key);
      if (!got) return { state: emptyRealtimeState() };
      try {
        const state = JSON.parse(got.text) as RealtimeState;
        if (state?.kind === 'vmaudit-realtime-state' && state.version === 1 && state.alerted && Array.isArray(state.recent)) return { state, version: got.etag };
      } catch {
        /* fall through: an unreadable state is replaced, and said so */
      }
      log?.error('real-time state unreadable; starting afresh', { key });
      return { state: emptyRealtimeState(), version: got.etag };
    },
    async save(accountId, region, state, version) {
      const key = keyOf(accountId, region);
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(state),
            ContentType: 'application/json',
            ...(version ? { IfMatch: version } : { IfNoneMatch: '*' }),
          }),
        );
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // 412: the version changed; 409: a concurrent conditional write is in flight.
        if (status === 412 || status === 409 || (err as { name?: string }).name === 'PreconditionFailed') throw new ConcurrentUpdateError(key);
        throw err;
      }
    },
  };
}

export function snsPublisher(sns: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(alert) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: alert.subject, Message: alert.body, MessageAttributes: alert.attributes }));
    },
  };
}

export function s3Inventory(s3: S3Client, bucket: string, template: string): InventorySource {
  return {
    async load(accountId, region) {
      const key = template.replace(/\{account\}/g, accountId).replace(/\{region\}/g, region);
      const got = await getText(s3, bucket, key);
      if (!got) return undefined;
      const snap = JSON.parse(got.text) as Partial<Snapshot>;
      const arr = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
      return { instances: arr(snap.instances), securityGroups: arr(snap.securityGroups), vpcs: arr(snap.vpcs), subnets: arr(snap.subnets), images: arr(snap.images) };
    },
  };
}

/** Production wiring, read once at cold start: a missing variable fails the init, not the first alert. */
export function defaultDeps(env: NodeJS.ProcessEnv = process.env): EventHandlerDeps {
  const region = requireEnv(env, 'AWS_REGION');
  const topicArn = requireEnv(env, 'VMAUDIT_TOPIC_ARN');
  const bucket = requireEnv(env, 'VMAUDIT_STATE_BUCKET');
  const prefix = env.VMAUDIT_STATE_PREFIX ?? 'state/';
  const s3 = makeS3Client({ region, env });
  const sns = makeSnsClient({ region, env });
  const logger = new Logger({ serviceName: 'vmaudit-events' });
  const log: HandlerLog = { info: (m, x) => logger.info(m, x ?? {}), error: (m, x) => logger.error(m, x ?? {}) };
  return {
    config: configFromEnv(env, async (key) => (await getText(s3, bucket, key))?.text),
    publisher: snsPublisher(sns, topicArn),
    store: s3StateStore(s3, bucket, prefix, log),
    ...(env.VMAUDIT_INVENTORY_KEY ? { inventory: s3Inventory(s3, bucket, env.VMAUDIT_INVENTORY_KEY) } : {}),
    clock: () => new Date(),
    log,
  };
}
