/**
 * The policy of DESIGN §4 as a user would write it: `frameworks: [fsbp, cis-3.0]` plus isolation
 * zones, flows, access, audit and response sections (the exception gains the owner the schema
 * requires). Scenario tests load it with the full catalogue, as `vmaudit evaluate --policy` does.
 */
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { loadPolicy, type LoadedPolicy } from '../../lib/catalogue/load-policy';

export const DESIGN_POLICY_YAML = `frameworks: [fsbp, cis-3.0]
rules:
  ec2-sg-authorized-ports: { tcpPorts: [80, 443] }
  ec2-instance-stopped-too-long: { days: 30 }
  ec2-ami-approved: { owners: ["137112412989"], maxAgeDays: 180 }
isolation:
  zoneTag: Environment
  zones: [prod, staging, dev, shared]
  allow:
    - { from: "*", to: shared, ports: ["tcp/443", "udp/53"] }
  internet: { allow: [{ zone: prod, tag: "Role=web", ports: ["tcp/443"] }] }
flows:
  - { action: deny,  source: 192.168.1.0/24, destination: 192.168.3.0/24 }
  - { action: allow, source: 192.168.1.0/24, destination: 192.168.2.0/24, ports: ["tcp/443"] }
access:
  - { resource: { tag: "Environment=prod" }, actions: [write], principals: ["arn:aws:iam::*:role/Admin"] }
audit:
  - { event: console-login, allow: ["arn:aws:iam::*:role/Admin", "arn:aws:iam::*:user/admin"] }
response:
  - { event: console-login-failed, threshold: { count: 5, withinMinutes: 10 }, action: alert }
exceptions:
  - { rule: ec2-sg-no-public-ssh, resource: "sg-0abc*", reason: "bastion, ticket SEC-12", owner: secops@example.com, expires: 2027-03-31 }
`;

export function designPolicy(): LoadedPolicy {
  return loadPolicy(DESIGN_POLICY_YAML, 'design.yaml', FULL_CATALOGUE);
}
