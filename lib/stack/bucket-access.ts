/**
 * Least-privilege access to the report bucket for one role: object actions on named prefixes only,
 * ListBucket limited by an s3:prefix condition, and the KMS actions the bucket's key needs (Decrypt to
 * read, GenerateDataKey to write). No statement ever has a `*` resource for a write.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { acknowledge, nagArnRef } from './nag';

export interface BucketAccess {
  /** Key prefixes (ending in '/') or exact keys the role may read. */
  readonly read?: readonly string[];
  readonly write?: readonly string[];
  readonly delete?: readonly string[];
  /** Prefixes the role may list. */
  readonly list?: readonly string[];
}

const objectPattern = (p: string) => (p.endsWith('/') ? `${p}*` : p);

export function grantBucketAccess(role: iam.IRole & IConstruct, bucket: s3.IBucket & IConstruct, key: kms.IKey, access: BucketAccess): void {
  const add = (sid: string, actions: string[], prefixes: readonly string[] | undefined) => {
    if (!prefixes?.length) return;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources: prefixes.map((p) => bucket.arnForObjects(objectPattern(p))) }));
  };
  add('ReadReportObjects', ['s3:GetObject'], access.read);
  add('WriteReportObjects', ['s3:PutObject'], access.write);
  add('DeleteReportMarkers', ['s3:DeleteObject'], access.delete);
  if (access.list?.length) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ListReportPrefixes', actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringLike: { 's3:prefix': access.list.map(objectPattern) } } }),
    );
  }
  const kmsActions = [...(access.read?.length || access.write?.length ? ['kms:Decrypt'] : []), ...(access.write?.length ? ['kms:GenerateDataKey'] : [])];
  if (kmsActions.length) role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'UseReportBucketKey', actions: kmsActions, resources: [key.keyArn] }));

  const arn = nagArnRef(bucket);
  const prefixes = new Set([...(access.read ?? []), ...(access.write ?? []), ...(access.delete ?? [])].filter((p) => p.endsWith('/')));
  for (const p of prefixes) {
    acknowledge(role, `AwsSolutions-IAM5[Resource::${arn}/${p}*]`, `Object keys under ${p} are created per run, target and period; the role is limited to that prefix of its own bucket.`);
  }
}
