import rule from '../../lib/rules/ec2-vpc-flow-logs-enabled';
import { coverageGap, flowLog, snapshot, vpc } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

type LogIn = Parameters<typeof flowLog>[0];

describe('ec2-vpc-flow-logs-enabled', () => {
  const cases: { name: string; logs: LogIn[]; params?: Record<string, unknown>; expected: string }[] = [
    { name: 'all-traffic-flow-log-passes', logs: [{ trafficType: 'ALL' }], expected: 'PASS' },
    { name: 'reject-flow-log-passes-by-default', logs: [{ trafficType: 'REJECT' }], expected: 'PASS' },
    { name: 'accept-only-flow-log-fails-by-default', logs: [{ trafficType: 'ACCEPT' }], expected: 'FAIL' },
    { name: 'no-flow-log-fails', logs: [], expected: 'FAIL' },
    { name: 'flow-log-on-a-subnet-does-not-count-and-fails', logs: [{ resourceId: 'subnet-1' }], expected: 'FAIL' },
    { name: 'flow-log-of-another-vpc-fails', logs: [{ resourceId: 'vpc-2' }], expected: 'FAIL' },
    { name: 'failing-delivery-fails', logs: [{ deliverLogsStatus: 'FAILED' }], expected: 'FAIL' },
    { name: 'inactive-flow-log-fails', logs: [{ status: 'DELETING' }], expected: 'FAIL' },
    { name: 'reject-flow-log-fails-when-all-is-required', logs: [{ trafficType: 'REJECT' }], params: { trafficType: 'ALL' }, expected: 'FAIL' },
    { name: 'one-good-flow-log-among-bad-ones-passes', logs: [{ flowLogId: 'fl-1', trafficType: 'ACCEPT' }, { flowLogId: 'fl-2', trafficType: 'ALL' }], expected: 'PASS' },
  ];
  it.each(cases)('$name', ({ logs, params, expected }) => {
    const snap = snapshot({ vpcs: [vpc({ vpcId: 'vpc-1' })], flowLogs: logs.map((l) => flowLog(l)) });
    expect(resultFor(runRule(rule, snap, params), 'vpc-1').status).toBe(expected);
  });

  it('fail-message-says-why-each-log-falls-short', () => {
    const snap = snapshot({ vpcs: [vpc({ vpcId: 'vpc-1', tags: { Name: 'prod' } })], flowLogs: [flowLog({ flowLogId: 'fl-1', trafficType: 'ACCEPT' })] });
    expect(resultFor(runRule(rule, snap), 'vpc-1').message).toBe('vpc-1 (prod) has no working flow log recording REJECT or ALL traffic: fl-1 records ACCEPT traffic only');
  });

  it('describe-flow-logs-gap-turns-pass-into-unknown', () => {
    const snap = snapshot({ vpcs: [vpc({ vpcId: 'vpc-1' })], flowLogs: [flowLog()], coverageGaps: [coverageGap({ api: 'DescribeFlowLogs' })] });
    expect(resultFor(runRule(rule, snap), 'vpc-1').status).toBe('UNKNOWN');
  });
});

describe('ec2-vpc-flow-logs-enabled when flow logs could not be listed', () => {
  it('missing-flow-logs-with-describe-flow-logs-gap-is-unknown-not-fail', () => {
    const snap = snapshot({ vpcs: [vpc({ vpcId: 'vpc-1' })], coverageGaps: [coverageGap({ api: 'DescribeFlowLogs', errorCode: 'UnauthorizedOperation' })] });
    const f = resultFor(runRule(rule, snap), 'vpc-1');
    expect(f.status).toBe('UNKNOWN');
    expect(f.message).toBe('vpc-1: no qualifying flow log was seen, but flow logs could not be listed (ec2:DescribeFlowLogs failed (UnauthorizedOperation))');
  });

  it('missing-flow-logs-with-an-unrelated-gap-still-fails', () => {
    const snap = snapshot({ vpcs: [vpc({ vpcId: 'vpc-1' })], coverageGaps: [coverageGap({ api: 'DescribeInstances' })] });
    expect(resultFor(runRule(rule, snap), 'vpc-1').status).toBe('FAIL');
  });
});
