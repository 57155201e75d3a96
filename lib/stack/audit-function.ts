/**
 * One vmaudit Lambda: Node.js 22 on arm64, bundled locally by esbuild (no Docker), minified, with its
 * own role (no managed policy: logs permission on its own log group only), a log group with retention,
 * JSON logs (Powertools), and the effective policy copied into the bundle as policy.json.
 *
 * The AWS SDK is bundled, not taken from the runtime: it pins the versions the tests ran, and esbuild
 * with the SDK's ES-module builds (mainFields module,main) drops the commands a handler never sends,
 * so the bundles stay within the 450 KB zipped target and load faster than the runtime's full SDK.
 * The settings live in lambda-bundling.ts, where the `bundles` benchmark reads them too.
 */
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LambdaCodeMode } from './config';
import { DEFAULT_POLICY_FILE_NAME } from '../pipeline/env-names';
import { LAMBDA_BUNDLING } from './lambda-bundling';

/** The repository root: lambdas/ and package-lock.json live there. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

export interface AuditFunctionProps {
  /** Handler file under lambdas/, without extension, e.g. 'collect'. */
  readonly handler: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  /** A CloudWatch Logs retention value in days. */
  readonly logRetentionDays: number;
  /** JSON file copied into the bundle as policy.json. @default - none */
  readonly policyJsonFile?: string;
  /** @default 'bundle' */
  readonly code?: LambdaCodeMode;
  /** Physical role name (member roles trust the collector role by name). @default - generated */
  readonly roleName?: string;
  /** Async invocation dead-letter queue. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Async invocation retries. @default 2 */
  readonly retryAttempts?: number;
}

export class AuditFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditFunctionProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `vmaudit ${props.handler} Lambda`,
      ...(props.roleName ? { roleName: props.roleName } : {}),
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays });
    this.logGroup.grantWrite(this.role);

    const common = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
    };
    const policyFile = props.policyJsonFile;
    this.function =
      (props.code ?? 'bundle') === 'stub'
        ? new lambda.Function(this, 'Function', {
            ...common,
            handler: 'index.handler',
            code: lambda.Code.fromInline(`exports.handler = async () => { throw new Error('vmaudit ${props.handler}: synthesised with lambdaCode=stub, not deployable'); };`),
          })
        : new NodejsFunction(this, 'Function', {
            ...common,
            entry: join(PROJECT_ROOT, 'lambdas', `${props.handler}.ts`),
            handler: 'handler',
            projectRoot: PROJECT_ROOT,
            depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
            bundling: {
              forceDockerBundling: false,
              minify: LAMBDA_BUNDLING.minify,
              sourceMap: LAMBDA_BUNDLING.sourceMap,
              target: LAMBDA_BUNDLING.target,
              format: OutputFormat.CJS,
              mainFields: [...LAMBDA_BUNDLING.mainFields],
              externalModules: [...LAMBDA_BUNDLING.externalModules],
              logLevel: LogLevel.ERROR,
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_in: string, out: string) => (policyFile ? [`cp "${policyFile}" "${join(out, DEFAULT_POLICY_FILE_NAME)}"`] : []),
              },
            },
          });
  }
}
