/** EventBridge (CloudTrail API calls and console sign-ins) → event rules → SNS alert, within the invocation. */
import { makeEventHandler } from '../lib/events/realtime-handler';
import { defaultEventDeps } from '../lib/pipeline/deps/event';

export const handler = makeEventHandler(defaultEventDeps());
