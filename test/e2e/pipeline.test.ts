/**
 * The deployed pipeline, handler by handler, against the emulator: each Lambda loaded in this process
 * the way `npm run invoke` loads it (bin/invoke.ts: the environment the stack gives it, the handler
 * module with its production deps), with the report bucket (versioned, as the stack makes it), the
 * alert topic and two SQS queues subscribed to it created in the emulator: one with
 * RawMessageDelivery=true (the body as published, the SNS message attributes as SQS's own), one with
 * the JSON envelope, because AWS drops the subject under raw delivery. The order is the state machine's:
 * targets → collect per target → publish, then the periodic report; the real-time event handler
 * runs first, on an event the scheduled run later reads again.
 *
 * Asserts the S3 layout, the manifest chain (the built `vmaudit verify s3://…`), NEW on the first run
 * and nothing NEW on the second, alerts sent once, and the SNS messages themselves as a subscriber
 * receives them.
 */
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { gunzipSync } from 'node:zlib';
import { LOCAL_CONTEXT, loadHandler } from '../../bin/invoke';
import type { FindingsDocument } from '../../lib/findings/document';
import type { TargetsOutput, CollectOutput } from '../../lib/pipeline/run-context';
import type { PublishOutput } from '../../lib/pipeline/publish-step';
import type { FunctionKind } from '../../lib/stack/lambda-env';
import { awsEnv, runCli } from './support/cli';
import { CALLER_ACCOUNT, EMULATOR_NOT_IMPLEMENTED, emulatorEndpoint, resetEmulator, seedConfig } from './support/emulator';
import { recordingProxy, type RecordingProxy } from './support/recording-proxy';
import { MEMBER_ACCOUNT, REGIONS, ROLE_NAME, scenarioEvents, seedScenario, type Scenario } from './support/scenario';

const BUCKET = 'vmaudit-e2e-reports';
const REGION = 'us-east-1';

let scenario: Scenario;
let proxy: RecordingProxy;
let s3: S3Client;
let sqs: SQSClient;
let topicArn: string;
let rawInbox: Inbox;
let envelopeInbox: Inbox;
const handlers = {} as Record<FunctionKind, (event: unknown) => Promise<unknown>>;

/** An SQS queue subscribed to the alert topic, as a subscriber's would be. */
interface Inbox {
  url: string;
  /** Every message the queue holds now, deleted once read. */
  drain(): Promise<Message[]>;
}

async function subscribeInbox(sns: SNSClient, name: string, raw: boolean): Promise<Inbox> {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: raw ? 'true' : 'false' } }));
  return {
    url,
    async drain() {
      const got: Message[] = [];
      for (;;) {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
        const batch = r.Messages ?? [];
        if (!batch.length) return got;
        got.push(...batch);
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
    },
  };
}

/** An SNS message as both subscribers received it. */
interface Delivered {
  /** Raw delivery: the message body as sent, its attributes as SQS message attributes. */
  raw: Message;
  /** The SNS JSON envelope (default delivery): the only place a queue subscriber sees the subject. */
  envelope: { Subject?: string; Message: string; MessageAttributes?: Record<string, { Type: string; Value: string }> };
}

/** What the topic delivered since the last call, raw and enveloped side by side. */
async function delivered(): Promise<Delivered[]> {
  const raw = await rawInbox.drain();
  const env = (await envelopeInbox.drain()).map((m) => JSON.parse(m.Body!) as Delivered['envelope']);
  expect(env.length).toBe(raw.length);
  const byBody = new Map(env.map((e) => [e.Message, e]));
  return raw.map((m) => ({ raw: m, envelope: byBody.get(m.Body!)! }));
}

async function keys(prefix = ''): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    out.push(...(r.Contents ?? []).map((o) => o.Key!));
    token = r.NextContinuationToken;
  } while (token);
  return out.sort();
}

async function json<T>(key: string): Promise<T> {
  const r = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const bytes = Buffer.from(await r.Body!.transformToByteArray());
  return JSON.parse((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')) as T;
}

/** The built CLI's `vmaudit verify s3://…`, as an auditor runs it. */
async function verify(): Promise<{ code: number | null; report: { ok: boolean; problems: unknown[] }; stderr: string }> {
  const r = await runCli(['verify', `s3://${BUCKET}`, '--json'], { env: awsEnv(emulatorEndpoint()) });
  return { code: r.code, report: r.stdout ? JSON.parse(r.stdout) : { ok: false, problems: [r.stderr] }, stderr: r.stderr };
}

/** One scheduled run, step by step, as the state machine runs it (the Map's items side by side). */
async function scheduledRun(executionName: string, startedAt: Date) {
  const planned = (await handlers.targets({ executionName, startedAt: startedAt.toISOString() })) as TargetsOutput;
  const collected = (await Promise.all(planned.targets!.map((target) => handlers.collect({ run: planned.run, target })))) as CollectOutput[];
  const published = (await handlers.publish({ run: planned.run, targetsKey: planned.targetsKey })) as PublishOutput;
  return { planned, collected, published };
}

beforeAll(async () => {
  await resetEmulator();
  scenario = await seedScenario(new Date());
  proxy = await recordingProxy(emulatorEndpoint());

  s3 = new S3Client(seedConfig(REGION));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  const sns = new SNSClient(seedConfig(REGION));
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'vmaudit-alerts' }))).TopicArn!;
  sqs = new SQSClient(seedConfig(REGION));
  rawInbox = await subscribeInbox(sns, 'vmaudit-alerts-raw', true);
  envelopeInbox = await subscribeInbox(sns, 'vmaudit-alerts-envelope', false);
  sns.destroy();

  // What a deployment sets (the stack's names) and what the Lambda runtime gives (region, credentials);
  // everything goes through the counting proxy to the emulator.
  const env = awsEnv(proxy.endpoint, {
    VMAUDIT_BUCKET: BUCKET,
    VMAUDIT_TOPIC_ARN: topicArn,
    VMAUDIT_AUDITOR_ACCOUNT: CALLER_ACCOUNT,
    VMAUDIT_REGIONS: REGIONS.join(','),
    VMAUDIT_ACCOUNTS: `${CALLER_ACCOUNT},${MEMBER_ACCOUNT}`,
    VMAUDIT_MEMBER_ROLE_NAME: ROLE_NAME,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete env.HOME;
  Object.assign(process.env, env);
  for (const kind of ['targets', 'collect', 'publish', 'report', 'event'] as const) {
    const h = loadHandler(kind, env);
    handlers[kind] = (event) => h(event, LOCAL_CONTEXT);
  }
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  await proxy?.close();
});

const attr = (m: Message, name: string) => m.MessageAttributes?.[name];
const listAttr = (m: Message, name: string) => JSON.parse(attr(m, name)?.StringValue ?? 'null') as string[] | null;

/** What DESIGN §6 promises a subscriber: a short subject, and attributes to filter on. */
function expectAlertShape(d: Delivered) {
  expect(d.envelope.Subject).toMatch(/^\[vmaudit\] /);
  expect(d.envelope.Subject!.length).toBeLessThanOrEqual(100);
  expect(attr(d.raw, 'severity')).toMatchObject({ DataType: 'String', StringValue: expect.stringMatching(/^(critical|high|medium|low|info)$/) });
  expect(attr(d.raw, 'rule')?.DataType).toBe('String.Array');
  expect(listAttr(d.raw, 'rule')).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z0-9-]+$/)]));
  expect(attr(d.raw, 'account')?.DataType).toBe('String.Array');
  expect(listAttr(d.raw, 'account')).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{12}$/)]));
  // The same attributes reach an enveloped subscriber.
  expect(d.envelope.MessageAttributes?.severity?.Value).toBe(attr(d.raw, 'severity')?.StringValue);
}

describe('the real-time event handler against the emulator', () => {
  /** The StopLogging call the scenario's CloudTrail holds, as EventBridge delivers it within the minute. */
  const stopLogging = () => {
    const e = scenarioEvents(new Date(), scenario.caller.trailArn)[REGION][0] as { CloudTrailEvent: Record<string, unknown> };
    return { version: '0', id: randomUUID(), 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.cloudtrail', account: CALLER_ACCOUNT, time: e.CloudTrailEvent.eventTime, region: REGION, resources: [], detail: e.CloudTrailEvent };
  };

  it('alerts-stop-logging-once-with-the-documented-subject-and-attributes', async () => {
    const event = stopLogging();
    expect(await handlers.event(event)).toMatchObject({ status: 'evaluated', published: true });
    const [alert, ...more] = await delivered();
    expect(more).toEqual([]);
    expectAlertShape(alert);
    expect(listAttr(alert.raw, 'rule')).toEqual(['evt-cloudtrail-change']);
    expect(listAttr(alert.raw, 'account')).toEqual([CALLER_ACCOUNT]);
    expect(alert.raw.Body).toContain('StopLogging');

    // EventBridge delivers at least once: the same event again alerts nothing. The state is written
    // with conditional puts (If-None-Match first, If-Match after), which the emulator accepted.
    expect(await handlers.event(event)).toMatchObject({ status: 'evaluated', published: false, alerted: 0 });
    expect(await delivered()).toEqual([]);
    expect(await keys('state/realtime/')).toEqual([`state/realtime/${CALLER_ACCOUNT}/${REGION}.json`]);
  });
});

const RUN_FILES = ['exceptions.json', 'findings.asff.json', 'findings.csv', 'findings.json', 'findings.ocsf.json', 'manifest.json', 'report.html', 'state.json'];

describe('the scheduled pipeline against the emulator', () => {
  let first: Awaited<ReturnType<typeof scheduledRun>>;
  let second: Awaited<ReturnType<typeof scheduledRun>>;
  let firstAlerts: Delivered[];

  beforeAll(async () => {
    await delivered();
    first = await scheduledRun('e2e-first', new Date());
    firstAlerts = await delivered();
  }, 120_000);

  it('plans-two-accounts-by-two-regions-and-collects-each-without-a-failure', () => {
    expect(first.planned.targets).toEqual([
      { accountId: CALLER_ACCOUNT, region: 'eu-west-1' },
      { accountId: CALLER_ACCOUNT, region: 'us-east-1' },
      { accountId: MEMBER_ACCOUNT, region: 'eu-west-1' },
      { accountId: MEMBER_ACCOUNT, region: 'us-east-1' },
    ]);
    // Emulator difference (README): each API it does not implement (HTTP 500) is one gap in every
    // target; against AWS there would be none.
    const missing = Object.keys(proxy.serverErrors());
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.filter((api) => !EMULATOR_NOT_IMPLEMENTED.includes(api))).toEqual([]);
    expect(first.collected.map((c) => c.coverageGaps)).toEqual(first.collected.map(() => missing.length));
    expect(first.published).toMatchObject({ alertStatus: 'sent', alreadyPublished: false, coverageGaps: 4 * missing.length });
    expect(first.published.changes.new).toBeGreaterThan(0);
  });

  it('writes-the-documented-s3-layout', async () => {
    const runId = first.planned.run.runId;
    const folder = first.published.folder;
    expect(folder).toBe(`runs/${first.planned.run.startedAt.slice(0, 4)}/${first.planned.run.startedAt.slice(5, 7)}/${first.planned.run.startedAt.slice(8, 10)}/${runId}/`);
    const targets = first.planned.targets!.map((t) => `${t.accountId}/${t.region}`);
    expect(await keys()).toEqual(
      [
        `inventory/${runId}/targets.json`,
        ...targets.flatMap((t) => [`inventory/${runId}/${t}.json.gz`, `inventory/${runId}/${t}.findings.json.gz`]),
        ...targets.map((t) => `state/inventory/${t}.json.gz`),
        ...RUN_FILES.map((f) => folder + f),
        ...RUN_FILES.map((f) => `latest/${f}`),
        'latest/run.json',
        `state/alerts/${runId}.json`,
        'state/last-run.json',
        `state/realtime/${CALLER_ACCOUNT}/${REGION}.json`,
      ].sort(),
    );
    const doc = await json<FindingsDocument>(`${folder}findings.json`);
    expect(doc.run).toMatchObject({ id: runId, accounts: [CALLER_ACCOUNT, MEMBER_ACCOUNT], regions: ['eu-west-1', 'us-east-1'] });
    const statusOf = (ruleId: string, resourceId: string) => doc.findings.filter((f) => f.ruleId === ruleId && f.resourceId === resourceId).map((f) => `${f.status} ${f.lifecycle ?? ''}`.trim());
    expect(statusOf('ec2-sg-no-public-ssh', scenario.caller.webSg)).toEqual(['FAIL NEW']);
    expect(statusOf('ec2-sg-no-public-rdp', scenario.member.rdpSg)).toEqual(['FAIL NEW']);
    expect(statusOf('ec2-snapshot-not-public', scenario.caller.publicSnapshot)).toEqual(['FAIL NEW']);
  });

  it('alerts-once-leaving-out-what-the-real-time-path-already-alerted', async () => {
    expect(firstAlerts).toHaveLength(1);
    const [alert] = firstAlerts;
    expectAlertShape(alert);
    expect(alert.envelope.Subject).toMatch(/^\[vmaudit\] \d+ new /);
    expect(listAttr(alert.raw, 'rule')).toEqual(expect.arrayContaining(['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp']));
    expect(listAttr(alert.raw, 'account')).toEqual([CALLER_ACCOUNT, MEMBER_ACCOUNT]);
    // StopLogging went out in real time above; the scheduled alert does not repeat it.
    expect(listAttr(alert.raw, 'rule')).not.toContain('evt-cloudtrail-change');

    // A publish the state machine retries (same run) alerts nothing more.
    const retried = (await handlers.publish({ run: first.planned.run, targetsKey: first.planned.targetsKey })) as PublishOutput;
    expect(retried).toMatchObject({ alreadyPublished: true });
    expect(await delivered()).toEqual([]);
  });

  it('the-manifest-chain-verifies-from-s3-with-the-built-cli', async () => {
    const r = await verify();
    expect(r).toMatchObject({ code: 0, report: { ok: true, chainLength: 1, runsChecked: 1, problems: [] } });
  });

  describe('a second run over the same estate', () => {
    beforeAll(async () => {
      second = await scheduledRun('e2e-second', new Date(Date.parse(first.planned.run.startedAt) + 60_000));
    }, 120_000);

    it('finds-nothing-new-and-sends-no-alert', async () => {
      expect(second.planned.run.since).toBe(first.planned.run.startedAt);
      expect(second.published).toMatchObject({ alertStatus: 'none', alreadyPublished: false });
      expect(second.published.changes).toMatchObject({ new: 0, resolved: 0 });
      const doc = await json<FindingsDocument>(`${second.published.folder}findings.json`);
      expect(doc.findings.filter((f) => f.lifecycle === 'NEW')).toEqual([]);
      const lifecycleOf = (ruleId: string, resourceId: string) => doc.findings.filter((f) => f.ruleId === ruleId && f.resourceId === resourceId).map((f) => `${f.status} ${f.lifecycle ?? ''}`.trim());
      expect(lifecycleOf('ec2-sg-no-public-ssh', scenario.caller.webSg)).toEqual(['FAIL OPEN']);
      expect(lifecycleOf('ec2-sg-no-public-rdp', scenario.member.rdpSg)).toEqual(['FAIL OPEN']);
      // Every failure of the first run is still open, except its event findings: the second run's
      // window starts where the first one began, so it does not read those events again.
      const firstDoc = await json<FindingsDocument>(`${first.published.folder}findings.json`);
      const firstEventFindings = firstDoc.findings.filter((f) => f.lifecycle === 'NEW' && f.ruleId.startsWith('evt-')).length;
      expect(firstEventFindings).toBeGreaterThan(0);
      expect(second.published.changes.open).toBe(first.published.changes.new - firstEventFindings);
      expect(await delivered()).toEqual([]);
    });

    it('both-runs-verify-as-one-chain-and-an-altered-report-does-not', async () => {
      expect(await verify()).toMatchObject({ code: 0, report: { ok: true, chainLength: 2, runsChecked: 2, problems: [] } });

      // The bucket is versioned; an overwrite is a new version, and the newest is what an auditor reads.
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${first.published.folder}findings.csv`, Body: 'id,status\n' }));
      const bad = await verify();
      expect(bad).toMatchObject({ code: 1, report: { ok: false } });
      expect(JSON.stringify(bad.report.problems)).toContain(`${first.published.folder}findings.csv`);
    });
  });

  it('the-periodic-report-and-its-digest', async () => {
    const r = (await handlers.report({ period: 'daily' })) as { written: string[]; digestStatus: string };
    expect(r.digestStatus).toBe('sent');
    expect(r.written.map((k) => k.replace(/^reports\/daily\/[^/]+\//, ''))).toEqual(expect.arrayContaining(['report.html', 'report.json', 'report.csv', 'digest.txt']));
    const [digest, ...more] = await delivered();
    expect(more).toEqual([]);
    expect(digest.envelope.Subject!.length).toBeLessThanOrEqual(100);
  });

  it('sends-no-request-the-retry-policy-forbids', () => {
    // Emulator difference (README): the APIs it does not implement answer HTTP 500; AWS answers them.
    // A 5xx that is not throttling is sent three times in all, then it is the target's coverage gap.
    const collects = first.collected.length + second.collected.length;
    const errors = proxy.serverErrors();
    expect(Object.keys(errors).filter((api) => !EMULATOR_NOT_IMPLEMENTED.includes(api))).toEqual([]);
    expect(Object.values(errors)).toEqual(Object.keys(errors).map(() => 3 * collects));
  });
});
