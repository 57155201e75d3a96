/**
 * Throttling through the real SDK retry strategy (adaptive mode, from lib/aws/clients.ts): a mocked
 * `send` would bypass it, so these tests replace only the HTTP layer.
 */
import { makeCloudTrailClient, makeEc2Client } from '../../lib/aws/clients';
import { collectTarget } from '../../lib/collect/collect-target';
import { networkCollector } from '../../lib/collect/ec2/network';
import { actionOf, ec2Error, ec2Ok, fakeHttp } from './fake-http';
import { fakeClock, NOW, staticCredentials, TARGET } from './fake-aws';

const VPC = '<vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>false</isDefault></item></vpcSet>';

function clientsWith(handler: ReturnType<typeof fakeHttp>, maxAttempts?: number) {
  const o = { region: 'us-east-1', credentials: staticCredentials(), requestHandler: handler, maxAttempts };
  return { ec2: makeEc2Client(o), cloudtrail: makeCloudTrailClient(o) };
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

describe('client configuration', () => {
  it('clients-use-adaptive-retry-and-socket-timeouts', async () => {
    const c = makeEc2Client({ region: 'us-east-1', credentials: staticCredentials() });
    expect(await c.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(await c.config.maxAttempts()).toBe(8);
    const handler = c.config.requestHandler as unknown as { configProvider: Promise<{ connectionTimeout: number; requestTimeout: number }> };
    expect(await handler.configProvider).toMatchObject({ connectionTimeout: 10_000, requestTimeout: 60_000 });
  });
});
