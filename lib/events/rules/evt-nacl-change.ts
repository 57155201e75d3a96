import { changeRule } from './change-rule';

export default changeRule({
  id: 'evt-nacl-change',
  title: 'Network ACL changes are reviewed',
  cls: 'nacl-change',
  severity: 'medium',
  resourceTypes: ['AWS::EC2::NetworkAcl'],
  what: 'network ACL changes',
  rationale:
    'Network ACLs are the stateless subnet firewall; an added allow entry or a re-associated ACL can open whole subnets at once (CIS 4.11).',
  remediation:
    'Investigate: the ACL, the entry (rule number, action, CIDR, ports in the message) and the subnets it applies to. If not intended: delete or replace the entry (aws ec2 delete-network-acl-entry --network-acl-id ACL_ID --rule-number RULE_NUMBER --ingress|--egress) or restore the association.',
});
