import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { launchTemplateRef } from './resource-refs';
import { launchTemplateLabel, launchTemplates, versionLabel } from './support/launch-templates';

export default defineRule({
  id: 'ec2-launch-template-hop-limit',
  title: 'Launch templates keep instance metadata tokens on the instance (hop limit ≤ 1)',
  severity: 'low',
  category: 'instance',
  resourceType: 'AWS::EC2::LaunchTemplate',
  rationale:
    'A hop limit of 2 or more in a template lets every instance launched from it hand IMDSv2 tokens to containers, proxies or neighbours on a bridged network, which can then read the instance role credentials. A template that sets no hop limit leaves it to the AMI or region default, which ec2-imds-hop-limit judges on the instances themselves.',
  remediation:
    "aws ec2 create-launch-template-version --launch-template-id LAUNCH_TEMPLATE_ID --source-version VERSION --launch-template-data '{\"MetadataOptions\":{\"HttpPutResponseHopLimit\":1}}', then aws ec2 modify-launch-template --launch-template-id LAUNCH_TEMPLATE_ID --default-version NEW_VERSION (container hosts that need 2: raise maxHopLimit for this rule in the policy).",
  params: z.strictObject({ maxHopLimit: z.number().int().min(1).max(64).default(1) }),
  requires: ['ec2:DescribeLaunchTemplateVersions'],
  *evaluate({ inv, params }) {
    for (const t of launchTemplates(inv.snapshot.launchTemplateVersions)) {
      const name = launchTemplateLabel(t.first);
      const resource = launchTemplateRef(t.first);
      // The metadata service off in a version: no token travels at all.
      const judged = t.versions.filter((v) => v.metadataOptions.httpEndpoint !== 'disabled');
      const set = judged.filter((v) => v.metadataOptions.httpPutResponseHopLimit !== undefined);
      const over = set.filter((v) => (v.metadataOptions.httpPutResponseHopLimit as number) > params.maxHopLimit);
      if (over.length) {
        yield {
          status: 'FAIL',
          resource,
          message: `${name} lets metadata tokens travel ${over.map((v) => `${v.metadataOptions.httpPutResponseHopLimit} hops in ${versionLabel(v)}`).join(' and ')} (at most ${params.maxHopLimit} allowed)`,
          evidence: { maxHopLimit: params.maxHopLimit, versions: over.map((v) => ({ versionNumber: v.versionNumber, isDefault: v.isDefault, isLatest: v.isLatest, httpPutResponseHopLimit: v.metadataOptions.httpPutResponseHopLimit })) },
        };
      } else if (judged.length === 0) {
        yield { status: 'PASS', resource, message: `${name} turns the metadata service off` };
      } else if (set.length < judged.length) {
        yield { status: 'NOT_APPLICABLE', resource, message: `${name} sets no hop limit in ${judged.filter((v) => !set.includes(v)).map(versionLabel).join(' and ')}: instances get the AMI or region default, judged by ec2-imds-hop-limit` };
      } else {
        yield { status: 'PASS', resource, message: `${name} sets a metadata hop limit of at most ${params.maxHopLimit} in ${judged.map(versionLabel).join(' and ')}` };
      }
    }
  },
});
