/** EventBridge (CloudTrail API calls and console sign-ins) → event rules → SNS alert, within the invocation. */
import { makeEventHandler } from '../lib/events/realtime-handler';
import { defaultDeps } from '../lib/events/realtime-deps';

export const handler = makeEventHandler(defaultDeps());
