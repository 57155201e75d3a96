/**
 * The built-in default policy as a string, so it travels inside the esbuild-bundled Lambdas (a .yaml
 * beside the code would not). test/policy/default-policy.test.ts keeps it equal to default-policy.yaml:
 * after editing the .yaml, paste it here between the backticks (the .yaml has no backticks or "${").
 */
export const DEFAULT_POLICY_YAML = `# vmaudit built-in default policy.
#
# This is what runs when no policy file is given. A user policy file is laid over it: each top-level
# section the user file sets replaces the one below, except "rules", which merges rule by rule.
# Print it with "vmaudit policy show"; check a file with "vmaudit policy validate <file>".
version: 1

# The frameworks whose control ids the reports show ("vmaudit rules --framework <id>" lists their
# controls). They turn no rule off: every rule runs with its built-in parameters ("vmaudit rules"
# lists them) unless "rules" below disables it by name.
frameworks: [fsbp, cis-3.0, cis-5.0, pci-dss-4.0, nist-800-53-r5, vmaudit]

# Per-rule settings: false disables a rule; a map sets enabled, severity and the rule's parameters.
rules: {}

alerts:
  minSeverity: high        # a NEW finding at or above this severity is e-mailed at once
  digestSeverity: medium   # OPEN findings at or above this severity are repeated in the digest

# VM isolation: an instance's zone is the value of its Environment tag. Traffic between two
# different zones is a finding unless a line below allows it.
isolation:
  zoneTag: Environment
  zones: [prod, staging, dev, shared]
  allow:
    - from: "*"
      to: shared
      ports: ["tcp/443", "udp/53"]
      reason: shared services (package mirror, DNS resolvers) serve every zone
  # Internet exposure (public IP + internet gateway route + security group + NACL all open) is a
  # finding except where allowed here.
  internet:
    allow:
      - zone: prod
        tag: Role=web
        ports: ["tcp/443"]
        reason: public web tier behind HTTPS

flows: []
access: []
audit: []

# Event policies: repeated console sign-in failures look like password guessing.
response:
  - event: console-login-failed
    threshold: { count: 5, withinMinutes: 10 }
    action: alert
    severity: high

exceptions: []
`;
