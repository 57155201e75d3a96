import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';

export default defineRule({
  id: 'ec2-imds-hop-limit',
  title: 'Instance metadata responses do not travel beyond the instance (hop limit ≤ 1)',
  severity: 'low',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'The PUT response hop limit is how many network hops an IMDSv2 token may travel. At 1 the token never leaves the instance; at 2 or more a container, a forwarding proxy or a compromised neighbour on a bridged network can obtain a token and read the instance role credentials. Raise it only for hosts that run containers needing the metadata service, and say so in the policy.',
  remediation:
    'aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID --http-put-response-hop-limit 1 (and set HttpPutResponseHopLimit=1 in launch templates; for container hosts that need 2, raise maxHopLimit for this rule in the policy or add an exception).',
  params: z.strictObject({ maxHopLimit: z.number().int().min(1).max(64).default(1) }),
  requires: ['ec2:DescribeInstances'],
  *evaluate({ inv, params }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      const m = i.metadataOptions;
      if (!m) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name}: metadata options were not reported` };
      } else if (m.httpEndpoint === 'disabled') {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} has the metadata service disabled` };
      } else if (m.httpPutResponseHopLimit === undefined) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name}: the metadata hop limit was not reported` };
      } else if (m.httpPutResponseHopLimit <= params.maxHopLimit) {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} has a metadata hop limit of ${m.httpPutResponseHopLimit}` };
      } else {
        yield {
          status: 'FAIL',
          resource: instanceRef(i),
          message: `${name} lets metadata tokens travel ${m.httpPutResponseHopLimit} hops (at most ${params.maxHopLimit} allowed)`,
          evidence: { httpPutResponseHopLimit: m.httpPutResponseHopLimit, maxHopLimit: params.maxHopLimit, httpTokens: m.httpTokens },
        };
      }
    }
  },
});
