/**
 * Test doubles for the collectors: fixtures, an instant clock, a paging responder that behaves like
 * an EC2 list API (MaxResults / NextToken), and SDK-shaped errors. Also used by bench/suites/collect.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, TargetClients } from '../../lib/collect/types';
import { openTargetClients } from '../../lib/collect/target-clients';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import * as s3 from '@aws-sdk/client-s3';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const TARGET = { accountId: ACCOUNT, region: REGION };
export const NOW = new Date('2026-11-26T12:00:00.000Z');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'aws', `${name}.json`), 'utf8')) as T;
}

export const staticCredentials = (accountId = ACCOUNT) => ({ accessKeyId: `AKID${accountId}`, secretAccessKey: 'secret' });

export function newClients(region = REGION, accountId = ACCOUNT): TargetClients {
  const credentials = staticCredentials(accountId);
  return openTargetClients({ region, credentials });
}

/** Stubs of the services beside EC2 and CloudTrail that a target's collectors read (S3: the trail buckets). */
export interface OtherStubs {
  s3: AwsStub<s3.ServiceInputTypes, s3.ServiceOutputTypes, s3.S3ClientResolvedConfig>;
}

/**
 * Mocks every service beside EC2 and CloudTrail as an account with nothing in it (each command
 * answers {}), so no test reaches the network; `over` keeps stubs a test made itself (memory-s3).
 */
export function mockOtherServices(over: Partial<OtherStubs> = {}): OtherStubs {
  const fresh = <T extends { onAnyCommand(): { resolves(v: object): unknown } }>(stub: T): T => {
    stub.onAnyCommand().resolves({});
    return stub;
  };
  return {
    s3: over.s3 ?? fresh(mockClient(s3.S3Client)),
  };
}

/** A clock that never waits: `sleep` advances time and records how long was asked. */
export function fakeClock(start = NOW.getTime()): Clock & { t: number; slept: number[] } {
  const c = {
    t: start,
    slept: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.slept.push(ms);
      c.t += ms;
    },
  };
  return c;
}

/**
 * Serves `items` page by page like an AWS list API: MaxResults items per page (the API's default when
 * absent), NextToken an opaque offset.
 */
export function pager<T>(items: readonly T[], key: string, defaultPageSize = 1000, tokenKey = 'NextToken') {
  return (input: { MaxResults?: number; NextToken?: string } & Record<string, unknown>) => {
    const size = input.MaxResults ?? defaultPageSize;
    const start = input[tokenKey] ? Number(String(input[tokenKey]).replace('tok-', '')) : 0;
    const page = items.slice(start, start + size);
    const next = start + size < items.length ? `tok-${start + size}` : undefined;
    return { [key]: page, ...(next ? { [tokenKey]: next } : {}) };
  };
}

/** An error as the SDK throws it for a service error response. */
export function awsError(code: string, message = `${code} (fixture)`, o: { status?: number; throttling?: boolean } = {}): Error {
  return Object.assign(new Error(message), {
    name: code,
    $fault: (o.status ?? 400) >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: o.status ?? 400, requestId: 'req-fixture', attempts: 1 },
    ...(o.throttling ? { $retryable: { throttling: true } } : {}),
  });
}

export const accessDenied = (api: string) =>
  awsError('UnauthorizedOperation', `You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/ro/x is not authorized to perform: ec2:${api}`, { status: 403 });

/** Dummy instances for paging tests: `n` instances, `perReservation` to a reservation. */
export function reservations(n: number, perReservation = 1, prefix = 'i-') {
  const out: { ReservationId: string; Instances: Record<string, unknown>[] }[] = [];
  for (let i = 0; i < n; i += perReservation) {
    const instances = [];
    for (let j = i; j < Math.min(n, i + perReservation); j++) {
      instances.push({
        InstanceId: `${prefix}${j.toString(16).padStart(17, '0')}`,
        State: { Code: 16, Name: 'running' },
        ImageId: `ami-${(j % 7).toString().padStart(17, '0')}`,
        InstanceType: 't3.micro',
        MetadataOptions: { HttpTokens: j % 2 ? 'required' : 'optional', HttpEndpoint: 'enabled' },
        SecurityGroups: [{ GroupId: `sg-${(j % 50).toString().padStart(17, '0')}` }],
        SubnetId: 'subnet-0aaa1111bbbb2222c',
        VpcId: 'vpc-0123456789abcdef0',
        PrivateIpAddress: `10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`,
        VirtualizationType: 'hvm',
        Tags: [{ Key: 'Name', Value: `vm-${j}` }],
      });
    }
    out.push({ ReservationId: `r-${i}`, Instances: instances });
  }
  return out;
}
