import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';

export default defineRule({
  id: 'ec2-imdsv2-required',
  title: 'Instances require IMDSv2',
  severity: 'high',
  category: 'instance',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'IMDSv1 answers any GET from the instance, so an SSRF flaw in an application leaks the instance role credentials. IMDSv2 requires a session token obtained with a PUT, which SSRF cannot usually send.',
  remediation:
    'aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID --http-tokens required --http-endpoint enabled (and set HttpTokens=required in launch templates; aws ec2 modify-instance-metadata-defaults --http-tokens required makes it the region default).',
  params: z.strictObject({}),
  requires: ['ec2:DescribeInstances'],
  *evaluate({ inv }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      const m = i.metadataOptions;
      if (!m) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name}: metadata options were not reported` };
      } else if (m.httpEndpoint === 'disabled') {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} has the metadata service disabled` };
      } else if (m.httpTokens === 'required') {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} requires IMDSv2 tokens` };
      } else {
        yield { status: 'FAIL', resource: instanceRef(i), message: `${name} accepts IMDSv1 requests (HttpTokens=optional)`, evidence: { httpTokens: m.httpTokens, httpEndpoint: m.httpEndpoint } };
      }
    }
  },
});
