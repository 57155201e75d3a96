import type { AuditEvent } from '../../model/types';
import { changeRule } from './change-rule';

/** Ingress opened to the whole internet is worth more than a routine change. */
function opensToWorld(e: AuditEvent): boolean {
  if (e.name !== 'AuthorizeSecurityGroupIngress' && e.name !== 'ModifySecurityGroupRules') return false;
  const text = JSON.stringify(e.requestParameters ?? {});
  // Any address with a /0 prefix is the whole internet, however the address part is written.
  return /"(cidrIp|cidrIpv4|CidrIpv4|cidrIpv6|CidrIpv6)":"[^"]*\/0"/.test(text);
}

export default changeRule({
  id: 'evt-security-group-change',
  title: 'Security group changes are reviewed',
  cls: 'security-group-change',
  severity: 'medium',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  what: 'security group changes',
  severityOf: (e) => (opensToWorld(e) ? 'high' : undefined),
  rationale:
    'Security groups are the firewall of every instance; one added rule can open SSH or a database to the internet or let a development VM reach production (CIS 4.10). Ingress opened to 0.0.0.0/0 or ::/0 is high.',
  remediation:
    'Investigate: the group, the rule added or removed (the message and evidence.requestParameters.ipPermissions) and the instances that use the group. If not intended: revoke the rule (aws ec2 revoke-security-group-ingress --group-id SG_ID --security-group-rule-ids SGR_ID) and check the flow logs for traffic through it since.',
});
