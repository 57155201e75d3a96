/** Step Functions state "Publish": merge, estate rules, lifecycle, reports, manifest, latest/, SNS alert. */
import { makePublishHandler } from '../lib/pipeline/publish-step';
import { defaultPublishDeps } from '../lib/pipeline/deps/publish';

export const handler = makePublishHandler(defaultPublishDeps());
