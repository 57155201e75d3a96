import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { launchTemplateRef } from './resource-refs';
import { launchTemplateLabel, launchTemplates, versionLabel } from './support/launch-templates';

export default defineRule({
  id: 'ec2-launch-template-no-public-ip',
  title: 'Launch templates do not assign public IP addresses to network interfaces',
  severity: 'medium',
  category: 'network',
  resourceType: 'AWS::EC2::LaunchTemplate',
  rationale:
    'AssociatePublicIpAddress=true in a template gives every instance launched from it a public IPv4 address, even in a subnet that does not assign one, so the instance is one security-group rule away from the internet. Addresses should come from a load balancer or NAT, not from the template.',
  remediation:
    "aws ec2 create-launch-template-version --launch-template-id LAUNCH_TEMPLATE_ID --source-version VERSION --launch-template-data '{\"NetworkInterfaces\":[{\"DeviceIndex\":0,\"AssociatePublicIpAddress\":false}]}' (keep the interface's other settings), then aws ec2 modify-launch-template --launch-template-id LAUNCH_TEMPLATE_ID --default-version NEW_VERSION and replace the instances launched from the old version.",
  params: z.strictObject({}),
  requires: ['ec2:DescribeLaunchTemplateVersions'],
  *evaluate({ inv }) {
    for (const t of launchTemplates(inv.snapshot.launchTemplateVersions)) {
      const name = launchTemplateLabel(t.first);
      const resource = launchTemplateRef(t.first);
      const assigning = t.versions.filter((v) => v.networkInterfaces.some((n) => n.associatePublicIpAddress === true));
      if (assigning.length) {
        yield {
          status: 'FAIL',
          resource,
          message: `${name} assigns a public IPv4 address in ${assigning.map(versionLabel).join(' and ')}`,
          evidence: { versions: assigning.map((v) => ({ versionNumber: v.versionNumber, isDefault: v.isDefault, isLatest: v.isLatest, deviceIndexes: v.networkInterfaces.filter((n) => n.associatePublicIpAddress === true).map((n) => n.deviceIndex ?? null) })) },
        };
      } else {
        yield { status: 'PASS', resource, message: `${name} assigns no public IPv4 address in ${t.versions.map(versionLabel).join(' and ')}` };
      }
    }
  },
});
