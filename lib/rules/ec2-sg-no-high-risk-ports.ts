import * as z from 'zod';
import { publicPortRule } from './support/public-port-rule';
import { portItem, toRanges } from './support/params';
import { portSet } from './support/protocols';

/** FSBP EC2.19's list: file transfer, remote shells, mail, Windows RPC/SMB, databases, dashboards, search. */
export const HIGH_RISK_PORTS = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300];

export default publicPortRule({
  id: 'ec2-sg-no-high-risk-ports',
  title: 'Security groups do not allow unrestricted access to high-risk ports',
  severity: 'critical',
  rationale:
    'These ports carry services that should never face the internet: file transfer (FTP), remote shells (SSH, Telnet, RDP), mail, Windows RPC and SMB, databases (SQL Server, MySQL, PostgreSQL), dashboards and search clusters (Kibana, Elasticsearch). They are scanned continuously and hit by automated exploitation. Both TCP and UDP are checked by default because some of these services also listen on UDP (SQL Server Browser on 1434, RPC on 135, RDP on 3389).',
  remediation:
    'aws ec2 revoke-security-group-ingress --group-id SG_ID --security-group-rule-ids SGR_ID for each rule in the evidence; put databases and admin interfaces in private subnets and reach them through security-group references, VPN or SSM port forwarding.',
  params: z.strictObject({
    /** Ports (or "from-to" ranges) that must not be open to 0.0.0.0/0 or ::/0. */
    ports: z.array(portItem).default(HIGH_RISK_PORTS),
    /** Transports checked on those ports. */
    protocols: z.array(z.enum(['tcp', 'udp'])).min(1, 'name tcp, udp or both').default(['tcp', 'udp']),
  }),
  match: 'inside',
  ports: (p) => {
    const ranges = toRanges(p.ports);
    return portSet(p.protocols.includes('tcp') ? ranges : [], p.protocols.includes('udp') ? ranges : []);
  },
  describe: (p) => `the ${p.ports.length} high-risk ${p.protocols.join('/')} port${p.ports.length === 1 ? '' : 's'}`,
});
