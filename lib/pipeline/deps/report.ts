/** Production deps of the periodic report Lambda. */
import { makeS3Client, makeSnsClient } from '../../aws/clients';
import { S3RunStore } from '../../storage/s3-store';
import type { ReportDeps } from '../report-step';
import { partitionOf, type Env } from '../env';
import { ENV } from '../env-names';
import { commonEnv, consoleObjectUrl, stepLog } from './common';
import { lambdaPolicy } from './policy';
import { snsDeliver } from './sns';
import { REPORT_HTML_TEMPLATE } from '../../layout';

export function defaultReportDeps(env: Env = process.env): ReportDeps {
  const { r, region, bucket } = commonEnv(env);
  const topicArn = r.require(ENV.topicArn, 'the alert topic ARN');
  const partition = r.optional(ENV.partition) ?? partitionOf(region);
  r.done();
  return {
    store: new S3RunStore(makeS3Client({ region, env }), { bucket, prefix: '' }),
    policy: lambdaPolicy(env).policy,
    deliver: snsDeliver(makeSnsClient({ region, env }), topicArn),
    now: () => new Date(),
    log: stepLog(env),
    // The placeholders survive the URL encoding so publishReport can fill them in.
    reportUrl: consoleObjectUrl(partition, region, bucket, REPORT_HTML_TEMPLATE).replace(/%7B(period|date)%7D/g, '{$1}'),
  };
}
