import { changeRule } from './change-rule';

const BLINDING = new Set(['StopLogging', 'DeleteTrail', 'DeleteEventDataStore', 'StopEventDataStoreIngestion']);

export default changeRule({
  id: 'evt-cloudtrail-change',
  title: 'CloudTrail configuration changes are reviewed',
  cls: 'cloudtrail-change',
  severity: 'high',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  what: 'CloudTrail configuration changes',
  severityOf: (e) => (BLINDING.has(e.name) ? 'critical' : undefined),
  rationale:
    'Stopping, deleting or narrowing a trail is the first thing an intruder does to act unseen (CIS 4.5). Beyond the CIS list (CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging), changes to event selectors and event data stores are reported too (includeBeyondCis), since they can drop the very events the audit needs. StopLogging and DeleteTrail are critical.',
  remediation:
    'Investigate: which trail (evidence.requestParameters.name), who changed it and from where. If not planned: turn logging back on (aws cloudtrail start-logging --name TRAIL_NAME), restore the selectors, treat the principal as compromised (revoke sessions, rotate keys) and review its other calls during the gap, which this trail did not record (the event history of each region still has management events for 90 days).',
});
