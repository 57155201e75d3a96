/** Step Functions Map item "CollectTarget": collect one account/region, run the target-scope rules, write both to S3. */
import { makeCollectHandler } from '../lib/pipeline/collect-step';
import { defaultCollectDeps } from '../lib/pipeline/deps/collect';

export const handler = makeCollectHandler(defaultCollectDeps());
