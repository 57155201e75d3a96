/**
 * Every client honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (the SDK's service-specific
 * endpoints), so a whole scan can run against an emulator; S3 switches to path-style addressing.
 * Checked on the wire: the fake HTTP layer records where each request would have gone.
 */
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { makeCloudTrailClient, makeEc2Client, makeOrganizationsClient, makeS3Client, makeSnsClient, makeStsClient, type ClientOptions } from '../../lib/aws/clients';
import { fakeHttp, type SeenRequest } from './fake-http';
import { staticCredentials } from './fake-aws';

const VARS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_CLOUDTRAIL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_ORGANIZATIONS', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SNS', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const v of VARS) {
    saved[v] = process.env[v];
    delete process.env[v];
  }
});
afterEach(() => {
  for (const v of VARS) if (saved[v] === undefined) delete process.env[v];
  else process.env[v] = saved[v];
});

type Send = (o: ClientOptions) => Promise<unknown>;
const SERVICES: [string, string, Send][] = [
  ['EC2', 'ec2', (o) => makeEc2Client(o).send(new DescribeVpcsCommand({}))],
  ['CLOUDTRAIL', 'cloudtrail', (o) => makeCloudTrailClient(o).send(new DescribeTrailsCommand({}))],
  ['STS', 'sts', (o) => makeStsClient(o).send(new GetCallerIdentityCommand({}))],
  ['ORGANIZATIONS', 'organizations', (o) => makeOrganizationsClient(o).send(new ListAccountsCommand({}))],
  ['S3', 's3', (o) => makeS3Client(o).send(new ListObjectsV2Command({ Bucket: 'vmaudit-reports' }))],
  ['SNS', 'sns', (o) => makeSnsClient(o).send(new ListTopicsCommand({}))],
];

/** Sends one request and returns where it went; the reply is irrelevant (parse errors are ignored). */
async function target(send: Send): Promise<SeenRequest> {
  const http = fakeHttp(() => ({ status: 200, body: '{}' }));
  await send({ region: 'eu-west-1', credentials: staticCredentials(), requestHandler: http, maxAttempts: 1 }).catch(() => undefined);
  expect(http.seen).toHaveLength(1);
  return http.seen[0];
}

describe('endpoint overrides', () => {
  it.each(SERVICES)('AWS_ENDPOINT_URL_%s-sends-%s-to-the-emulator', async (suffix, _name, send) => {
    process.env[`AWS_ENDPOINT_URL_${suffix}`] = `http://localhost:4566`;
    const req = await target(send);
    expect([req.protocol, req.hostname, req.port]).toEqual(['http:', 'localhost', 4566]);
  });

  it.each(SERVICES)('AWS_ENDPOINT_URL-alone-covers-%s', async (_suffix, _name, send) => {
    process.env.AWS_ENDPOINT_URL = 'http://emulator.internal:5000';
    const req = await target(send);
    expect([req.hostname, req.port]).toEqual(['emulator.internal', 5000]);
  });

  it('the-service-specific-variable-wins-over-the-generic-one', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://generic:1';
    process.env.AWS_ENDPOINT_URL_EC2 = 'http://ec2-only:2';
    expect((await target(SERVICES[0][2])).hostname).toBe('ec2-only');
    expect((await target(SERVICES[1][2])).hostname).toBe('generic');
  });

  it('s3-uses-path-style-addressing-with-an-endpoint', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://localhost:4566';
    const req = await target(SERVICES[4][2]);
    expect(req.hostname).toBe('localhost');
    expect(req.path.startsWith('/vmaudit-reports')).toBe(true);
  });

  it.each(SERVICES)('without-overrides-%s-goes-to-aws', async (_suffix, name, send) => {
    const req = await target(send);
    expect(req.protocol).toBe('https:');
    expect(req.hostname.endsWith('.amazonaws.com')).toBe(true);
    expect(req.hostname).toContain(name === 'organizations' ? 'organizations' : name);
  });

  it('s3-without-endpoint-uses-virtual-hosted-addressing', async () => {
    const req = await target(SERVICES[4][2]);
    expect(req.hostname.startsWith('vmaudit-reports.s3.')).toBe(true);
  });
});
