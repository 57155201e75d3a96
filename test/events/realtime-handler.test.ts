import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ConcurrentUpdateError, makeEventHandler, type EventHandlerDeps, type RealtimeStateStore } from '../../lib/events/realtime-handler';
import { defaultEventDeps, realtimeStateStore } from '../../lib/pipeline/deps/event';
import { emptyRealtimeState, type RealtimeState } from '../../lib/events/realtime';
import type { AlertMessage } from '../../lib/reports/alert-message';
import { PolicySchema } from '../../lib/policy/schema';
import { S3RunStore } from '../../lib/storage/s3-store';
import { ConfigError } from '../../lib/errors';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { raw } from './fixtures';

const NOW = new Date('2026-11-26T12:00:00.000Z');

/** An in-memory S3 with versions, that can refuse the next writes as if another invocation wrote first. */
function memoryStore(initial: Record<string, RealtimeState> = {}) {
  const objects = new Map<string, { state: RealtimeState; version: number }>(Object.entries(initial).map(([k, state]) => [k, { state, version: 1 }]));
  let conflicts = 0;
  let failures = 0;
  const store: RealtimeStateStore = {
    async load(a, r) {
      const o = objects.get(`${a}/${r}`);
      return o ? { state: structuredClone(o.state), version: String(o.version) } : { state: emptyRealtimeState() };
    },
    async save(a, r, state, version) {
      const key = `${a}/${r}`;
      if (failures > 0) {
        failures--;
        throw new Error('S3 is down');
      }
      if (conflicts > 0) {
        conflicts--;
        // Someone else saved in between: bump the version with their alerted id.
        const cur = objects.get(key) ?? { state: emptyRealtimeState(), version: 0 };
        objects.set(key, { state: { ...cur.state, alerted: { ...cur.state.alerted, 'someone-else': NOW.toISOString() } }, version: cur.version + 1 });
        throw new ConcurrentUpdateError(key);
      }
      const cur = objects.get(key);
      if ((cur ? String(cur.version) : undefined) !== version) throw new ConcurrentUpdateError(key);
      objects.set(key, { state: structuredClone(state), version: (cur?.version ?? 0) + 1 });
    },
  };
  return { store, objects, conflictNext: (n: number) => (conflicts = n), failNext: (n: number) => (failures = n) };
}

function fakes(over: Partial<EventHandlerDeps> = {}) {
  const published: AlertMessage[] = [];
  const logs: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const mem = memoryStore();
  const deps: EventHandlerDeps = {
    config: async () => ({ policy: PolicySchema.parse({}) }),
    publisher: { publish: async (a) => void published.push(a) },
    store: mem.store,
    clock: () => NOW,
    log: { info: (message, extra) => logs.push({ level: 'info', message, extra }), error: (message, extra) => logs.push({ level: 'error', message, extra }) },
    ...over,
  };
  return { deps, published, logs, mem };
}

describe('makeEventHandler', () => {
  it('publishes-the-alert-and-stores-what-was-alerted', async () => {
    const f = fakes();
    const result = await makeEventHandler(f.deps)(raw('eventbridge-root-create-bucket-console'));
    expect(result).toEqual({ status: 'evaluated', eventId: 'a9eafd3e-0bec-4882-bfba-fefdb1a1f2b6', findings: 1, alerted: 1, published: true });
    expect(f.published.map((a) => a.subject)).toEqual(['[vmaudit] 1 new HIGH finding in 012345678901 (us-east-1)']);
    expect(Object.keys(f.mem.objects.get('012345678901/us-east-1')!.state.alerted)).toContain('a9eafd3e-0bec-4882-bfba-fefdb1a1f2b6');
  });

  it('the-same-event-delivered-twice-alerts-once', async () => {
    const f = fakes();
    const handle = makeEventHandler(f.deps);
    await handle(raw('eventbridge-root-create-bucket-console'));
    const second = await handle(raw('eventbridge-root-create-bucket-console'));
    expect(second.published).toBe(false);
    expect(f.published).toHaveLength(1);
  });

  it('an-unreadable-event-is-logged-as-an-error-and-not-retried', async () => {
    const f = fakes();
    const result = await makeEventHandler(f.deps)({ 'detail-type': 'AWS API Call via CloudTrail', detail: 'oops' });
    expect(result).toMatchObject({ status: 'unparsed', published: false });
    expect(f.logs).toEqual([{ level: 'error', message: 'event could not be read', extra: { error: expect.stringMatching(/has no detail object/) } }]);
  });

  it('a-concurrent-save-is-merged-so-no-alerted-id-is-lost', async () => {
    const f = fakes();
    f.mem.conflictNext(2);
    await makeEventHandler(f.deps)(raw('eventbridge-root-create-bucket-console'));
    const alerted = Object.keys(f.mem.objects.get('012345678901/us-east-1')!.state.alerted);
    expect(alerted).toEqual(expect.arrayContaining(['someone-else', 'a9eafd3e-0bec-4882-bfba-fefdb1a1f2b6']));
  });

  it('a-failed-save-throws-so-eventbridge-retries', async () => {
    const f = fakes();
    f.mem.failNext(1);
    await expect(makeEventHandler(f.deps)(raw('eventbridge-root-create-bucket-console'))).rejects.toThrow('S3 is down');
  });

  it('inventory-tags-reach-the-access-policy', async () => {
    const policy = PolicySchema.parse({ access: [{ resource: { tag: 'Environment=prod' }, actions: ['write'], principals: ['arn:aws:iam::*:role/Admin'] }] });
    const sg = { accountId: '770203350335', region: 'us-east-1', groupId: 'sg-01f414f5313452cd1', groupName: 'db', tags: { Environment: 'prod' }, ingress: [], egress: [] };
    const f = fakes({ config: async () => ({ policy }), inventory: { load: async () => ({ instances: [], securityGroups: [sg], vpcs: [], subnets: [], images: [] }) } });
    await makeEventHandler(f.deps)(raw('eventbridge-authorize-sg-ingress-cloudformation'));
    expect(JSON.parse(f.published[0].attributes.rule.StringValue)).toEqual(['evt-access-policy']);
  });
});

describe('configuration from the environment (the pipeline env table and the bundled policy.json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-event-env-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const base = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', VMAUDIT_BUCKET: 'bucket', VMAUDIT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:alerts' };

  it('the-bundled-policy-and-the-optional-variables-make-the-config', async () => {
    const deps = defaultEventDeps({ ...base, VMAUDIT_POLICY_FILE: file('ok.json', JSON.stringify({ alerts: { minSeverity: 'medium' } })), VMAUDIT_REALTIME_RULES: 'evt-cloudtrail-change, evt-root-account-usage', VMAUDIT_REPORT_URL: 'https://example.com/r' });
    const config = await deps.config();
    expect(config.policy.alerts.minSeverity).toBe('medium');
    expect(config.rules).toEqual(['evt-cloudtrail-change', 'evt-root-account-usage']);
    expect(config.reportUrl).toBe('https://example.com/r');
  });

  it('the-stacks-policy-json-is-read-as-the-pipeline-lambdas-read-it', async () => {
    const policy = defaultPolicy(FULL_CATALOGUE).policy;
    expect((await defaultEventDeps({ ...base, VMAUDIT_POLICY_FILE: file('default.json', JSON.stringify(policy)) }).config()).policy).toEqual(policy);
  });

  const bad: { name: string; env: () => Record<string, string>; error: RegExp }[] = [
    { name: 'policy-that-is-not-json-names-the-variable', env: () => ({ ...base, VMAUDIT_POLICY_FILE: file('bad.json', '{frameworks:') }), error: /VMAUDIT_POLICY_FILE: .*bad\.json is not a readable JSON policy/ },
    { name: 'policy-with-a-bad-value-names-the-path', env: () => ({ ...base, VMAUDIT_POLICY_FILE: file('urgent.json', '{"alerts":{"minSeverity":"urgent"}}') }), error: /alerts\.minSeverity/ },
    { name: 'a-missing-policy-json-names-the-variable', env: () => ({ ...base, VMAUDIT_POLICY_FILE: join(dir, 'absent.json') }), error: /VMAUDIT_POLICY_FILE: .*absent\.json is not a readable JSON policy/ },
    { name: 'unknown-severity-is-refused', env: () => ({ ...base, VMAUDIT_MIN_SEVERITY: 'urgent' }), error: /VMAUDIT_MIN_SEVERITY: expected critical, high, medium, low or info, got "urgent"/ },
    { name: 'missing-topic-fails-the-cold-start-with-the-variable-named', env: () => ({ AWS_REGION: 'us-east-1', VMAUDIT_BUCKET: 'b' }), error: /VMAUDIT_TOPIC_ARN/ },
  ];
  it.each(bad)('$name', ({ env, error }) => {
    let thrown: unknown;
    try {
      defaultEventDeps(env());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(String((thrown as Error).message)).toMatch(error);
  });
});

describe('state in the report bucket and the SNS publisher', () => {
  const s3 = mockClient(S3Client);
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    s3.reset();
    sns.reset();
  });
  const store = () => realtimeStateStore(new S3RunStore(new S3Client({ region: 'us-east-1' }), { bucket: 'bucket', prefix: '' }));

  it('missing-state-is-empty-and-first-save-must-not-overwrite', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('nope'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }));
    s3.on(PutObjectCommand).resolves({});
    const loaded = await store().load('111111111111', 'us-east-1');
    expect(loaded).toEqual({ state: emptyRealtimeState() });
    await store().save('111111111111', 'us-east-1', loaded.state, loaded.version);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: 'bucket', Key: 'state/realtime/111111111111/us-east-1.json', IfNoneMatch: '*' });
  });

  it('later-saves-are-conditional-on-the-etag-and-a-412-is-a-concurrent-update', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } }));
    await expect(store().save('111111111111', 'us-east-1', emptyRealtimeState(), '"etag-1"')).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ IfMatch: '"etag-1"' });
  });

  it('the-alert-is-published-with-subject-body-and-attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const alert: AlertMessage = { subject: 's', body: 'b', attributes: { severity: { DataType: 'String', StringValue: 'high' } }, findingIds: [] };
    const policyFile = join(mkdtempSync(join(tmpdir(), 'vmaudit-event-sns-')), 'policy.json');
    writeFileSync(policyFile, '{}');
    const deps = defaultEventDeps({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', VMAUDIT_BUCKET: 'bucket', VMAUDIT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:alerts', VMAUDIT_POLICY_FILE: policyFile });
    await deps.publisher.publish(alert);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toEqual({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:alerts', Subject: 's', Message: 'b', MessageAttributes: alert.attributes });
  });
});
