import { changeRule } from './change-rule';

export default changeRule({
  id: 'evt-network-gateway-change',
  title: 'Network gateway changes are reviewed',
  cls: 'network-gateway-change',
  severity: 'medium',
  resourceTypes: ['AWS::EC2::InternetGateway', 'AWS::EC2::CustomerGateway'],
  what: 'network gateway changes',
  rationale:
    'Attaching an internet gateway gives a VPC a way out to (and in from) the internet; a customer gateway opens a VPN path to another network (CIS 4.12). Either can bypass the intended network design.',
  remediation:
    'Investigate: the gateway and the VPC (evidence.resources), and which route tables now point at it. If not intended: detach and delete the gateway (aws ec2 detach-internet-gateway / delete-internet-gateway) after removing the routes that use it.',
});
