/** Production deps of the Publish Lambda. */
import { makeS3Client, makeSnsClient } from '../../aws/clients';
import { FULL_CATALOGUE } from '../../catalogue';
import { S3RunStore } from '../../storage/s3-store';
import type { PublishDeps } from '../publish-step';
import { partitionOf, type Env } from '../env';
import { ENV } from '../env-names';
import { commonEnv, consoleObjectUrl, stepLog } from './common';
import { lambdaPolicy } from './policy';
import { snsDeliver } from './sns';
import { OUTPUT_FORMAT_NAMES, isOutputFormat, type OutputFormat } from '../../layout';

export function defaultPublishDeps(env: Env = process.env): PublishDeps {
  const { r, region, bucket } = commonEnv(env);
  const topicArn = r.require(ENV.topicArn, 'the alert topic ARN');
  const partition = r.optional(ENV.partition) ?? partitionOf(region);
  const formats = r.list(ENV.outputFormats);
  r.check(formats.every(isOutputFormat), ENV.outputFormats, `expected a comma-separated list of ${OUTPUT_FORMAT_NAMES.join(', ')}, got ${JSON.stringify(env[ENV.outputFormats])}`);
  r.done();
  const loaded = lambdaPolicy(env);
  return {
    store: new S3RunStore(makeS3Client({ region, env }), { bucket, prefix: '' }),
    policy: loaded.policy,
    policySource: loaded.source,
    catalogue: FULL_CATALOGUE,
    deliver: snsDeliver(makeSnsClient({ region, env }), topicArn),
    now: () => new Date(),
    log: stepLog(env),
    reportUrl: (folder) => consoleObjectUrl(partition, region, bucket, `${folder}report.html`),
    source: `vmaudit ${env[ENV.source] || 'stack'} (s3://${bucket})`,
    ...(formats.length ? { outputFormats: formats as OutputFormat[] } : {}),
  };
}
