/** ARNs for resources in the model. The partition follows the region (China and GovCloud differ). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export function ec2Arn(accountId: string, region: string, kind: string, id: string): string {
  // EC2 snapshots and AMIs live in the account but AMIs have no account in their ARN.
  const account = kind === 'image' ? '' : accountId;
  return `arn:${partitionOf(region)}:ec2:${region}:${account}:${kind}/${id}`;
}

export function accountArn(accountId: string, region = 'us-east-1'): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:root`;
}
