import { mockClient } from 'aws-sdk-client-mock';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ConcurrentUpdateError, makeEventHandler } from '../../lib/events/realtime-handler';
import { configFromEnv, defaultDeps, s3StateStore, snsPublisher, type EventHandlerDeps, type RealtimeStateStore } from '../../lib/events/realtime-deps';
import { emptyRealtimeState, type RealtimeAlert, type RealtimeState } from '../../lib/events/realtime';
import { PolicySchema } from '../../lib/policy/schema';
import { RealtimeConfigError } from '../../lib/events/realtime-deps';
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
  const published: RealtimeAlert[] = [];
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

describe('configuration from the environment', () => {
  const loadNothing = async () => undefined;
  it('inline-policy-json-is-validated', async () => {
    const config = await configFromEnv({ VMAUDIT_POLICY_JSON: JSON.stringify({ alerts: { minSeverity: 'medium' } }), VMAUDIT_REALTIME_RULES: 'evt-cloudtrail-change, evt-root-account-usage' }, loadNothing)();
    expect(config.policy.alerts.minSeverity).toBe('medium');
    expect(config.rules).toEqual(['evt-cloudtrail-change', 'evt-root-account-usage']);
  });
  const bad: { name: string; env: NodeJS.ProcessEnv; error: RegExp }[] = [
    { name: 'policy-that-is-not-json-names-the-variable', env: { VMAUDIT_POLICY_JSON: '{frameworks:' }, error: /VMAUDIT_POLICY_JSON is not valid JSON/ },
    { name: 'policy-with-a-bad-value-names-the-path', env: { VMAUDIT_POLICY_JSON: '{"alerts":{"minSeverity":"urgent"}}' }, error: /alerts\.minSeverity/ },
    { name: 'unknown-severity-is-refused', env: { VMAUDIT_MIN_SEVERITY: 'urgent' }, error: /VMAUDIT_MIN_SEVERITY must be critical, high, medium, low or info, got "urgent"/ },
  ];
  it.each(bad)('$name', ({ env, error }) => {
    expect(() => configFromEnv(env, loadNothing)).toThrow(error);
  });

  it('policy-key-missing-in-the-bucket-is-an-error-at-first-use', async () => {
    await expect(configFromEnv({ VMAUDIT_POLICY_KEY: 'config/policy.json' }, loadNothing)()).rejects.toThrow(RealtimeConfigError);
  });

  it('missing-topic-fails-the-cold-start-with-the-variable-named', () => {
    expect(() => defaultDeps({ AWS_REGION: 'us-east-1', VMAUDIT_STATE_BUCKET: 'b' })).toThrow(/environment variable VMAUDIT_TOPIC_ARN is not set/);
  });
});

describe('S3 state store and SNS publisher', () => {
  const s3 = mockClient(S3Client);
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    s3.reset();
    sns.reset();
  });
  const client = () => new S3Client({ region: 'us-east-1' });

  it('missing-state-is-empty-and-first-save-must-not-overwrite', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('nope'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }));
    s3.on(PutObjectCommand).resolves({});
    const store = s3StateStore(client(), 'bucket', 'state/');
    const loaded = await store.load('111111111111', 'us-east-1');
    expect(loaded).toEqual({ state: emptyRealtimeState() });
    await store.save('111111111111', 'us-east-1', loaded.state, loaded.version);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: 'bucket', Key: 'state/realtime/111111111111/us-east-1.json', IfNoneMatch: '*' });
  });

  it('later-saves-are-conditional-on-the-etag-and-a-412-is-a-concurrent-update', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } }));
    const store = s3StateStore(client(), 'bucket', 'state/');
    await expect(store.save('111111111111', 'us-east-1', emptyRealtimeState(), '"etag-1"')).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ IfMatch: '"etag-1"' });
  });

  it('the-alert-is-published-with-subject-body-and-attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const alert: RealtimeAlert = { subject: 's', body: 'b', attributes: { severity: { DataType: 'String', StringValue: 'high' } } };
    await snsPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:111111111111:alerts').publish(alert);
    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toEqual({ TopicArn: 'arn:aws:sns:us-east-1:111111111111:alerts', Subject: 's', Message: 'b', MessageAttributes: alert.attributes });
  });
});
