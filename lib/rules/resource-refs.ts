/** ResourceRefs for model objects, so every rule names resources the same way. */
import { accountArn, ec2Arn } from '../model/arn';
import type { ResourceRef } from '../engine/rule';
import type { EbsSnapshot, Image, Instance, LaunchTemplateVersion, NetworkAcl, SecurityGroup, Subnet, Trail, TransitGateway, Volume, Vpc } from '../model/types';

/**
 * One frozen ref per model object, shared by every rule that reports on it: eight instance rules
 * would otherwise build eight ARNs per instance (400,000 strings at 50,000 instances).
 */
function memoised<T extends object>(make: (o: T) => ResourceRef): (o: T) => ResourceRef {
  const cache = new WeakMap<T, ResourceRef>();
  return (o) => {
    let ref = cache.get(o);
    if (!ref) cache.set(o, (ref = Object.freeze(make(o))));
    return ref;
  };
}

export const instanceRef = memoised((i: Instance): ResourceRef => ({ accountId: i.accountId, region: i.region, type: 'AWS::EC2::Instance', id: i.instanceId, arn: ec2Arn(i.accountId, i.region, 'instance', i.instanceId), tags: i.tags }));
export const volumeRef = memoised((v: Volume): ResourceRef => ({ accountId: v.accountId, region: v.region, type: 'AWS::EC2::Volume', id: v.volumeId, arn: ec2Arn(v.accountId, v.region, 'volume', v.volumeId), tags: v.tags }));
export const snapshotRef = memoised((s: EbsSnapshot): ResourceRef => ({ accountId: s.accountId, region: s.region, type: 'AWS::EC2::Snapshot', id: s.snapshotId, arn: ec2Arn(s.accountId, s.region, 'snapshot', s.snapshotId), tags: s.tags }));
export const imageRef = memoised((i: Image): ResourceRef => ({ accountId: i.accountId, region: i.region, type: 'AWS::EC2::Image', id: i.imageId, arn: ec2Arn(i.accountId, i.region, 'image', i.imageId), tags: i.tags }));
export const securityGroupRef = memoised((g: SecurityGroup): ResourceRef => ({ accountId: g.accountId, region: g.region, type: 'AWS::EC2::SecurityGroup', id: g.groupId, arn: ec2Arn(g.accountId, g.region, 'security-group', g.groupId), tags: g.tags }));
export const naclRef = memoised((a: NetworkAcl): ResourceRef => ({ accountId: a.accountId, region: a.region, type: 'AWS::EC2::NetworkAcl', id: a.networkAclId, arn: ec2Arn(a.accountId, a.region, 'network-acl', a.networkAclId), tags: a.tags }));
export const subnetRef = memoised((s: Subnet): ResourceRef => ({ accountId: s.accountId, region: s.region, type: 'AWS::EC2::Subnet', id: s.subnetId, arn: ec2Arn(s.accountId, s.region, 'subnet', s.subnetId), tags: s.tags }));
export const vpcRef = memoised((v: Vpc): ResourceRef => ({ accountId: v.accountId, region: v.region, type: 'AWS::EC2::VPC', id: v.vpcId, arn: ec2Arn(v.accountId, v.region, 'vpc', v.vpcId), tags: v.tags }));
export const transitGatewayRef = memoised((t: TransitGateway): ResourceRef => ({ accountId: t.accountId, region: t.region, type: 'AWS::EC2::TransitGateway', id: t.transitGatewayId, arn: ec2Arn(t.accountId, t.region, 'transit-gateway', t.transitGatewayId), tags: t.tags }));
/** A launch template, named by any of its versions (findings are per template, not per version). */
export const launchTemplateRef = (v: LaunchTemplateVersion): ResourceRef => ({ accountId: v.accountId, region: v.region, type: 'AWS::EC2::LaunchTemplate', id: v.launchTemplateId, arn: ec2Arn(v.accountId, v.region, 'launch-template', v.launchTemplateId) });
export const trailRef = memoised((t: Trail): ResourceRef => ({ accountId: t.accountId, region: t.homeRegion, type: 'AWS::CloudTrail::Trail', id: t.name, arn: t.arn, tags: t.tags }));
/** Account-level results (CloudTrail.1, EBS default encryption per region). */
export const accountRef = (accountId: string, region: string): ResourceRef => ({ accountId, region, type: 'AWS::::Account', id: accountId, arn: accountArn(accountId, region) });
