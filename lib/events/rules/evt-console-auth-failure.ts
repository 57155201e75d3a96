import { burstRule } from './burst-rule';

export default burstRule({
  id: 'evt-console-auth-failure',
  title: 'No bursts of failed console sign-ins',
  cls: 'console-login-failed',
  severity: 'medium',
  defaults: { count: 5, withinMinutes: 10 },
  what: 'failed console sign-ins',
  rationale:
    'Repeated failed console sign-ins for one user are password guessing or credential stuffing (CIS 4.6). A sign-in with a user name CloudTrail will not record (HIDDEN_DUE_TO_SECURITY_REASONS) is counted per source address.',
  remediation:
    'Investigate: the user, the source addresses and user agents (evidence), and whether a successful sign-in followed from the same address (search ConsoleLogin events for that user). If it was not the user: reset the password, require MFA for the user, and block the addresses at the perimeter if they keep coming. If the user simply forgot the password, no action beyond a reset.',
});
