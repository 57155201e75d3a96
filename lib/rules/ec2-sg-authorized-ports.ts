import * as z from 'zod';
import { publicPortRule } from './support/public-port-rule';
import { portItem, toRanges } from './support/params';
import { formatPortSet, portSet } from './support/protocols';

export default publicPortRule({
  id: 'ec2-sg-authorized-ports',
  title: 'Security groups allow unrestricted ingress only on authorised ports',
  severity: 'high',
  rationale:
    'Anything open to 0.0.0.0/0 or ::/0 is reachable by every scanner on the internet. Only ports that are meant to be public (by default HTTP and HTTPS) may be; every other port open to the world is either a mistake or a service that needs a narrower source. ICMP and other port-less protocols are not judged here.',
  remediation:
    'aws ec2 revoke-security-group-ingress --group-id SG_ID --security-group-rule-ids SGR_ID for each rule in the evidence, then re-add the access from the sources that need it (a CIDR, a prefix list or a security group); if the port is meant to be public, add it to rules.ec2-sg-authorized-ports.tcpPorts (or udpPorts) in the policy file.',
  params: z.strictObject({
    /** TCP ports (or "from-to" ranges) that may be open to the internet. */
    tcpPorts: z.array(portItem).default([80, 443]),
    /** UDP ports (or ranges) that may be open to the internet. */
    udpPorts: z.array(portItem).default([]),
  }),
  match: 'outside',
  ports: (p) => portSet(toRanges(p.tcpPorts), toRanges(p.udpPorts)),
  describe: (p) => {
    const allowed = formatPortSet(portSet(toRanges(p.tcpPorts), toRanges(p.udpPorts)));
    return allowed.length ? `authorised: ${allowed.join(', ')}` : 'no port is authorised';
  },
});
