/**
 * Remote administration ports, shared by the security-group and NACL rules (EC2.53/54, EC2.21,
 * CIS 5.1-5.3). SSH runs over TCP only, so a udp/22 rule exposes nothing and does not fail the SSH
 * check. RDP also has a UDP transport on 3389 (RDP 8.0 and later), and CIS 5.x names UDP explicitly,
 * so udp/3389 counts as RDP.
 */
import { portSet, type PortSet } from './protocols';

export const SSH_PORTS: PortSet = portSet([[22, 22]]);
export const RDP_PORTS: PortSet = portSet([[3389, 3389]], [[3389, 3389]]);
export const ADMIN_PORTS: PortSet = portSet([[22, 22], [3389, 3389]], [[3389, 3389]]);
