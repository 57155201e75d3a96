import * as z from 'zod';
import { defineRule } from '../engine/rule';
import type { FlowLog } from '../model/types';
import { vpcRef } from './resource-refs';
import { label, listText, nameTag } from './support/labels';

type Wanted = 'REJECT' | 'ACCEPT' | 'ALL';

/** Why a flow log does not satisfy the rule, or undefined when it does. */
function shortfall(f: FlowLog, wanted: Wanted): string | undefined {
  if (f.status.toUpperCase() !== 'ACTIVE') return `${f.flowLogId} is ${f.status}`;
  if (f.deliverLogsStatus?.toUpperCase() === 'FAILED') return `${f.flowLogId} fails to deliver its logs`;
  if (f.trafficType !== 'ALL' && f.trafficType !== wanted) return `${f.flowLogId} records ${f.trafficType} traffic only`;
  return undefined;
}

export default defineRule({
  id: 'ec2-vpc-flow-logs-enabled',
  title: 'Every VPC has flow logs enabled',
  severity: 'medium',
  category: 'logging',
  resourceType: 'AWS::EC2::VPC',
  rationale:
    'Flow logs are the only record of which addresses talked to which on what port: without them an incident responder cannot tell whether a compromised instance reached the database or exfiltrated data, and rejected-traffic patterns (scans, lateral-movement attempts) go unseen.',
  remediation:
    'aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type REJECT (or ALL) --log-destination-type cloud-watch-logs --log-group-name LOG_GROUP --deliver-logs-permission-arn ROLE_ARN (or --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET).',
  params: z.strictObject({
    /** Traffic the flow log must record: REJECT (satisfied by REJECT or ALL), ACCEPT (ACCEPT or ALL), or ALL. */
    trafficType: z.enum(['REJECT', 'ACCEPT', 'ALL']).default('REJECT'),
  }),
  requires: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
  *evaluate({ inv, params }) {
    for (const v of inv.snapshot.vpcs) {
      const name = label(v.vpcId, nameTag(v.tags));
      const logs = inv.flowLogsFor(v.accountId, v.region, v.vpcId);
      const good = logs.find((f) => shortfall(f, params.trafficType) === undefined);
      if (good) {
        yield { status: 'PASS', resource: vpcRef(v), message: `${name} has flow log ${good.flowLogId} recording ${good.trafficType} traffic`, evidence: { flowLogId: good.flowLogId, trafficType: good.trafficType } };
        continue;
      }
      const reasons = logs.map((f) => shortfall(f, params.trafficType)!);
      // The engine only downgrades PASS; a FAIL built on flow logs that could not be listed would be a guess.
      const gaps = inv.gapsFor(v.accountId, v.region, ['ec2:DescribeFlowLogs']);
      if (gaps.length) {
        yield {
          status: 'UNKNOWN',
          resource: vpcRef(v),
          message: `${name}: no qualifying flow log was seen, but flow logs could not be listed (${gaps.map((g) => `${g.service}:${g.api} failed (${g.errorCode})`).join('; ')})`,
          evidence: { vpcId: v.vpcId, flowLogsSeen: logs.map((f) => f.flowLogId) },
        };
        continue;
      }
      yield {
        status: 'FAIL',
        resource: vpcRef(v),
        message: logs.length
          ? `${name} has no working flow log recording ${params.trafficType === 'ALL' ? 'ALL' : `${params.trafficType} or ALL`} traffic: ${listText(reasons, 3)}`
          : `${name} has no flow logs`,
        evidence: { vpcId: v.vpcId, wanted: params.trafficType, flowLogs: logs.map((f) => ({ flowLogId: f.flowLogId, trafficType: f.trafficType, status: f.status, deliverLogsStatus: f.deliverLogsStatus })) },
      };
    }
  },
});
