/** The pipeline steps one by one, with fakes: payload checks, run ids, event windows, gaps, configuration at cold start. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../lib/errors';
import { makeTargetsHandler, planTargets, type TargetsConfig } from '../../lib/pipeline/build-targets';
import { defaultCollectDeps } from '../../lib/pipeline/deps/collect';
import { defaultPublishDeps } from '../../lib/pipeline/deps/publish';
import { makePublishHandler } from '../../lib/pipeline/publish-step';
import { encodeTargetFindings, TARGET_FINDINGS_KIND } from '../../lib/pipeline/target-findings';
import { finding } from '../support/findings';
import { makeReportHandler, parseReportEvent } from '../../lib/pipeline/report-step';
import { parseCollectInput, parsePublishInput, PayloadError, runIdOf } from '../../lib/pipeline/run-context';
import { silentLog, type StepLog } from '../../lib/pipeline/step-log';
import { LocalRunStore } from '../../lib/storage/local-store';
import { findingsKey, gapKey, targetsKey } from '../../lib/layout';
import { StoreLocationError } from '../../lib/errors';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { invokeEnvironment } from '../../bin/invoke';
import { lambdaEnvironment } from '../../lib/stack/lambda-env';
import { resolveConfig } from '../../lib/stack/config';
import { loadStackPolicy } from '../../lib/stack/stack-policy';
import type { FindingsDocument } from '../../lib/findings/document';
import { defaultPolicyJsonFile } from '../support/lambda-policy';

const STARTED = '2026-11-26T12:00:00.000Z';
const A = '111111111111';
const store = () => new LocalRunStore(mkdtempSync(join(tmpdir(), 'vmaudit-steps-')));

function recordingLog(): StepLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

const config = (o: Partial<TargetsConfig> = {}): TargetsConfig => ({ auditorAccount: A, homeRegion: 'eu-west-1', regions: [], accounts: [], organization: false, inlineTargets: true, ...o });

describe('run ids and payloads', () => {
  it('run-id-is-the-start-time-and-execution-name-and-the-same-on-every-retry', () => {
    expect(runIdOf(STARTED, 'b1e2c3d4-aaaa-bbbb')).toBe('2026-11-26T12-00-00Z-b1e2c3d4aaaa');
    expect(runIdOf('2026-11-26T12:00:00.123Z', 'x')).toBe(runIdOf('2026-11-26T12:00:00.999Z', 'x'));
    expect(runIdOf(STARTED, '../../etc')).toBe('2026-11-26T12-00-00Z-etc');
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['collect-without-target', () => parseCollectInput({ run: { runId: 'r1', startedAt: STARTED, regions: [] } }), /target must be an object/],
    ['collect-with-a-foreign-account-id', () => parseCollectInput({ run: { runId: 'r1', startedAt: STARTED, regions: [] }, target: { accountId: '12', region: 'us-east-1' } }), /is not \{ accountId: 12 digits/],
    ['publish-with-another-runs-target-list', () => parsePublishInput({ run: { runId: 'r1', startedAt: STARTED, regions: [] }, targetsKey: targetsKey('r2') }), /is not this run's/],
    ['start-that-is-not-a-time', () => runIdOf('yesterday', 'x'), /is not a time/],
    ['report-of-an-unknown-period', () => parseReportEvent({ period: 'hourly' }), /"period": one of daily, weekly, monthly; got "hourly"/],
    ['report-date-that-is-not-a-day', () => parseReportEvent({ period: 'daily', date: '26/11/2026' }), /"date" must be a day like 2026-11-26/],
  ];
  it.each(bad)('%s-is-a-payload-error', (_n, f, message) => {
    expect(f).toThrow(PayloadError);
    expect(f).toThrow(message);
  });
});

it('run-id-that-could-escape-the-prefix-is-refused-by-the-store-layout', () => {
  expect(() => parseCollectInput({ run: { runId: '../x', startedAt: STARTED, regions: [] }, target: { accountId: A, region: 'us-east-1' } })).toThrow(StoreLocationError);
});

describe('targets step', () => {
  it('targets-are-accounts-times-regions-sorted-and-unique', () => {
    expect(planTargets(['222222222222', A, A], ['us-east-1', 'eu-west-1'])).toEqual([
      { accountId: A, region: 'eu-west-1' },
      { accountId: A, region: 'us-east-1' },
      { accountId: '222222222222', region: 'eu-west-1' },
      { accountId: '222222222222', region: 'us-east-1' },
    ]);
  });

  it('no-accounts-and-no-regions-mean-the-auditor-account-in-the-stack-region', async () => {
    const out = await makeTargetsHandler({ config: config(), store: store(), listOrganizationAccounts: async () => [], log: silentLog })({ executionName: 'e1', startedAt: STARTED });
    expect(out.targets).toEqual([{ accountId: A, region: 'eu-west-1' }]);
    expect(out.run).toEqual({ runId: '2026-11-26T12-00-00Z-e1', startedAt: STARTED, regions: ['eu-west-1'] });
  });

  it('event-window-starts-at-the-last-published-run-and-a-corrupt-marker-means-the-full-look-back', async () => {
    const s = store();
    const handler = makeTargetsHandler({ config: config(), store: s, listOrganizationAccounts: async () => [], log: silentLog });
    await s.put('state/last-run.json', JSON.stringify({ runId: 'r0', startedAt: '2026-11-26T11:00:00.000Z', finishedAt: '2026-11-26T11:04:00.000Z' }));
    expect((await handler({ executionName: 'e1', startedAt: STARTED })).run.since).toBe('2026-11-26T11:00:00.000Z');
    await s.put('state/last-run.json', '{not json');
    const log = recordingLog();
    const again = await makeTargetsHandler({ config: config(), store: s, listOrganizationAccounts: async () => [], log })({ executionName: 'e1', startedAt: STARTED });
    expect(again.run.since).toBeUndefined();
    expect(log.lines).toContain('warn state/last-run.json is unreadable; this run reads the full event look-back window');
  });

  it('a-marker-from-the-future-is-ignored', async () => {
    const s = store();
    await s.put('state/last-run.json', JSON.stringify({ runId: 'r9', startedAt: '2026-11-27T00:00:00.000Z' }));
    const out = await makeTargetsHandler({ config: config(), store: s, listOrganizationAccounts: async () => [], log: silentLog })({ executionName: 'e1', startedAt: STARTED });
    expect(out.run.since).toBeUndefined();
  });
});

describe('publish step', () => {
  it('a-gap-record-that-is-not-json-still-makes-the-target-unknown', async () => {
    const s = store();
    const runId = '2026-11-26T12-00-00Z-e1';
    const target = { accountId: A, region: 'us-east-1' };
    await s.put(targetsKey(runId), JSON.stringify([target]));
    await s.put(gapKey(runId, target), 'garbage');
    const sent: string[] = [];
    const out = await makePublishHandler({
      store: s,
      policy: defaultPolicy(FULL_CATALOGUE).policy,
      policySource: 'built-in default policy',
      catalogue: FULL_CATALOGUE,
      deliver: async (a) => void sent.push(a.subject),
      now: () => new Date('2026-11-26T12:10:00.000Z'),
      log: silentLog,
      source: 'test',
    })({ run: { runId, startedAt: STARTED, regions: ['us-east-1'] }, targetsKey: targetsKey(runId) });
    expect(out.coverageGaps).toBe(1);
    const doc = JSON.parse((await s.read(`${out.folder}findings.json`))!.toString()) as FindingsDocument;
    expect(doc.run.coverageGaps[0]).toMatchObject({ errorCode: 'CollectFailed', service: '*', api: '*' });
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings.every((f) => f.status === 'UNKNOWN')).toBe(true);
    expect(out.alertStatus).toBe('none');
  });
});

describe('publish step and the real-time path (state/realtime/ as the event Lambda writes it)', () => {
  const runId = '2026-11-26T12-00-00Z-e1';
  const target = { accountId: A, region: 'us-east-1' };
  async function publishWith(alreadyAlerted: string[]) {
    const s = store();
    const f = finding({ accountId: A, region: 'us-east-1', severity: 'critical', ruleId: 'evt-root-account-usage', resourceId: A, detailKey: 'evt-1', evidence: { eventId: 'e-0001' } });
    await s.put(targetsKey(runId), JSON.stringify([target]));
    await s.put(
      findingsKey(runId, target),
      encodeTargetFindings({ kind: TARGET_FINDINGS_KIND, schemaVersion: 1, runId, target, generatedAt: STARTED, rulesRun: [f.ruleId], coverageGaps: [], eventWindows: [], findings: [f] }),
    );
    if (alreadyAlerted.length) await s.put(`state/realtime/${A}/us-east-1.json`, JSON.stringify({ kind: 'vmaudit-realtime-state', version: 1, alerted: Object.fromEntries(alreadyAlerted.map((id) => [id, STARTED])), recent: [] }));
    const sent: string[][] = [];
    const out = await makePublishHandler({
      store: s,
      policy: defaultPolicy(FULL_CATALOGUE).policy,
      policySource: 'built-in default policy',
      catalogue: [],
      deliver: async (a) => void sent.push(a.findingIds),
      now: () => new Date('2026-11-26T12:10:00.000Z'),
      log: silentLog,
      source: 'test',
    })({ run: { runId, startedAt: STARTED, regions: ['us-east-1'] }, targetsKey: targetsKey(runId) });
    return { f, sent, out };
  }

  it('a-new-finding-the-real-time-path-did-not-alert-is-e-mailed', async () => {
    const { f, sent } = await publishWith([]);
    expect(sent).toEqual([[f.id]]);
  });

  it('an-alert-whose-findings-all-went-out-in-real-time-is-not-sent-again', async () => {
    // The real-time Lambda remembers the event ids it alerted; publishRun leaves those findings out of the alert.
    const { sent, out } = await publishWith(['e-0001']);
    expect(sent).toEqual([]);
    // The run still records the finding; only the duplicate e-mail is left out.
    expect(out.findings).toBe(1);
  });
});

describe('report step', () => {
  it('report-without-runs-still-writes-the-files-and-sends-the-digest-once', async () => {
    const s = store();
    const digests: string[] = [];
    const handler = makeReportHandler({ store: s, policy: defaultPolicy(FULL_CATALOGUE).policy, deliver: async (d) => void digests.push(d.subject), now: () => new Date('2026-11-27T06:00:00Z'), log: silentLog, reportUrl: 'https://example.com/{period}/{date}' });
    const out = await handler({ period: 'daily' });
    expect(out.written).toEqual(['report.html', 'report.json', 'report.csv', 'digest.txt'].map((f) => `reports/daily/2026-11-26/${f}`));
    expect(out.digestStatus).toBe('sent');
    expect((await handler({ period: 'daily' })).digestStatus).toBe('already-sent');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatch(/^\[vmaudit\] daily report/);
  });
});

describe('configuration at cold start', () => {
  it('missing-variables-stop-the-cold-start-with-every-name', () => {
    expect(() => defaultCollectDeps({})).toThrow(ConfigError);
    expect(() => defaultCollectDeps({})).toThrow(/AWS_REGION: is not set.*\n.*VMAUDIT_BUCKET: is not set; expected the report bucket name\n.*VMAUDIT_AUDITOR_ACCOUNT: is not set/);
  });

  it('malformed-variables-are-named-with-the-bad-value', () => {
    expect(() => defaultPublishDeps({ AWS_REGION: 'us-east-1', VMAUDIT_BUCKET: 'b' })).toThrow(/VMAUDIT_TOPIC_ARN: is not set/);
    expect(() => defaultCollectDeps({ AWS_REGION: 'us-east-1', VMAUDIT_BUCKET: 'b', VMAUDIT_AUDITOR_ACCOUNT: 'me' })).toThrow(/VMAUDIT_AUDITOR_ACCOUNT: expected a 12-digit account id, got "me"/);
  });

  it('output-formats-prop-reaches-the-publish-lambda-and-a-bad-name-stops-its-cold-start', () => {
    const r = { bucketName: 'b', topicArn: 't', auditorAccount: A, partition: 'aws', region: 'r', stackName: 'S', mapMode: 'inline' as const };
    expect(lambdaEnvironment('publish', resolveConfig({}), { source: 's' }, r)).not.toHaveProperty('VMAUDIT_OUTPUT_FORMATS');
    const env = lambdaEnvironment('publish', resolveConfig({ outputFormats: ['html', 'csv'] }), { source: 's' }, r);
    expect(env.VMAUDIT_OUTPUT_FORMATS).toBe('json,csv,html');
    const base = { AWS_REGION: 'us-east-1', VMAUDIT_BUCKET: 'b', VMAUDIT_TOPIC_ARN: `arn:aws:sns:us-east-1:${A}:t`, VMAUDIT_POLICY_FILE: defaultPolicyJsonFile() };
    expect(defaultPublishDeps({ ...base, VMAUDIT_OUTPUT_FORMATS: 'json,csv,html' }).outputFormats).toEqual(['json', 'csv', 'html']);
    expect(() => defaultPublishDeps({ ...base, VMAUDIT_OUTPUT_FORMATS: 'json,pdf' })).toThrow(/VMAUDIT_OUTPUT_FORMATS: expected a comma-separated list of json, csv, html, asff, ocsf, got "json,pdf"/);
  });

  it('invoke-gives-each-handler-the-variables-the-stack-gives-it', () => {
    const c = resolveConfig({});
    const env = { AWS_REGION: 'eu-west-1', VMAUDIT_BUCKET: 'bkt', VMAUDIT_AUDITOR_ACCOUNT: A } as NodeJS.ProcessEnv;
    for (const kind of ['targets', 'collect', 'publish', 'report', 'event'] as const) {
      const stackNames = Object.keys(lambdaEnvironment(kind, c, { source: 's' }, { bucketName: 'b', topicArn: 't', auditorAccount: A, partition: 'aws', region: 'r', stackName: 'S', mapMode: 'inline' }));
      const local = invokeEnvironment(kind, env);
      expect(Object.keys(local).sort()).toEqual(['AWS_REGION', ...stackNames].sort());
      if (kind !== 'event') expect(local).toMatchObject({ AWS_REGION: 'eu-west-1' });
    }
    expect(invokeEnvironment('collect', env)).toMatchObject({ VMAUDIT_BUCKET: 'bkt', VMAUDIT_AUDITOR_ACCOUNT: A, VMAUDIT_PARTITION: 'aws' });
    expect(invokeEnvironment('event', env)).toMatchObject({ VMAUDIT_BUCKET: 'bkt', VMAUDIT_TOPIC_ARN: `arn:aws:sns:eu-west-1:${A}:vmaudit-alerts` });
  });

  it('invoke-hands-the-handlers-the-policy-json-the-stack-would-ship', () => {
    const env = { AWS_REGION: 'eu-west-1', VMAUDIT_BUCKET: 'bkt', VMAUDIT_AUDITOR_ACCOUNT: A } as NodeJS.ProcessEnv;
    const file = invokeEnvironment('collect', env).VMAUDIT_POLICY_FILE;
    expect(file).toMatch(/\.json$/);
    expect(readFileSync(file, 'utf8')).toBe(loadStackPolicy({}).json);
  });

  it('a-lambda-given-a-yaml-policy-or-none-stops-its-cold-start-naming-policy-json', () => {
    const base = { AWS_REGION: 'us-east-1', VMAUDIT_BUCKET: 'b', VMAUDIT_TOPIC_ARN: `arn:aws:sns:us-east-1:${A}:t` };
    expect(() => defaultPublishDeps({ ...base, VMAUDIT_POLICY_FILE: 'examples/policy.yaml' })).toThrow(/VMAUDIT_POLICY_FILE: expected the effective policy as JSON .*policy\.json.*got "examples\/policy\.yaml"/);
    expect(() => defaultPublishDeps({ ...base, LAMBDA_TASK_ROOT: tmpdir() + '/vmaudit-no-such-task-root' })).toThrow(/vmaudit-no-such-task-root\/policy\.json is not a readable JSON policy/);
  });
});
