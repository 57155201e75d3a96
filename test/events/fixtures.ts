/** Loads the recorded CloudTrail records of test/fixtures/cloudtrail. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseCloudTrailRecord, normaliseEventBridgeEvent } from '../../lib/events/normalise';
import type { AuditEvent } from '../../lib/model/types';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'cloudtrail');

export function raw(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

/** The fixture as an AuditEvent (EventBridge envelopes by their file name). Throws when it does not normalise. */
export function fixtureEvent(name: string, over: Partial<AuditEvent> = {}): AuditEvent {
  const r = name.startsWith('eventbridge-') ? normaliseEventBridgeEvent(raw(name)) : normaliseCloudTrailRecord(raw(name));
  if (!('ok' in r)) throw new Error(`${name}: ${r.error}`);
  return { ...r.ok, ...over };
}
