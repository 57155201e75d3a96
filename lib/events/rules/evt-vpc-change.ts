import { changeRule } from './change-rule';

export default changeRule({
  id: 'evt-vpc-change',
  title: 'VPC changes are reviewed',
  cls: 'vpc-change',
  severity: 'medium',
  resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::VPCPeeringConnection'],
  what: 'VPC changes',
  rationale:
    'New VPCs, changed VPC attributes and peering connections change which networks exist and which can reach each other; a peering accepted from an unknown account joins its network to yours (CIS 4.14).',
  remediation:
    'Investigate: the VPC or peering connection (evidence.resources), the peer account and CIDR for peerings, who made the change. If not intended: delete the peering connection (aws ec2 delete-vpc-peering-connection) or the VPC, and review routes that referenced it.',
});
