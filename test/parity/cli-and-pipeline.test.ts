/**
 * One engine, two ways to run it: the deployed pipeline's handlers (in-process, production deps, AWS
 * clients mocked with recorded responses) and the CLI's `evaluate` over the same inventory must give
 * the same findings. The pipeline splits the work (target-scope rules in each CollectTarget,
 * estate-scope rules such as cross-account reachability in Publish); the CLI runs everything at
 * once over the merged snapshot. A rule that one path evaluates differently, or a finding only one
 * path produces, fails here.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { makeCollectHandler } from '../../lib/pipeline/collect-step';
import { makePublishHandler } from '../../lib/pipeline/publish-step';
import { makeTargetsHandler } from '../../lib/pipeline/build-targets';
import { defaultCollectDeps } from '../../lib/pipeline/deps/collect';
import { defaultPublishDeps } from '../../lib/pipeline/deps/publish';
import { defaultTargetsDeps } from '../../lib/pipeline/deps/targets';
import { runPipeline } from '../../lib/pipeline/local-pipeline';
import { runEvaluation } from '../../lib/pipeline/run-evaluation';
import { S3RunStore } from '../../lib/storage/s3-store';
import { makeS3Client } from '../../lib/aws/clients';
import { mergeSnapshots } from '../../lib/model/merge';
import { parseSnapshot } from '../../lib/model/snapshot-file';
import type { FindingsDocument } from '../../lib/findings/document';
import { fakeClock } from '../collect/fake-aws';
import { mockRecordedAccount } from '../collect/recorded-account';
import type { OtherStubs } from '../collect/fake-aws';
import { memoryS3 } from '../lambdas/support/memory-s3';
import { AUDITOR, BUCKET, MEMBER, pipelineEnv } from '../lambdas/support/pipeline-env';

const STARTED = '2026-11-26T12:00:00.000Z';
const RUN_ID = '2026-11-26T12-00-00Z-exec1';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const s3 = memoryS3(BUCKET);
const ec2 = mockClient(EC2Client);
const ct = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);
const sns = mockClient(SNSClient);

const env = pipelineEnv({ VMAUDIT_REGIONS: 'us-east-1,eu-west-1', VMAUDIT_ACCOUNTS: `${AUDITOR},${MEMBER}` });

/** What a finding says, without what only says where the run was written. */
function comparable(doc: FindingsDocument) {
  return doc.findings.map((f) => JSON.stringify(f)).sort();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vmaudit-parity-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(() => {
  s3.reset();
  mockRecordedAccount(ec2, ct, { s3: s3.mock as OtherStubs['s3'] });
  sts.reset();
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'AKIDMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2026-11-26T13:00:00Z') } });
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

it('the-cli-over-the-pipelines-merged-inventory-gives-the-pipelines-findings-finding-for-finding', async () => {
  const store = new S3RunStore(makeS3Client({ region: 'us-east-1' }), { bucket: BUCKET, prefix: '' });
  const now = () => new Date('2026-11-26T12:05:00.000Z');
  const result = await runPipeline(
    {
      targets: makeTargetsHandler(defaultTargetsDeps(env)),
      collect: makeCollectHandler({ ...defaultCollectDeps(env), clock: fakeClock(Date.parse(STARTED)) }),
      publish: makePublishHandler({ ...defaultPublishDeps(env), now }),
    },
    { event: { executionName: 'exec1', startedAt: STARTED }, store },
  );
  expect(result.collected).toHaveLength(4);
  expect(result.collected.every((c) => c.failure === undefined)).toBe(true);
  const pipelineDoc = s3.json<FindingsDocument>(`${result.published.folder}findings.json`);

  // The inventory the pipeline collected, as the CLI reads a saved snapshot.
  const sliceKeys = [...s3.objects.keys()].filter((k) => k.startsWith(`inventory/${RUN_ID}/`) && /\/\d{12}\/[a-z0-9-]+\.json\.gz$/.test(k)).sort();
  expect(sliceKeys).toHaveLength(4);
  const snapshot = mergeSnapshots(sliceKeys.map((k) => parseSnapshot(gunzipSync(s3.objects.get(k)!), k)));
  const snapshotFile = join(dir, 'snapshot.json');
  await writeFile(snapshotFile, JSON.stringify(snapshot));

  const out = join(dir, 'cli');
  await runEvaluation({
    snapshot: parseSnapshot(await readFile(snapshotFile), snapshotFile),
    source: snapshotFile,
    outDir: out,
    startedAt: new Date(STARTED),
    finishedAt: now(),
    stdout: () => undefined,
  });
  const cliDoc = JSON.parse(await readFile(join(out, 'latest', 'findings.json'), 'utf8')) as FindingsDocument;

  expect(pipelineDoc.findings.length).toBeGreaterThan(50);
  expect(new Set(pipelineDoc.findings.map((f) => f.accountId))).toEqual(new Set([AUDITOR, MEMBER]));
  expect(comparable(cliDoc)).toEqual(comparable(pipelineDoc));
  expect(cliDoc.summary).toEqual(pipelineDoc.summary);
  expect(cliDoc.run.rulesRun).toEqual(pipelineDoc.run.rulesRun);
  expect(cliDoc.run.coverageGaps).toEqual(pipelineDoc.run.coverageGaps);
});
