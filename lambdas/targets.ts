/** Step Functions state "BuildTargets": accounts × regions, run id, event window start. */
import { makeTargetsHandler } from '../lib/pipeline/build-targets';
import { defaultTargetsDeps } from '../lib/pipeline/deps/targets';

export const handler = makeTargetsHandler(defaultTargetsDeps());
