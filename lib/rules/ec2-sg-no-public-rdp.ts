import * as z from 'zod';
import { publicPortRule } from './support/public-port-rule';
import { RDP_PORTS } from './support/admin-ports';

export default publicPortRule({
  id: 'ec2-sg-no-public-rdp',
  title: 'Security groups do not allow RDP (tcp/udp 3389) from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'RDP exposed to the internet is one of the most common ransomware entry points: credential stuffing and RDP vulnerabilities (BlueKeep and its successors) turn it into full control of a Windows host. RDP also runs over UDP 3389, so both transports are checked, for IPv4 (0.0.0.0/0) and IPv6 (::/0).',
  remediation:
    'aws ec2 revoke-security-group-ingress --group-id SG_ID --security-group-rule-ids SGR_ID (the rule ids are in the evidence); use Fleet Manager / SSM Session Manager port forwarding or a VPN, or allow 3389 only from a known admin range or security group.',
  params: z.strictObject({}),
  match: 'inside',
  ports: () => RDP_PORTS,
  describe: () => 'tcp/3389 or udp/3389 (RDP)',
});
