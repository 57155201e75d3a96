import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { bounded, listText } from './support/labels';
import { accountGlobalRef, regionsMissingTrails, trailsByAccount } from './support/trails';

export default defineRule({
  id: 'ct-trail-enabled',
  title: 'At least one CloudTrail trail is enabled and logging',
  severity: 'high',
  category: 'logging',
  resourceType: 'AWS::::Account',
  rationale:
    'Without a logging trail, API activity is kept only in the 90-day Event history, cannot be delivered to S3 or CloudWatch Logs, and is lost for any investigation that starts later. A trail is the minimum audit record of who did what in the account.',
  remediation:
    'aws cloudtrail create-trail --name TRAIL_NAME --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation --kms-key-id KEY_ARN, then aws cloudtrail start-logging --name TRAIL_NAME (or start a stopped trail with aws cloudtrail start-logging --name TRAIL_NAME).',
  params: z.strictObject({}),
  requires: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus'],
  scope: 'estate',
  *evaluate(ctx) {
    const byAccount = trailsByAccount(ctx);
    for (const account of ctx.inv.accounts) {
      const resource = accountGlobalRef(ctx.inv, account);
      const trails = byAccount.get(account) ?? [];
      const logging = trails.filter((t) => t.status?.isLogging === true);
      if (logging.length) {
        yield { status: 'PASS', resource, message: `Account ${account} has ${logging.length === 1 ? 'a logging trail' : `${logging.length} logging trails`}: ${listText(logging.map((t) => bounded(t.name)))}`, evidence: { trails: logging.map((t) => t.arn) } };
        continue;
      }
      const unread = trails.filter((t) => t.status === null);
      const missing = regionsMissingTrails(ctx.inv, account);
      const evidence = { trails: trails.map((t) => ({ arn: t.arn, isLogging: t.status?.isLogging ?? null })), regionsNotRead: missing };
      if (unread.length) {
        yield { status: 'UNKNOWN', resource, message: `Account ${account}: no trail is known to be logging, and the status of ${listText(unread.map((t) => bounded(t.name)))} could not be read (GetTrailStatus)`, evidence };
      } else if (missing.length) {
        yield { status: 'UNKNOWN', resource, message: `Account ${account}: no logging trail was found, but trails could not be listed in ${listText(missing)} (DescribeTrails failed or was not read)`, evidence };
      } else if (trails.length === 0) {
        yield { status: 'FAIL', resource, message: `Account ${account} has no CloudTrail trail`, evidence };
      } else {
        yield { status: 'FAIL', resource, message: `Account ${account} has no logging trail: ${listText(trails.map((t) => `${bounded(t.name)} is stopped`))}`, evidence };
      }
    }
  },
});
