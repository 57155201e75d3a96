/**
 * The policy file the demo runs with, laid over the built-in default like any user policy file.
 * It shows each section at work on the demo estate: rule parameters, zone allowances, flow intents
 * (kept, violated and broken paths), the access / audit / response policies, and exceptions
 * (one active, one expired).
 */
import { sgId } from './security-groups';

/** How the demo policy is named in messages and reports. */
export const DEMO_POLICY_SOURCE = 'demo-policy.yaml (embedded)';

export const DEMO_POLICY_YAML = `# vmaudit demo policy: laid over the built-in default (each section set here replaces the default's;
# "rules" merges rule by rule).
version: 1

rules:
  ec2-ami-approved: { owners: [self, amazon], maxAgeDays: 180 }
  ec2-sg-authorized-ports: { tcpPorts: [80, 443], udpPorts: [51820] }   # the WireGuard endpoint is approved
  ec2-instance-stopped-too-long: { days: 30 }

isolation:
  zoneTag: Environment
  zones: [prod, staging, dev, shared]
  allow:
    - { from: "*", to: shared, ports: ["tcp/443", "udp/53", "tcp/53"], reason: package mirror and DNS serve every zone }
    - { from: shared, to: "*", ports: ["tcp/22"], reason: SSH only through the bastions }
    - { from: shared, to: "*", ports: ["tcp/9100"], reason: Prometheus scrapes every host }
  internet:
    allow:
      - { zone: prod, tag: Role=web, ports: ["tcp/443"], reason: public storefront behind HTTPS }
      - { zone: shared, tag: Role=bastion, ports: ["tcp/22"], reason: bastions accept SSH from the corporate VPN }

flows:
  - { name: dev-never-reaches-prod-db, action: deny, source: 10.20.10.0/23, destination: 10.10.20.0/23 }
  - { name: web-tier-reaches-app-tier, action: allow, source: 10.10.0.0/23, destination: 10.10.10.0/23, ports: ["tcp/8443"] }
  - { name: prod-app-reaches-package-mirror, action: allow, source: 10.10.10.0/23, destination: 10.0.1.0/24, ports: ["tcp/443"] }
  - { name: us-app-reaches-eu-app-for-replication, action: allow, source: 10.10.10.0/23, destination: 10.50.10.0/23, ports: ["tcp/8443"] }

access:
  - name: prod-instances-change-only-through-admin-or-pipeline
    resource: { tag: Environment=prod }
    actions: [write]
    principals: ["arn:aws:iam::*:role/Admin", "arn:aws:iam::*:role/terraform-deploy"]

audit:
  - name: console-sign-in-only-for-admins
    event: console-login
    allow: ["arn:aws:iam::*:role/Admin", "arn:aws:iam::*:user/admin", "arn:aws:iam::*:user/alice"]

response:
  - { event: console-login-failed, threshold: { count: 5, withinMinutes: 10 }, action: alert, severity: high }
  - { event: unauthorized-api-call, threshold: { count: 10, withinMinutes: 5 }, action: alert, severity: high }
  - { event: StopLogging, action: alert, severity: critical }

exceptions:
  - rule: ec2-instance-no-public-ip
    tags: { Environment: prod, Role: web }
    reason: public storefront tier on Elastic IPs behind AWS Shield Advanced (SEC-31)
    owner: storefront-team@acme.example
    expires: 2027-06-30
  - rule: ec2-sg-no-public-ssh
    resource: "${sgId('staging-web')}"
    reason: vendor maintenance window (CHG-1042)
    owner: platform@acme.example
    expires: 2026-10-31
`;
