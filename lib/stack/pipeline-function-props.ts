/** What every pipeline Lambda construct is built from. */
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { ResolvedConfig } from './config';
import type { PipelineResources, PolicyEnvironment } from './lambda-env';

export interface StackPolicyFiles extends PolicyEnvironment {
  /** Absolute path of the effective policy JSON, copied into the bundles. */
  readonly jsonFile?: string;
}

export interface PipelineFunctionProps {
  readonly config: ResolvedConfig;
  readonly policy: StackPolicyFiles;
  readonly resources: PipelineResources;
  readonly bucket: s3.Bucket;
  readonly key: kms.IKey;
  readonly topic: sns.ITopic;
}
