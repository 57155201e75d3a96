/**
 * Set-up of the `pipeline` suite (not measured): the AWS emulator on a free port (the e2e suite's
 * own start and stop), the report bucket (versioned, as the stack makes it) and the alert topic in
 * it, and a run's inventory/<runId>/ as the CollectTarget Lambdas leave it: the synthetic estate
 * split per account-region, each target put through the real collect step (its slice, the
 * real-time inventory copy and the target-scope findings written to the emulator's S3), with one
 * collector that hands over the target's part of the estate instead of calling EC2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { FULL_CATALOGUE } from '../lib/catalogue';
import { collectorPermissions } from '../lib/collect/registry';
import type { Collector, ResourceLists, TargetClients } from '../lib/collect/types';
import { makeCollectHandler } from '../lib/pipeline/collect-step';
import type { RunRef } from '../lib/pipeline/run-context';
import { targetsKey } from '../lib/layout';
import { silentLog } from '../lib/pipeline/step-log';
import type { Snapshot, Target } from '../lib/model/types';
import type { PolicyDocument } from '../lib/policy/schema';
import { S3RunStore } from '../lib/storage/s3-store';
import { freePort, startEmulator, stopEmulator, type EmulatorProcess } from '../test/e2e/support/emulator-process';
import { TEST_CREDENTIALS } from '../test/e2e/support/emulator';
import { sharedFolderOf } from '../test/support/shared-folder';

export const BUCKET = 'vmaudit-bench-reports';
export const REGION = 'us-east-1';
export const AUDITOR = '123456789012';

export interface BenchAws {
  emulator: EmulatorProcess;
  /** The environment a Lambda of the stack would see (plus the emulator's endpoint and test credentials). */
  env: NodeJS.ProcessEnv;
  store: S3RunStore;
  stop(): Promise<void>;
}

/** Starts the emulator (the bench child runs bundled, so the shared folder is found from the repository root). */
export async function startBenchAws(root: string): Promise<BenchAws> {
  const stateDir = mkdtempSync(join(tmpdir(), 'vmaudit-bench-emulator-'));
  const eventsFile = join(stateDir, 'events.json');
  writeFileSync(eventsFile, '{}');
  const emulator = await startEmulator({ port: await freePort(), stateDir, eventsFile, dir: resolve(sharedFolderOf(root), 'aws-emulator') });
  const client = { region: REGION, endpoint: emulator.endpoint, credentials: TEST_CREDENTIALS, forcePathStyle: true };
  const s3 = new S3Client(client);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  const sns = new SNSClient(client);
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'vmaudit-alerts' }))).TopicArn!;
  sns.destroy();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: stateDir,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    VMAUDIT_BUCKET: BUCKET,
    VMAUDIT_TOPIC_ARN: topicArn,
    VMAUDIT_AUDITOR_ACCOUNT: AUDITOR,
    POWERTOOLS_LOG_LEVEL: 'WARN',
    NODE_NO_WARNINGS: '1',
  };
  // The set-up's own client: the SDK would read the endpoint from this process's environment, which is the bench's.
  const store = new S3RunStore(s3, { bucket: BUCKET, prefix: '' });
  return {
    emulator,
    env,
    store,
    stop: async () => {
      s3.destroy();
      await stopEmulator(emulator, resolve(sharedFolderOf(root), 'aws-emulator'));
    },
  };
}

type Lists = Record<keyof ResourceLists, { accountId: string; region: string }[]>;

/** The estate cut into one slice's lists per account-region, as each CollectTarget would read it. */
export function splitByTarget(estate: Snapshot): Map<string, ResourceLists> {
  const out = new Map<string, ResourceLists>();
  const key = (t: { accountId: string; region: string }) => `${t.accountId}/${t.region}`;
  for (const t of estate.targets) out.set(key(t), Object.fromEntries(Object.keys(estate).filter((k) => Array.isArray((estate as unknown as Record<string, unknown>)[k]) && k !== 'targets').map((k) => [k, []])) as unknown as ResourceLists);
  for (const [name, items] of Object.entries(estate)) {
    if (!Array.isArray(items) || name === 'targets') continue;
    for (const item of items as { accountId: string; region: string }[]) (out.get(key(item)) as unknown as Lists | undefined)?.[name as keyof ResourceLists].push(item);
  }
  return out;
}

/** Writes targets.json and every target's collect output for `run`, through the real collect step. */
export async function seedRun(aws: BenchAws, estate: Snapshot, run: RunRef, policy: PolicyDocument): Promise<Target[]> {
  const parts = splitByTarget(estate);
  const handOver: Collector = {
    name: 'synthetic-estate',
    service: 'ec2',
    permissions: collectorPermissions(),
    phase: 1,
    async collect(ctx) {
      const mine = parts.get(`${ctx.target.accountId}/${ctx.target.region}`);
      if (!mine) return;
      for (const [name, items] of Object.entries(mine)) if (name !== 'inventoryReads') (ctx.out as unknown as Record<string, unknown[]>)[name].push(...(items as unknown[]));
    },
  };
  const collect = makeCollectHandler({
    store: aws.store,
    policy,
    catalogue: FULL_CATALOGUE,
    openTarget: async () => ({ clients: {} as TargetClients, close: () => undefined }),
    describeAccess: () => 'the bench',
    log: silentLog,
    collectors: [handOver],
    clock: { now: () => Date.parse(run.startedAt), sleep: async () => undefined },
  });
  const targets = estate.targets.map((t) => ({ accountId: t.accountId, region: t.region }));
  await aws.store.put(targetsKey(run.runId), JSON.stringify(targets));
  for (const target of targets) await collect({ run, target });
  return targets;
}
