/**
 * Which rules run on a template. Before deploy a template says nothing about the account around it
 * (its other trails, its EBS default, its snapshots and images, how long an instance was stopped),
 * so the rules over those run only with --baseline, where the merged inventory holds them. Event
 * rules never run: a template has no CloudTrail events.
 */
import type { Rule } from '../engine/rule';
import { CATALOGUE as CONFIG_RULES } from '../rules/index';
import { ISOLATION_RULES } from '../isolation/rules/index';

/** Rules whose data a template alone does not hold; each needs the deployed account. */
export const NEEDS_DEPLOYED_ACCOUNT: Readonly<Record<string, string>> = {
  'ec2-instance-stopped-too-long': 'how long an instance has been stopped is a fact of the running account',
  'ec2-snapshot-not-public': 'EBS snapshots are not created by templates',
  'ec2-ami-not-public': 'AMIs are not created by templates',
  'ec2-ami-approved': 'the image behind an ImageId (often an SSM parameter) is known only in the account',
  'ec2-instance-no-paravirtual': 'the virtualization type comes from the AMI, known only in the account',
  'ec2-ebs-default-encryption': 'EBS encryption by default is an account setting',
  'ct-trail-enabled': 'whether the account has a trail depends on trails outside this template',
  'ct-multi-region-trail': 'whether the account has a multi-region trail depends on trails outside this template',
  'ec2-snapshot-encrypted': 'EBS snapshots are not created by templates',
  'ec2-snapshot-shared-trusted': 'EBS snapshots are not created by templates',
  'ec2-ami-shared-trusted': 'AMIs are not created by templates',
  'ec2-snapshot-block-public-access': 'block public access for snapshots is an account setting',
  'ec2-image-block-public-access': 'block public access for AMIs is an account setting',
};

export function templateRules(withBaseline: boolean): Rule[] {
  return [...CONFIG_RULES, ...ISOLATION_RULES].filter((r) => withBaseline || !(r.id in NEEDS_DEPLOYED_ACCOUNT));
}
