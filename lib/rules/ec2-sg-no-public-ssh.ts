import * as z from 'zod';
import { publicPortRule } from './support/public-port-rule';
import { SSH_PORTS } from './support/admin-ports';

export default publicPortRule({
  id: 'ec2-sg-no-public-ssh',
  title: 'Security groups do not allow SSH (tcp/22) from 0.0.0.0/0 or ::/0',
  severity: 'high',
  rationale:
    'SSH open to the whole internet is brute-forced and scanned for vulnerable daemons within minutes of appearing; one weak key or unpatched sshd becomes a shell on the instance. Administrative access belongs behind SSM Session Manager, a VPN or a bastion with a narrow source range. IPv4 (0.0.0.0/0) and IPv6 (::/0) are both checked.',
  remediation:
    'aws ec2 revoke-security-group-ingress --group-id SG_ID --security-group-rule-ids SGR_ID (the rule ids are in the evidence); reach instances with SSM Session Manager (aws ssm start-session --target INSTANCE_ID) or allow tcp/22 only from a known admin range or security group.',
  params: z.strictObject({}),
  match: 'inside',
  ports: () => SSH_PORTS,
  describe: () => 'tcp/22 (SSH)',
});
