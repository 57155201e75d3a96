import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { launchTemplateRef } from './resource-refs';
import { launchTemplateLabel, launchTemplates, versionLabel } from './support/launch-templates';
import type { LaunchTemplateVersion } from '../model/types';

/** Why a version lets an instance start with IMDSv1, or undefined when it does not. */
function allowsImdsV1(v: LaunchTemplateVersion): string | undefined {
  const m = v.metadataOptions;
  if (m.httpEndpoint === 'disabled' || m.httpTokens === 'required') return undefined;
  return m.httpTokens === 'optional' ? 'sets HttpTokens=optional' : 'does not set HttpTokens (instances get the AMI or region default, often optional)';
}

export default defineRule({
  id: 'ec2-launch-template-imdsv2',
  title: 'Launch templates require IMDSv2',
  severity: 'high',
  category: 'instance',
  resourceType: 'AWS::EC2::LaunchTemplate',
  rationale:
    'Every instance an Auto Scaling group, a fleet or a person launches from the template inherits its metadata options. A template that leaves IMDSv1 on keeps producing instances whose role credentials an SSRF flaw can read, however often the running ones are fixed. Both the default version (what launches use) and the latest (what $Latest and the next default give) are checked.',
  remediation:
    "aws ec2 create-launch-template-version --launch-template-id LAUNCH_TEMPLATE_ID --source-version VERSION --launch-template-data '{\"MetadataOptions\":{\"HttpTokens\":\"required\",\"HttpEndpoint\":\"enabled\"}}', then aws ec2 modify-launch-template --launch-template-id LAUNCH_TEMPLATE_ID --default-version NEW_VERSION and refresh the instances launched from it (aws autoscaling start-instance-refresh --auto-scaling-group-name ASG_NAME).",
  params: z.strictObject({}),
  requires: ['ec2:DescribeLaunchTemplateVersions'],
  *evaluate({ inv }) {
    for (const t of launchTemplates(inv.snapshot.launchTemplateVersions)) {
      const name = launchTemplateLabel(t.first);
      const resource = launchTemplateRef(t.first);
      const failing = t.versions.map((v) => ({ v, why: allowsImdsV1(v) })).filter((x) => x.why !== undefined);
      if (failing.length === 0) {
        yield { status: 'PASS', resource, message: `${name} requires IMDSv2 in ${t.versions.map(versionLabel).join(' and ')}` };
      } else {
        yield {
          status: 'FAIL',
          resource,
          message: `${name} lets instances use IMDSv1: ${failing.map((x) => `${versionLabel(x.v)} ${x.why}`).join('; ')}`,
          evidence: { versions: failing.map((x) => ({ versionNumber: x.v.versionNumber, isDefault: x.v.isDefault, isLatest: x.v.isLatest, httpTokens: x.v.metadataOptions.httpTokens ?? null })) },
        };
      }
    }
  },
});
