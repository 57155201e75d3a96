/**
 * Launch templates: the default and the latest version of every template in one paginated listing
 * (DescribeLaunchTemplateVersions with Versions=$Default,$Latest and no template id, the form the
 * API documents for "all templates in the account"), never one call per template. Only the settings
 * the rules judge are kept: metadata options and whether network interfaces get a public address.
 */
import { paginateDescribeLaunchTemplateVersions, type LaunchTemplateVersion as SdkVersion } from '@aws-sdk/client-ec2';
import type { LaunchTemplateVersion } from '../../model/types';
import { eachPage } from '../calls';
import { PAGE_SIZE } from '../page-sizes';
import type { CollectContext, Collector } from '../types';

export function toLaunchTemplateVersion(v: SdkVersion, accountId: string, region: string): LaunchTemplateVersion | undefined {
  if (!v.LaunchTemplateId || v.VersionNumber === undefined) return undefined;
  const m = v.LaunchTemplateData?.MetadataOptions;
  const tokens = m?.HttpTokens === 'required' || m?.HttpTokens === 'optional' ? m.HttpTokens : undefined;
  const endpoint = m?.HttpEndpoint === 'enabled' || m?.HttpEndpoint === 'disabled' ? m.HttpEndpoint : undefined;
  return {
    accountId,
    region,
    launchTemplateId: v.LaunchTemplateId,
    launchTemplateName: v.LaunchTemplateName,
    versionNumber: v.VersionNumber,
    isDefault: v.DefaultVersion === true,
    // Set once every version of the template has been read.
    isLatest: false,
    metadataOptions: {
      ...(tokens ? { httpTokens: tokens } : {}),
      ...(endpoint ? { httpEndpoint: endpoint } : {}),
      ...(m?.HttpPutResponseHopLimit !== undefined ? { httpPutResponseHopLimit: m.HttpPutResponseHopLimit } : {}),
    },
    networkInterfaces: (v.LaunchTemplateData?.NetworkInterfaces ?? []).map((n) => ({
      ...(n.DeviceIndex !== undefined ? { deviceIndex: n.DeviceIndex } : {}),
      ...(n.AssociatePublicIpAddress !== undefined ? { associatePublicIpAddress: n.AssociatePublicIpAddress } : {}),
    })),
  };
}

/** The listing holds only the default and the latest version of each template: the higher number is the latest. */
export function markLatest(versions: LaunchTemplateVersion[]): void {
  const highest = new Map<string, number>();
  for (const v of versions) highest.set(v.launchTemplateId, Math.max(highest.get(v.launchTemplateId) ?? -1, v.versionNumber));
  for (const v of versions) v.isLatest = highest.get(v.launchTemplateId) === v.versionNumber;
}

export const launchTemplatesCollector: Collector = {
  name: 'launch-templates',
  service: 'ec2',
  phase: 1,
  permissions: ['ec2:DescribeLaunchTemplateVersions'],
  async collect(ctx: CollectContext) {
    const { accountId, region } = ctx.target;
    const read: LaunchTemplateVersion[] = [];
    const seen = new Set<string>();
    await eachPage(
      ctx,
      'ec2',
      'DescribeLaunchTemplateVersions',
      paginateDescribeLaunchTemplateVersions({ client: ctx.clients.ec2, pageSize: PAGE_SIZE.DescribeLaunchTemplateVersions }, { Versions: ['$Default', '$Latest'] }),
      (p) => {
        for (const x of p.LaunchTemplateVersions ?? []) {
          const v = toLaunchTemplateVersion(x, accountId, region);
          // A version that is both default and latest can be listed twice.
          if (v && !seen.has(`${v.launchTemplateId}|${v.versionNumber}`)) {
            seen.add(`${v.launchTemplateId}|${v.versionNumber}`);
            read.push(v);
          }
        }
      },
    );
    markLatest(read);
    ctx.out.launchTemplateVersions.push(...read);
  },
};
