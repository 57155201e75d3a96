import * as z from 'zod';
import { defineRule } from '../engine/rule';
import { naclRef } from './resource-refs';
import { ADMIN_PORTS } from './support/admin-ports';
import { INTERNET_V4, INTERNET_V6 } from './support/cidr';
import { label, listText, nameTag } from './support/labels';
import { describeNaclEntry, naclDecision, naclEntryEvidence } from './support/nacl';
import type { PortProtocol } from './support/protocols';

/** Every (protocol, port) the admin-port set names: tcp/22, tcp/3389, udp/3389. */
const CHECKS: { protocol: PortProtocol; port: number }[] = [];
for (const protocol of ['tcp', 'udp'] as const) for (const [from, to] of ADMIN_PORTS[protocol]) for (let port = from; port <= to; port++) CHECKS.push({ protocol, port });

export default defineRule({
  id: 'ec2-nacl-no-public-admin-ports',
  title: 'Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to SSH or RDP',
  severity: 'medium',
  category: 'network',
  resourceType: 'AWS::EC2::NetworkAcl',
  rationale:
    'The network ACL is the subnet-wide second line behind security groups: when it lets the whole internet reach SSH (tcp/22) or RDP (tcp/udp 3389), one permissive security group is enough to expose an instance. Entries are evaluated the way AWS does, in rule-number order with the first match deciding, so a deny at a lower number shields a later allow.',
  remediation:
    'Add a deny before the allow (aws ec2 create-network-acl-entry --network-acl-id ACL_ID --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny, and the same for 3389 and for --ipv6-cidr-block ::/0), or narrow the allowing entry named in the evidence with aws ec2 replace-network-acl-entry.',
  params: z.strictObject({}),
  requires: ['ec2:DescribeNetworkAcls'],
  *evaluate({ inv }) {
    for (const acl of inv.snapshot.networkAcls) {
      const name = label(acl.networkAclId, nameTag(acl.tags));
      const open: Record<string, unknown>[] = [];
      const portsBySource = new Map<string, string[]>();
      const deciding = new Map<string, number>();
      for (const source of [INTERNET_V4, INTERNET_V6]) {
        for (const c of CHECKS) {
          const d = naclDecision(acl.entries, { direction: 'ingress', protocol: c.protocol, port: c.port, cidr: source });
          if (d.action !== 'allow') continue;
          const port = `${c.protocol}/${c.port}`;
          portsBySource.set(source, [...(portsBySource.get(source) ?? []), port]);
          const entry = describeNaclEntry(d.entry);
          deciding.set(entry, (deciding.get(entry) ?? 0) + 1);
          open.push({ source, port, decidingEntry: naclEntryEvidence(d.entry), partiallyShieldedBy: d.partial.map(naclEntryEvidence) });
        }
      }
      if (open.length) {
        yield {
          status: 'FAIL',
          resource: naclRef(acl),
          message: `${name} in ${acl.vpcId} allows ${[...portsBySource].map(([source, ports]) => `${source} to ${listText(ports)}`).join('; ')} (${deciding.size === 1 ? 'entry' : 'entries'} ${listText([...deciding.keys()], 2)})`,
          evidence: { networkAclId: acl.networkAclId, vpcId: acl.vpcId, associatedSubnetIds: acl.associatedSubnetIds, open },
        };
      } else {
        yield { status: 'PASS', resource: naclRef(acl), message: `${name} in ${acl.vpcId} denies 0.0.0.0/0 and ::/0 on tcp/22, tcp/3389 and udp/3389` };
      }
    }
  },
});
