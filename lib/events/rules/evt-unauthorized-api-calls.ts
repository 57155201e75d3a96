import { burstRule } from './burst-rule';

export default burstRule({
  id: 'evt-unauthorized-api-calls',
  title: 'No bursts of unauthorized API calls',
  cls: 'unauthorized-api-call',
  severity: 'medium',
  defaults: { count: 5, withinMinutes: 5 },
  what: 'unauthorized API calls',
  rationale:
    'A run of calls refused with AccessDenied or UnauthorizedOperation is how stolen credentials look while the holder maps what they can do (enumeration), and how a broken deployment looks. CIS 4.1 asks to watch them; counting per principal within a short window separates a probe from the odd denied call.',
  remediation:
    'Investigate: who is the principal (evidence.principal), which calls were refused (evidence.actions), from which addresses and tools (sourceIps, userAgents), and whether the same principal also made successful calls in that time. If the activity is not explained by a deployment or a known job: disable the access key or revoke the role sessions (aws iam put-role-policy with an aws:TokenIssueTime deny, or "Revoke active sessions" in the console), rotate the credentials, and review what the principal did succeed at. If it is a known job, grant it what it needs or stop it calling.',
});
