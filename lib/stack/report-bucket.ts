/**
 * The report bucket: versioned (a run is never lost to an overwrite), encrypted with the stack's KMS
 * key (bucket key on, so S3 calls KMS once per object batch, not per object), SSL only, no public
 * access, server access logs to a separate log bucket, optional Object Lock (governance), and a
 * lifecycle per prefix: runs/ and reports/ go to Infrequent Access after 30 days and expire after
 * `retentionDays`; inventory/ (raw slices) after `inventoryRetentionDays`; latest/ and state/ never
 * expire (the next run needs them) but their overwritten versions do.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from './nag';
import { Construct } from 'constructs';
import { PREFIX } from '../layout';

export interface ReportBucketProps {
  readonly encryptionKey: kms.IKey;
  /** @default 365 */
  readonly retentionDays?: number;
  /** @default 30 */
  readonly inventoryRetentionDays?: number;
  /** Object Lock in governance mode for this many days. @default - no object lock */
  readonly objectLockDays?: number;
  /** Days overwritten or deleted versions are kept. @default 30 */
  readonly noncurrentVersionDays?: number;
}

/** Prefixes the Lambdas write; nothing else in the bucket is writable by them. */
export const BUCKET_PREFIXES = Object.values(PREFIX);

export class ReportBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportBucketProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 365;
    const inventory = props.inventoryRetentionDays ?? Math.min(30, retention);
    const noncurrent = Duration.days(props.noncurrentVersionDays ?? 30);
    // Log delivery through a bucket policy, not the legacy ACL (which BucketOwnerEnforced forbids),
    // whatever feature flags the embedding app sets.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    // Server access logs cannot be written to a bucket encrypted with a customer-managed KMS key.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(retention), noncurrentVersionExpiration: noncurrent, abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogs, 'AwsSolutions-S1', 'This is the access-log bucket of the report bucket; logging it into itself would loop and into another bucket would need a third.');

    // Infrequent Access bills at least 30 days per object: no transition for what expires sooner after it.
    const ia = (days: number) => (retention > days + 30 ? [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(days) }] : undefined);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'report-bucket/',
      ...(props.objectLockDays ? { objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(props.objectLockDays)) } : {}),
      lifecycleRules: [
        { id: 'runs', prefix: PREFIX.runs, transitions: ia(30), expiration: Duration.days(retention), noncurrentVersionExpiration: noncurrent },
        { id: 'reports', prefix: PREFIX.reports, transitions: ia(30), expiration: Duration.days(retention), noncurrentVersionExpiration: noncurrent },
        { id: 'inventory', prefix: PREFIX.inventory, expiration: Duration.days(inventory), noncurrentVersionExpiration: Duration.days(1) },
        // latest/ is overwritten every run with copies of files kept under runs/: old versions go after a day.
        { id: 'latest-old-versions', prefix: PREFIX.latest, noncurrentVersionExpiration: Duration.days(1) },
        { id: 'old-versions', noncurrentVersionExpiration: noncurrent, abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Expired objects leave delete markers in a versioned bucket; drop them once nothing is behind.
        { id: 'delete-markers', expiredObjectDeleteMarker: true },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
