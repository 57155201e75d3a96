/**
 * The five pipeline Lambdas, each a spec (handler, the bucket prefixes it reads and writes, whether
 * it publishes to the topic, any other grant) built by one construct, `PipelineFunction`; memory and
 * time-out come from lambda-memory.ts (the measured figures). The grant and the environment variables that go with a Lambda are in its spec
 * and nowhere else; the prefixes come from lib/layout.ts.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { collectorPermissions } from '../collect/registry';
import { LAST_RUN_KEY, PREFIX, STATE_PREFIX } from '../layout';
import { AuditFunction } from './audit-function';
import { grantBucketAccess, type BucketAccess } from './bucket-access';
import type { ResolvedConfig } from './config';
import { lambdaEnvironment, type FunctionKind } from './lambda-env';
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from './lambda-memory';
import { acknowledge } from './nag';
import type { PipelineFunctionProps } from './pipeline-function-props';

export interface PipelineFunctionSpec {
  readonly kind: FunctionKind;
  /** Handler file under lambdas/, without extension. */
  readonly handler: string;
  readonly description: string;
  /** The bundle carries the effective policy as policy.json. */
  readonly readsPolicy: boolean;
  readonly bucket: BucketAccess;
  /** sns:Publish on the alert topic and the KMS actions its encryption needs. */
  readonly publishes: boolean;
  /** Physical role name. @default - generated */
  readonly roleName?: (config: ResolvedConfig) => string;
  /** Grants beyond the bucket and the topic (made first). */
  readonly grant?: (role: iam.Role, config: ResolvedConfig) => void;
}

/** sns:Publish on the alert topic, and the KMS actions its encryption needs. */
export function grantPublish(role: iam.IRole, props: Pick<PipelineFunctionProps, 'topic' | 'key'>): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.topic.topicArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'EncryptAlerts', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.key.keyArn] }));
}

/** What a Lambda's wiring adds (the event Lambda's dead-letter queue). */
export interface PipelineFunctionOptions {
  /** Async invocation dead-letter queue. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Async invocation retries. @default 2 */
  readonly retryAttempts?: number;
}

/** One pipeline Lambda from its spec: an AuditFunction with its environment, policy file and grants. */
export class PipelineFunction extends Construct {
  readonly audit: AuditFunction;

  constructor(scope: Construct, id: string, spec: PipelineFunctionSpec, props: PipelineFunctionProps, options: PipelineFunctionOptions = {}) {
    super(scope, id);
    const { config } = props;
    this.audit = new AuditFunction(this, 'Lambda', {
      handler: spec.handler,
      description: spec.description,
      memorySize: LAMBDA_MEMORY_MB[spec.kind],
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS[spec.kind]),
      environment: lambdaEnvironment(spec.kind, config, props.policy, props.resources),
      logRetentionDays: config.logRetentionDays,
      ...(spec.readsPolicy ? { policyJsonFile: props.policy.jsonFile } : {}),
      code: config.lambdaCode,
      ...(spec.roleName ? { roleName: spec.roleName(config) } : {}),
      ...options,
    });
    spec.grant?.(this.audit.role, config);
    grantBucketAccess(this.audit.role, props.bucket, props.key, spec.bucket);
    if (spec.publishes) grantPublish(this.audit.role, props);
  }
}

/** Plans a run: reads state/last-run.json, writes the target list, lists the organization in org mode. */
export const TARGETS_FUNCTION: PipelineFunctionSpec = {
  kind: 'targets',
  handler: 'targets',
  description: 'vmaudit: plan a run (accounts x regions, event window start)',
  readsPolicy: false,
  bucket: { read: [LAST_RUN_KEY], write: [PREFIX.inventory] },
  publishes: false,
  grant: (role, config) => {
    if (!config.organization) return;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ListOrganizationAccounts', actions: ['organizations:ListAccounts'], resources: ['*'] }));
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'organizations:ListAccounts supports no resource-level permission; it is read-only.');
  },
};

/**
 * Collects one target. Its role is the collector role member accounts trust (fixed name), with exactly
 * the collectors' declared read-only actions for the auditor's own account and sts:AssumeRole on the
 * member role name only.
 */
export const COLLECT_FUNCTION: PipelineFunctionSpec = {
  kind: 'collect',
  handler: 'collect',
  description: 'vmaudit: collect one account/region and run the target-scope rules',
  readsPolicy: true,
  bucket: { write: [PREFIX.inventory, STATE_PREFIX.inventory] },
  publishes: false,
  roleName: (config) => config.collectorRoleName,
  grant: (role, config) => {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadInventory', actions: collectorPermissions(), resources: ['*'] }));
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'The collectors call only read-only Describe*/Get*/List*/LookupEvents actions, named one by one; none of them supports resource-level permissions.');
    if (!config.organization && !config.accounts.length) return;
    const memberRole = config.memberRoleName.replace(/^\/+/, '');
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'AssumeMemberReadRole', actions: ['sts:AssumeRole'], resources: [`arn:${Aws.PARTITION}:iam::*:role/${memberRole}`] }));
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${memberRole}]`,
      'The member accounts are listed at run time (organization mode) or configured; the role name is fixed and each member role trusts only this collector role.',
    );
  },
};

/** Estate rules, lifecycle, reports, manifest and alert of a run. */
export const PUBLISH_FUNCTION: PipelineFunctionSpec = {
  kind: 'publish',
  handler: 'publish',
  description: 'vmaudit: estate rules, lifecycle, reports, manifest and alert of a run',
  readsPolicy: true,
  bucket: {
    read: [PREFIX.inventory, PREFIX.runs, PREFIX.latest, PREFIX.state],
    write: [PREFIX.runs, PREFIX.latest, PREFIX.state],
    delete: [STATE_PREFIX.alerts],
    list: [PREFIX.inventory, PREFIX.runs],
  },
  publishes: true,
};

/** The periodic report: reads runs/, writes reports/ and the digest marker, sends the digest. */
export const REPORT_FUNCTION: PipelineFunctionSpec = {
  kind: 'report',
  handler: 'report',
  description: 'vmaudit: periodic compliance report and e-mail digest',
  readsPolicy: true,
  bucket: { read: [PREFIX.runs, PREFIX.latest], write: [PREFIX.reports, STATE_PREFIX.digests], delete: [STATE_PREFIX.digests], list: [PREFIX.runs] },
  publishes: true,
};

/**
 * The real-time event Lambda (lambdas/event-handler.ts): its per-account/region state under
 * state/realtime/, the newest inventory slice under state/inventory/, alerts. The topic's
 * kms:GenerateDataKey on the stack key also covers the encrypted dead-letter queue.
 */
export const EVENT_FUNCTION: PipelineFunctionSpec = {
  kind: 'event',
  handler: 'event-handler',
  description: 'vmaudit: real-time CloudTrail event rules and alerts',
  readsPolicy: true,
  bucket: { read: [STATE_PREFIX.realtime, STATE_PREFIX.inventory], write: [STATE_PREFIX.realtime] },
  publishes: true,
};
