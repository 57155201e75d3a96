/**
 * Retries through the real SDK retry strategy (lib/aws/retry.ts, from lib/aws/clients.ts): a mocked
 * `send` would bypass it, so these tests replace only the HTTP layer, or point the client at a local
 * server that never answers.
 */
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { makeEc2Client } from '../../lib/aws/clients';
import { BoundedRetryStrategy, policyAllowsRetry } from '../../lib/aws/retry';
import { collectTarget } from '../../lib/collect/collect-target';
import { networkCollector } from '../../lib/collect/ec2/network';
import { actionOf, ec2Error, ec2Ok, fakeHttp } from './fake-http';
import { fakeClock, NOW, staticCredentials, TARGET } from './fake-aws';
import { blackHole } from '../e2e/support/black-hole';
import { openTargetClients } from '../../lib/collect/target-clients';

const VPC = '<vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>false</isDefault></item></vpcSet>';

function clientsWith(handler: ReturnType<typeof fakeHttp>, maxAttempts?: number) {
  const o = { region: 'us-east-1', credentials: staticCredentials(), requestHandler: handler, maxAttempts };
  return openTargetClients(o);
}

describe('adaptive retry on throttling', () => {
  it.each([
    ['RequestLimitExceeded', 503],
    ['Throttling', 400],
  ])('%s-then-success-is-retried-and-leaves-no-gap', async (code, status) => {
    let vpcs = 0;
    const http = fakeHttp((req) => {
      const action = actionOf(req);
      if (action === 'DescribeVpcs' && ++vpcs === 1) return ec2Error(status, code, 'Request limit exceeded.');
      return ec2Ok(action, action === 'DescribeVpcs' ? VPC : '');
    });
    const r = await collectTarget(TARGET, clientsWith(http), { now: NOW, clock: fakeClock() }, [networkCollector]);
    expect(r.slice.coverageGaps).toEqual([]);
    expect(r.slice.vpcs.map((v) => [v.vpcId, v.cidrBlocks])).toEqual([['vpc-0123456789abcdef0', ['10.0.0.0/16']]]);
    expect(http.seen.filter((q) => actionOf(q) === 'DescribeVpcs')).toHaveLength(2);
    // Our own count is of calls made, not of HTTP attempts.
    expect(r.calls['ec2:DescribeVpcs']).toBe(1);
  });

  it('throttling-beyond-max-attempts-becomes-a-gap', async () => {
    const http = fakeHttp((req) => (actionOf(req) === 'DescribeSubnets' ? ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.') : ec2Ok(actionOf(req))));
    const r = await collectTarget(TARGET, clientsWith(http, 2), { now: NOW, clock: fakeClock() }, [networkCollector]);
    expect(http.seen.filter((q) => actionOf(q) === 'DescribeSubnets')).toHaveLength(2);
    expect(r.slice.coverageGaps).toEqual([
      { accountId: '111111111111', region: 'us-east-1', service: 'ec2', api: 'DescribeSubnets', errorCode: 'RequestLimitExceeded', message: 'Request limit exceeded.' },
    ]);
  });

  it('access-denied-is-not-retried', async () => {
    const http = fakeHttp((req) => (actionOf(req) === 'DescribeFlowLogs' ? ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.') : ec2Ok(actionOf(req))));
    const r = await collectTarget(TARGET, clientsWith(http), { now: NOW, clock: fakeClock() }, [networkCollector]);
    expect(http.seen.filter((q) => actionOf(q) === 'DescribeFlowLogs')).toHaveLength(1);
    expect(r.slice.coverageGaps.map((g) => g.errorCode)).toEqual(['UnauthorizedOperation']);
  });

  it('pages-are-requested-at-the-maximum-size-on-the-wire', async () => {
    const http = fakeHttp((req) => ec2Ok(actionOf(req)));
    await collectTarget(TARGET, clientsWith(http), { now: NOW, clock: fakeClock() }, [networkCollector]);
    const max = Object.fromEntries(http.seen.map((q) => [actionOf(q), /MaxResults=(\d+)/.exec(q.body)?.[1]]));
    expect(max).toEqual({
      DescribeNetworkAcls: '100',
      DescribeSubnets: '1000',
      DescribeRouteTables: '100',
      DescribeVpcs: '1000',
      DescribeVpcPeeringConnections: '1000',
      DescribeFlowLogs: '1000',
    });
  });
});

describe('retries that end', () => {
  it.each([
    ['throttling-after-seven-retries', 'THROTTLING', 'Throttling', 500, 7, true],
    ['a-500-after-no-retry', 'TRANSIENT', 'InternalError', 500, 0, true],
    ['a-500-after-one-retry', 'TRANSIENT', 'InternalError', 500, 1, true],
    ['a-500-after-two-retries', 'TRANSIENT', 'InternalError', 500, 2, false],
    ['a-network-error-after-two-retries', 'TRANSIENT', 'TimeoutError', undefined, 2, false],
    ['unknown-operation-at-once', 'TRANSIENT', 'UnknownOperationException', 500, 0, false],
    ['invalid-action-at-once', 'CLIENT_ERROR', 'InvalidAction', 400, 0, false],
    ['not-implemented-501-at-once', 'SERVER_ERROR', 'UnknownError', 501, 0, false],
    ['an-aborted-request-at-once', 'CLIENT_ERROR', 'AbortError', undefined, 0, false],
  ])('%s: retry allowed is %s', (_name, errorType, code, status, retries, allowed) => {
    const error = Object.assign(new Error('x'), { name: code, $metadata: status === undefined ? {} : { httpStatusCode: status } });
    expect(policyAllowsRetry({ errorType: errorType as string, error }, retries as number)).toBe(allowed);
  });

  it('a-500-that-never-heals-is-sent-three-times-then-becomes-a-gap', async () => {
    const http = fakeHttp((req) => (actionOf(req) === 'DescribeSubnets' ? ec2Error(500, 'InternalError', 'An internal error has occurred.') : ec2Ok(actionOf(req))));
    const r = await collectTarget(TARGET, clientsWith(http), { now: NOW, clock: fakeClock() }, [networkCollector]);
    expect(http.seen.filter((q) => actionOf(q) === 'DescribeSubnets')).toHaveLength(3);
    expect(r.slice.coverageGaps.map((g) => `${g.api} ${g.errorCode}`)).toEqual(['DescribeSubnets InternalError']);
  });

  it('an-operation-the-endpoint-does-not-know-is-sent-once', async () => {
    const http = fakeHttp((req) => (actionOf(req) === 'DescribeFlowLogs' ? ec2Error(400, 'InvalidAction', 'The action DescribeFlowLogs is not valid for this web service.') : ec2Ok(actionOf(req))));
    const r = await collectTarget(TARGET, clientsWith(http), { now: NOW, clock: fakeClock() }, [networkCollector]);
    expect(http.seen.filter((q) => actionOf(q) === 'DescribeFlowLogs')).toHaveLength(1);
    expect(r.slice.coverageGaps.map((g) => g.errorCode)).toEqual(['InvalidAction']);
  });

  it('throttling-is-retried-beyond-the-cap-of-other-errors', async () => {
    const http = fakeHttp((req) => (actionOf(req) === 'DescribeVpcs' ? ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.') : ec2Ok(actionOf(req))));
    await collectTarget(TARGET, clientsWith(http, 4), { now: NOW, clock: fakeClock() }, [networkCollector]);
    expect(http.seen.filter((q) => actionOf(q) === 'DescribeVpcs')).toHaveLength(4);
  });
});

describe('time-outs that end', () => {
  // The SDK reads AWS_ENDPOINT_URL from the process environment itself.
  const saved = process.env.AWS_ENDPOINT_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  });

  it('a-request-the-endpoint-never-answers-times-out-and-is-sent-three-times', async () => {
    const hole = await blackHole();
    try {
      process.env.AWS_ENDPOINT_URL = hole.endpoint;
      const ec2 = makeEc2Client({ region: 'us-east-1', credentials: staticCredentials(), timeouts: { requestTimeout: 200 } });
      await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(hole.connections()).toBe(3);
      ec2.destroy();
    } finally {
      await hole.close();
    }
  });

  it('the-client-signal-aborts-a-request-in-flight-and-it-is-not-retried', async () => {
    const hole = await blackHole();
    try {
      const deadline = new AbortController();
      process.env.AWS_ENDPOINT_URL = hole.endpoint;
      const ec2 = makeEc2Client({ region: 'us-east-1', credentials: staticCredentials(), signal: deadline.signal });
      const pending = ec2.send(new DescribeVpcsCommand({}));
      await waitFor(() => hole.connections() === 1);
      deadline.abort('the --timeout of 1 s passed');
      await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'the --timeout of 1 s passed' });
      await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'AbortError' });
      expect(hole.connections()).toBe(1);
      ec2.destroy();
    } finally {
      await hole.close();
    }
  });
});

/** Polls a state (not a time): resolves as soon as it holds. */
async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

describe('client configuration', () => {
  it('clients-use-the-bounded-adaptive-retry-and-time-outs-that-abort', async () => {
    const c = makeEc2Client({ region: 'us-east-1', credentials: staticCredentials() });
    expect(await c.config.retryStrategy()).toBeInstanceOf(BoundedRetryStrategy);
    expect(await c.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(await c.config.maxAttempts()).toBe(8);
    const handler = c.config.requestHandler as unknown as { configProvider: Promise<{ connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean }> };
    expect(await handler.configProvider).toMatchObject({ connectionTimeout: 10_000, requestTimeout: 60_000, throwOnRequestTimeout: true });
  });
});
