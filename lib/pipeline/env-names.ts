/**
 * The environment variables of the pipeline Lambdas: one list, read by the handlers' default deps
 * (lib/pipeline/deps/), set by the stack (lib/stack/*-function.ts) and by `npm run invoke`.
 */
export const ENV = {
  /** Report bucket name. */
  bucket: 'VMAUDIT_BUCKET',
  /** Alert topic ARN. */
  topicArn: 'VMAUDIT_TOPIC_ARN',
  /** The effective policy (JSON or YAML), relative to the Lambda task root; unset = built-in default. */
  policyFile: 'VMAUDIT_POLICY_FILE',
  /** Name of the policy file the stack was synthesised with, for report headers. */
  policySource: 'VMAUDIT_POLICY_SOURCE',
  /** The account the stack is deployed in (read with the Lambdas' own role). */
  auditorAccount: 'VMAUDIT_AUDITOR_ACCOUNT',
  partition: 'VMAUDIT_PARTITION',
  /** Comma-separated regions; empty = the Lambda's own region. */
  regions: 'VMAUDIT_REGIONS',
  /** Comma-separated account ids; empty = the auditor account. */
  accounts: 'VMAUDIT_ACCOUNTS',
  /** true: audit every ACTIVE account of the organization. */
  organization: 'VMAUDIT_ORGANIZATION',
  /** inline | distributed: which Map the state machine uses. */
  mapMode: 'VMAUDIT_MAP_MODE',
  memberRoleName: 'VMAUDIT_MEMBER_ROLE_NAME',
  externalId: 'VMAUDIT_EXTERNAL_ID',
  /** Comma-separated run files the publish Lambda writes (json,csv,html,asff,ocsf); unset = every format. */
  outputFormats: 'VMAUDIT_OUTPUT_FORMATS',
  /** What is audited, for report headers (the stack name). */
  source: 'VMAUDIT_SOURCE',
  /** Event Lambda: alert at or above this severity (default: the policy's alerts.minSeverity). */
  minSeverity: 'VMAUDIT_MIN_SEVERITY',
  /** Event Lambda: comma-separated event rule ids that may alert in real time (default: every event rule). */
  realtimeRules: 'VMAUDIT_REALTIME_RULES',
  /** Event Lambda: the link its alerts carry (the newest run's report). */
  reportUrl: 'VMAUDIT_REPORT_URL',
} as const;

export const DEFAULT_POLICY_FILE_NAME = 'policy.json';
