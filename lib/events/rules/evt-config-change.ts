import { changeRule } from './change-rule';

const BLINDING = new Set(['StopConfigurationRecorder', 'DeleteDeliveryChannel']);

export default changeRule({
  id: 'evt-config-change',
  title: 'AWS Config recording is not changed unnoticed',
  cls: 'config-change',
  severity: 'medium',
  resourceTypes: ['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel'],
  what: 'AWS Config configuration changes',
  severityOf: (e) => (BLINDING.has(e.name) ? 'high' : undefined),
  rationale:
    'AWS Config keeps the configuration history auditors rely on; stopping the recorder or deleting the delivery channel leaves a gap nobody can fill afterwards (CIS 4.9). Stopping and deleting are high.',
  remediation:
    'Investigate: who stopped or changed the recorder and why. If not planned: aws configservice start-configuration-recorder --configuration-recorder-name RECORDER_NAME, restore the delivery channel, and note the gap in the compliance record.',
});
