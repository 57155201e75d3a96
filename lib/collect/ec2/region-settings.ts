/**
 * Account settings that hold per region, one call each: block public access for EBS snapshots
 * (GetSnapshotBlockPublicAccessState) and for AMIs (GetImageBlockPublicAccessState). A call that
 * fails leaves its field out, so only the rule that needs it reports UNKNOWN.
 */
import { GetImageBlockPublicAccessStateCommand, GetSnapshotBlockPublicAccessStateCommand } from '@aws-sdk/client-ec2';
import type { RegionSettings } from '../../model/types';
import { call } from '../calls';
import type { CollectContext, Collector } from '../types';

export const regionSettingsCollector: Collector = {
  name: 'region-settings',
  service: 'ec2',
  phase: 1,
  permissions: ['ec2:GetSnapshotBlockPublicAccessState', 'ec2:GetImageBlockPublicAccessState'],
  async collect(ctx: CollectContext) {
    const client = ctx.clients.ec2;
    const [snapshots, images] = await Promise.all([
      call(ctx, 'ec2', 'GetSnapshotBlockPublicAccessState', () => client.send(new GetSnapshotBlockPublicAccessStateCommand({}))),
      call(ctx, 'ec2', 'GetImageBlockPublicAccessState', () => client.send(new GetImageBlockPublicAccessStateCommand({}))),
    ]);
    const settings: RegionSettings = { ...ctx.target };
    if (snapshots?.State) settings.snapshotBlockPublicAccess = snapshots.State;
    if (images?.ImageBlockPublicAccessState) settings.imageBlockPublicAccess = images.ImageBlockPublicAccessState;
    if (settings.snapshotBlockPublicAccess !== undefined || settings.imageBlockPublicAccess !== undefined) ctx.out.regionSettings.push(settings);
  },
};
