/**
 * The scheduled pipeline wired in-process, with the production deps built from the environment the
 * stack sets and every AWS client mocked (aws-sdk-client-mock): BuildTargets → CollectTarget per
 * target (EC2/CloudTrail answer with recorded responses, STS refuses one member account) → Publish.
 * Asserts what reaches S3 (keys, in order) and SNS (subject, attributes).
 */
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { makeCollectHandler } from '../../lib/pipeline/collect-step';
import { makePublishHandler } from '../../lib/pipeline/publish-step';
import { makeTargetsHandler } from '../../lib/pipeline/build-targets';
import { defaultCollectDeps } from '../../lib/pipeline/deps/collect';
import { defaultPublishDeps } from '../../lib/pipeline/deps/publish';
import { defaultTargetsDeps } from '../../lib/pipeline/deps/targets';
import { defaultReportDeps } from '../../lib/pipeline/deps/report';
import { makeReportHandler } from '../../lib/pipeline/report-step';
import { runPipeline, type PipelineHandlers } from '../../lib/pipeline/local-pipeline';
import { S3RunStore } from '../../lib/storage/s3-store';
import { makeS3Client } from '../../lib/aws/clients';
import type { FindingsDocument } from '../../lib/findings/document';
import { fakeClock, awsError } from '../collect/fake-aws';
import { mockRecordedAccount } from '../collect/recorded-account';
import type { OtherStubs } from '../collect/fake-aws';
import { memoryS3 } from './support/memory-s3';
import { AUDITOR, BUCKET, MEMBER, pipelineEnv, TOPIC } from './support/pipeline-env';

const STARTED = '2026-11-26T12:00:00.000Z';
const RUN_ID = '2026-11-26T12-00-00Z-exec1';
const FOLDER = `runs/2026/11/26/${RUN_ID}/`;

// Powertools reads its level from the process environment; the steps' JSON logs stay out of the test output.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const s3 = memoryS3(BUCKET);
const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);
const sns = mockClient(SNSClient);
const org = mockClient(OrganizationsClient);

const env = pipelineEnv;

function handlers(e: NodeJS.ProcessEnv): PipelineHandlers {
  return {
    targets: makeTargetsHandler(defaultTargetsDeps(e)),
    // The instant clock keeps LookupEvents pacing from sleeping for real.
    collect: makeCollectHandler({ ...defaultCollectDeps(e), clock: fakeClock(Date.parse(STARTED)) }),
    publish: makePublishHandler({ ...defaultPublishDeps(e), now: () => new Date('2026-11-26T12:05:00.000Z') }),
  };
}

const store = () => new S3RunStore(makeS3Client({ region: 'us-east-1' }), { bucket: BUCKET, prefix: '' });

beforeEach(() => {
  s3.reset();
  mockRecordedAccount(ec2, ct, { s3: s3.mock as OtherStubs['s3'] });
  sts.reset();
  sns.reset();
  org.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe('scheduled pipeline in-process', () => {
  it('single-account-run-writes-inventory-then-the-run-then-latest-and-alerts-once', async () => {
    const result = await runPipeline(handlers(env()), { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });

    expect(result.targets.run).toEqual({ runId: RUN_ID, startedAt: STARTED, regions: ['us-east-1'] });
    expect(result.collected.map((c) => c.failure)).toEqual([undefined]);
    const target = `inventory/${RUN_ID}/${AUDITOR}/us-east-1`;
    expect(s3.puts).toEqual([
      `inventory/${RUN_ID}/targets.json`,
      `${target}.json.gz`,
      `state/inventory/${AUDITOR}/us-east-1.json.gz`,
      `${target}.findings.json.gz`,
      ...['findings.json', 'findings.csv', 'report.html', 'findings.asff.json', 'findings.ocsf.json', 'state.json', 'exceptions.json', 'manifest.json'].map((f) => FOLDER + f),
      ...['findings.json', 'findings.csv', 'report.html', 'findings.asff.json', 'findings.ocsf.json', 'state.json', 'exceptions.json', 'manifest.json'].map((f) => `latest/${f}`),
      'latest/run.json',
      `state/alerts/${RUN_ID}.json`,
      'state/last-run.json',
    ]);

    const doc = s3.json<FindingsDocument>(`${FOLDER}findings.json`);
    expect(doc.run).toMatchObject({ id: RUN_ID, startedAt: STARTED, accounts: [AUDITOR], regions: ['us-east-1'], coverageGaps: [] });
    expect(doc.run.source).toBe(`vmaudit VmAudit (s3://${BUCKET})`);
    expect(doc.findings.some((f) => f.status === 'FAIL')).toBe(true);

    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const msg = calls[0].args[0].input;
    expect(msg.TopicArn).toBe(TOPIC);
    expect(msg.Subject).toMatch(/^\[vmaudit\] \d+ new (?:(?:CRITICAL|HIGH) )?findings? .*in 111111111111/);
    expect(msg.Subject!.length).toBeLessThanOrEqual(100);
    expect(msg.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: expect.stringMatching(/^(critical|high)$/) });
    expect(msg.MessageAttributes?.rule?.DataType).toBe('String.Array');
    expect(JSON.parse(msg.MessageAttributes!.rule!.StringValue!)).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z0-9-]+$/)]));
    expect(msg.Message).toContain(`https://s3.console.aws.amazon.com/s3/object/${BUCKET}?region=us-east-1&prefix=${encodeURIComponent(`${FOLDER}report.html`)}`);
    expect(s3.json(`state/last-run.json`)).toEqual({ runId: RUN_ID, startedAt: STARTED, finishedAt: '2026-11-26T12:05:00.000Z' });
  });

  it('next-run-reads-events-since-the-previous-run-and-does-not-alert-the-same-findings', async () => {
    await runPipeline(handlers(env()), { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });
    const second = await runPipeline(handlers(env()), { event: { executionName: 'exec2', startedAt: '2026-11-26T13:00:00.000Z' }, store: store() });
    expect(second.targets.run.since).toBe(STARTED);
    expect(second.published).toMatchObject({ alertStatus: 'none', changes: { new: 0 } });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('member-account-that-refuses-assume-role-becomes-a-coverage-gap-with-unknown-findings', async () => {
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: sts:AssumeRole', { status: 403 }));
    const result = await runPipeline(handlers(env({ VMAUDIT_ACCOUNTS: `${AUDITOR},${MEMBER}` })), { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });
    expect(result.targets.targets).toEqual([
      { accountId: AUDITOR, region: 'us-east-1' },
      { accountId: MEMBER, region: 'us-east-1' },
    ]);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({ RoleArn: `arn:aws:iam::${MEMBER}:role/vmaudit-member-read`, RoleSessionName: 'vmaudit' });
    const doc = s3.json<FindingsDocument>(`${FOLDER}findings.json`);
    expect(doc.run.coverageGaps).toEqual([expect.objectContaining({ accountId: MEMBER, region: 'us-east-1', service: '*', api: '*', errorCode: 'AccessDenied' })]);
    expect(doc.findings.filter((f) => f.accountId === MEMBER).every((f) => f.status === 'UNKNOWN')).toBe(true);
    expect(doc.findings.some((f) => f.accountId === MEMBER)).toBe(true);
    // The unread member keeps no real-time inventory copy: an empty slice must not replace a good one.
    expect(s3.objects.has(`state/inventory/${MEMBER}/us-east-1.json.gz`)).toBe(false);
  });

  it('target-whose-collect-keeps-failing-is-recorded-as-a-gap-and-the-run-still-publishes', async () => {
    const h = handlers(env({ VMAUDIT_REGIONS: 'us-east-1,eu-west-1' }));
    const flaky: PipelineHandlers = {
      ...h,
      collect: async (e) => {
        if ((e as { target: { region: string } }).target.region === 'eu-west-1') throw Object.assign(new Error('Task timed out after 900.00 seconds'), { name: 'Sandbox.Timedout' });
        return h.collect(e);
      },
    };
    const result = await runPipeline(flaky, { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });
    expect(result.collected.find((c) => c.target.region === 'eu-west-1')?.failure?.Error).toBe('Sandbox.Timedout');
    expect(s3.objects.has(`inventory/${RUN_ID}/${AUDITOR}/eu-west-1.gap.json`)).toBe(true);
    const doc = s3.json<FindingsDocument>(`${FOLDER}findings.json`);
    expect(doc.run.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(doc.run.coverageGaps).toEqual([
      expect.objectContaining({ accountId: AUDITOR, region: 'eu-west-1', service: '*', api: '*', errorCode: 'Sandbox.Timedout', message: expect.stringContaining('Task timed out after 900.00 seconds') }),
    ]);
    const euFindings = doc.findings.filter((f) => f.region === 'eu-west-1');
    expect(euFindings.length).toBeGreaterThan(0);
    expect(euFindings.every((f) => f.status === 'UNKNOWN')).toBe(true);
  });

  it('organization-mode-lists-active-accounts-and-writes-targets-json-for-the-distributed-map', async () => {
    org.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: MEMBER, Status: 'ACTIVE' },
        { Id: AUDITOR, Status: 'ACTIVE' },
        { Id: '333333333333', Status: 'SUSPENDED' },
      ],
    });
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'AKIDMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2026-11-26T13:00:00Z') } });
    const e = env({ VMAUDIT_ORGANIZATION: 'true', VMAUDIT_MAP_MODE: 'distributed' });
    const out = await makeTargetsHandler(defaultTargetsDeps(e))({ executionName: 'exec1', startedAt: STARTED });
    expect(out.targets).toBeUndefined();
    expect(out.targetCount).toBe(2);
    expect(s3.json(`inventory/${RUN_ID}/targets.json`)).toEqual([
      { accountId: AUDITOR, region: 'us-east-1' },
      { accountId: MEMBER, region: 'us-east-1' },
    ]);
    const result = await runPipeline(handlers(e), { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });
    expect(result.published.coverageGaps).toBe(0);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    const slice = JSON.parse(gunzipSync(s3.objects.get(`inventory/${RUN_ID}/${MEMBER}/us-east-1.json.gz`)!).toString('utf8')) as { targets: unknown[] };
    expect(slice.targets).toEqual([{ accountId: MEMBER, region: 'us-east-1' }]);
  });

  it('retried-publish-of-the-same-run-completes-without-a-second-alert', async () => {
    const h = handlers(env());
    const first = await runPipeline(h, { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });
    const again = await h.publish({ run: first.targets.run, targetsKey: first.targets.targetsKey });
    expect(again).toMatchObject({ runId: RUN_ID, alreadyPublished: true, alertStatus: 'already-sent' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('report-lambda-writes-the-daily-report-and-sends-the-digest-with-severity-and-kind', async () => {
    await runPipeline(handlers(env()), { event: { executionName: 'exec1', startedAt: STARTED }, store: store() });
    const report = makeReportHandler({ ...defaultReportDeps(env()), now: () => new Date('2026-11-27T06:00:00.000Z') });
    const out = await report({ period: 'daily' });
    expect(out).toMatchObject({ period: 'daily', digestStatus: 'sent' });
    for (const f of ['report.html', 'report.json', 'report.csv', 'digest.txt']) expect(s3.objects.has(`reports/daily/2026-11-26/${f}`)).toBe(true);
    const digest = sns.commandCalls(PublishCommand)[1].args[0].input;
    expect(digest.Subject).toMatch(/^\[vmaudit\] daily report /);
    expect(digest.MessageAttributes?.kind).toEqual({ DataType: 'String', StringValue: 'digest' });
    expect(digest.MessageAttributes?.severity?.StringValue).toMatch(/^(critical|high|medium|low|info)$/);
    expect(digest.Message).toContain(`prefix=${encodeURIComponent('reports/daily/')}`);
  });
});
