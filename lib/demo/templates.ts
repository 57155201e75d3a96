/**
 * The demo's launch templates, Transit Gateways and per-region account settings: one passing and one
 * failing case for each rule over them. The web Auto Scaling template was hardened (v3 and v4 require
 * IMDSv2); the legacy batch template still launches IMDSv1 instances with public addresses; the CI
 * runner template raised the hop limit for container builds; the tools account shares a Transit
 * Gateway that accepts attachments automatically; eu-west-1 never turned block public access on.
 */
import * as b from '../model/builders';
import type { LaunchTemplateVersion, RegionSettings, Snapshot, TransitGateway } from '../model/types';
import { EU, TOOLS, US, WORKLOADS } from './constants';
import { awsId } from './ids';

function launchTemplateVersions(): LaunchTemplateVersion[] {
  const web = awsId('lt', 'web-asg');
  const batch = awsId('lt', 'legacy-batch');
  const ci = awsId('lt', 'ci-runner');
  return [
    b.launchTemplateVersion({ accountId: WORKLOADS, region: US, launchTemplateId: web, launchTemplateName: 'prod-web-asg', versionNumber: 3, isDefault: true, isLatest: false, metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 } }),
    b.launchTemplateVersion({ accountId: WORKLOADS, region: US, launchTemplateId: web, launchTemplateName: 'prod-web-asg', versionNumber: 4, isDefault: false, isLatest: true, metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 }, networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: false }] }),
    b.launchTemplateVersion({ accountId: WORKLOADS, region: EU, launchTemplateId: batch, launchTemplateName: 'legacy-batch', versionNumber: 1, isDefault: true, isLatest: true, metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 2 }, networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: true }] }),
    b.launchTemplateVersion({ accountId: TOOLS, region: US, launchTemplateId: ci, launchTemplateName: 'ci-runner', versionNumber: 7, isDefault: true, isLatest: true, metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 } }),
  ];
}

function transitGateways(): TransitGateway[] {
  return [
    b.transitGateway({ accountId: WORKLOADS, region: US, transitGatewayId: awsId('tgw', 'core-hub'), ownerId: WORKLOADS, autoAcceptSharedAttachments: false, tags: { Name: 'core-hub' } }),
    b.transitGateway({ accountId: TOOLS, region: US, transitGatewayId: awsId('tgw', 'tools-share'), ownerId: TOOLS, autoAcceptSharedAttachments: true, tags: { Name: 'tools-share' } }),
  ];
}

function regionSettings(): RegionSettings[] {
  return [
    b.regionSettings({ accountId: WORKLOADS, region: US, snapshotBlockPublicAccess: 'block-all-sharing', imageBlockPublicAccess: 'block-new-sharing' }),
    b.regionSettings({ accountId: WORKLOADS, region: EU, snapshotBlockPublicAccess: 'unblocked', imageBlockPublicAccess: 'unblocked' }),
    b.regionSettings({ accountId: TOOLS, region: US, snapshotBlockPublicAccess: 'block-new-sharing', imageBlockPublicAccess: 'unblocked' }),
  ];
}

export function demoTemplatesAndSettings(): Pick<Snapshot, 'launchTemplateVersions' | 'transitGateways' | 'regionSettings'> {
  return { launchTemplateVersions: launchTemplateVersions(), transitGateways: transitGateways(), regionSettings: regionSettings() };
}
