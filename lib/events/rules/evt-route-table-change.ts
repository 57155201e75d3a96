import { changeRule } from './change-rule';

export default changeRule({
  id: 'evt-route-table-change',
  title: 'Route table changes are reviewed',
  cls: 'route-table-change',
  severity: 'medium',
  resourceTypes: ['AWS::EC2::RouteTable'],
  what: 'route table changes',
  rationale:
    'Routes decide whether a subnet reaches the internet, a peered VPC or an inspection appliance; one new 0.0.0.0/0 route to an internet gateway makes a private subnet public (CIS 4.13).',
  remediation:
    'Investigate: the route table, the destination and target of the route (in the message) and the subnets associated with the table. If not intended: delete or replace the route (aws ec2 delete-route --route-table-id RTB_ID --destination-cidr-block CIDR) and re-check the isolation report for the subnets concerned.',
});
