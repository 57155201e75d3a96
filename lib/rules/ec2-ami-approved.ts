import * as z from 'zod';
import { defineRule } from '../engine/rule';
import type { Image, Instance } from '../model/types';
import { instanceRef } from './resource-refs';
import { instanceLabel, liveInstances } from './support/instances';
import { daysSince, label, listText } from './support/labels';

const owner = z.string().regex(/^(\d{12}|[a-z][a-z0-9-]*)$/, 'expected a 12-digit account id or an owner alias such as self, amazon or aws-marketplace');
const amiId = z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'expected an AMI id like ami-0123456789abcdef0');

function ownerApproved(image: Image, i: Instance, owners: readonly string[]): boolean {
  if (owners.includes(image.ownerId)) return true;
  if (image.ownerAlias && owners.includes(image.ownerAlias)) return true;
  return owners.includes('self') && image.ownerId === i.accountId;
}

export default defineRule({
  id: 'ec2-ami-approved',
  title: 'Instances run approved, current, non-deprecated AMIs',
  severity: 'medium',
  category: 'image',
  resourceType: 'AWS::EC2::Instance',
  rationale:
    'An instance is only as trustworthy as the image it booted from. Images from unknown publishers can carry backdoors; old or deprecated images miss security fixes and hardening. Approving owners (your own build account, Amazon) or image ids, and bounding image age, keeps the fleet on a maintained golden-image pipeline (AWS Config approved-amis-by-id / approved-amis-by-owner).',
  remediation:
    'Relaunch the workload from an approved, current image (update the launch template or Auto Scaling group: aws ec2 create-launch-template-version --launch-template-id LT_ID --source-version 1 --launch-template-data ImageId=AMI_ID, then an instance refresh), or add the image or its owner to rules.ec2-ami-approved in the policy file if it is legitimately approved.',
  params: z.strictObject({
    /** Approved image owners: account ids, or aliases ('self' = the instance's own account, 'amazon', 'aws-marketplace'). */
    owners: z.array(owner).default(['self', 'amazon']),
    /** Images approved by id, whatever their owner. */
    imageIds: z.array(amiId).default([]),
    /** Maximum image age in days at audit time; 0 turns the age check off. */
    maxAgeDays: z.number().int('expected a whole number of days').min(0, 'expected 0 (no limit) or more days').default(365),
  }),
  requires: ['ec2:DescribeInstances', 'ec2:DescribeImages'],
  *evaluate({ inv, params, now }) {
    for (const i of liveInstances(inv.snapshot.instances)) {
      const name = instanceLabel(i);
      if (!i.imageId) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name}: its image id was not reported` };
        continue;
      }
      const image = inv.image(i.accountId, i.region, i.imageId);
      if (!image) {
        yield {
          status: 'UNKNOWN',
          resource: instanceRef(i),
          message: `${name} runs ${i.imageId}, which DescribeImages did not return (deregistered, or no longer shared with ${i.accountId}), so its owner, age and deprecation cannot be checked`,
          evidence: { imageId: i.imageId },
        };
        continue;
      }
      const problems: string[] = [];
      const byId = params.imageIds.includes(image.imageId);
      const ownerOk = ownerApproved(image, i, params.owners);
      if (!byId && !ownerOk) {
        problems.push(`is owned by ${image.ownerAlias ? `${image.ownerAlias} (${image.ownerId})` : image.ownerId}, not an approved owner (${listText(params.owners)})`);
      }
      const deprecated = image.deprecationTime !== undefined && Date.parse(image.deprecationTime) <= now.getTime();
      if (deprecated) problems.push(`has been deprecated since ${image.deprecationTime!.slice(0, 10)}`);
      if (image.state !== 'available' && image.state !== 'pending') problems.push(`is in state ${image.state}`);
      const age = daysSince(image.creationDate, now);
      if (params.maxAgeDays > 0 && age !== undefined && age > params.maxAgeDays) problems.push(`is ${age} days old (allowed: ${params.maxAgeDays})`);
      const evidence = {
        imageId: image.imageId,
        imageName: image.name,
        ownerId: image.ownerId,
        ownerAlias: image.ownerAlias,
        creationDate: image.creationDate,
        deprecationTime: image.deprecationTime,
        ageDays: age,
        approvedBy: byId ? 'imageIds' : ownerOk ? 'owners' : undefined,
      };
      const img = label(image.imageId, image.name);
      if (problems.length) {
        yield { status: 'FAIL', resource: instanceRef(i), message: `${name} runs ${img}, which ${listText(problems)}`, evidence: { ...evidence, problems } };
      } else if (params.maxAgeDays > 0 && age === undefined) {
        yield { status: 'UNKNOWN', resource: instanceRef(i), message: `${name} runs ${img}, whose creation date was not reported, so its age cannot be checked`, evidence };
      } else {
        yield { status: 'PASS', resource: instanceRef(i), message: `${name} runs ${img}, approved${age !== undefined ? ` and ${age} days old` : ''}`, evidence };
      }
    }
  },
});
