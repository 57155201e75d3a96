import { PolicyFileError, type PolicyProblem } from '../../lib/errors';
import { defaultPolicy, loadPolicy } from '../../lib/catalogue/load-policy';
import { FAKE_CATALOGUE } from './fake-catalogue';
import { FULL_CATALOGUE as REAL_CATALOGUE } from '../../lib/catalogue';

/** The problems a policy text produces (none when it loads). */
function problemsOf(text: string): PolicyProblem[] {
  try {
    loadPolicy(text, 'policy.yaml', FAKE_CATALOGUE);
    return [];
  } catch (err) {
    if (err instanceof PolicyFileError) return err.problems;
    throw err;
  }
}

interface Expected {
  line: number;
  column?: number;
  path: string;
  message: string | RegExp;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

const BAD: Array<{ name: string; text: string; expect: Expected[] }> = [
  {
    name: 'unknown-top-level-key-points-at-its-line-and-suggests-the-section',
    text: lines('frameworks: [fsbp]', '', 'exception: []'),
    expect: [{ line: 3, path: 'exception', message: /^expected one of the keys version, frameworks, .*, got unknown key "exception"; did you mean "exceptions"\?$/ }],
  },
  {
    name: 'misspelt-rule-id-suggests-the-nearest-known-id',
    text: lines('frameworks: [fsbp]', 'rules:', '  ec2-sg-authorized-ports: { tcpPorts: [443] }', '  ec2-sg-no-public-sh: false'),
    expect: [{ line: 4, path: 'rules.ec2-sg-no-public-sh', message: 'expected a rule id (see "vmaudit rules"), got unknown rule "ec2-sg-no-public-sh"; did you mean "ec2-sg-no-public-ssh"?' }],
  },
  {
    name: 'rule-id-far-from-any-known-id-gets-no-suggestion',
    text: lines('rules:', '  s3-bucket-public: false'),
    expect: [{ line: 2, path: 'rules.s3-bucket-public', message: 'expected a rule id (see "vmaudit rules"), got unknown rule "s3-bucket-public"' }],
  },
  {
    name: 'bad-parameter-type-names-the-list-item',
    text: lines('rules:', '  ec2-sg-authorized-ports:', '    tcpPorts: [80, 443, https]'),
    expect: [{ line: 3, path: 'rules.ec2-sg-authorized-ports.tcpPorts[2]', message: 'expected a port 0-65535, got "https"' }],
  },
  {
    name: 'parameter-in-block-list-points-at-its-own-line',
    text: lines('rules:', '  ec2-sg-authorized-ports:', '    tcpPorts:', '      - 80', '      - 70000'),
    expect: [{ line: 5, path: 'rules.ec2-sg-authorized-ports.tcpPorts[1]', message: 'expected a port 0-65535, got 70000' }],
  },
  {
    name: 'misspelt-rule-parameter-suggests-the-parameter',
    text: lines('rules:', '  ec2-instance-stopped-too-long:', '    dayz: 30'),
    expect: [{ line: 3, path: 'rules.ec2-instance-stopped-too-long.dayz', message: 'expected one of the keys days, enabled, severity, got unknown key "dayz"; did you mean "days"?' }],
  },
  {
    name: 'parameter-on-a-rule-without-parameters-says-so',
    text: lines('rules:', '  ec2-sg-no-public-ssh: { days: 3 }'),
    expect: [{ line: 2, path: 'rules.ec2-sg-no-public-ssh.days', message: /^expected enabled or severity \(ec2-sg-no-public-ssh takes no parameters/ }],
  },
  {
    name: 'rule-setting-that-is-neither-boolean-nor-map',
    text: lines('rules:', '  ec2-instance-stopped-too-long: 30'),
    expect: [{ line: 2, path: 'rules.ec2-instance-stopped-too-long', message: 'expected true or false, or a map, got 30' }],
  },
  {
    name: 'rule-severity-outside-the-scale-suggests-one',
    text: lines('rules:', '  ec2-instance-stopped-too-long: { severity: hgh }'),
    expect: [{ line: 2, path: 'rules.ec2-instance-stopped-too-long.severity', message: 'expected one of critical, high, medium, low, info, got "hgh"; did you mean "high"?' }],
  },
  {
    name: 'rule-enabled-must-be-boolean',
    text: lines('rules:', '  ec2-instance-stopped-too-long:', '    enabled: "no"'),
    expect: [{ line: 3, path: 'rules.ec2-instance-stopped-too-long.enabled', message: 'expected true or false, got "no"' }],
  },
  {
    name: 'unknown-framework-suggests-the-pack',
    text: lines('frameworks: [fsbp, cis]'),
    expect: [{ line: 1, path: 'frameworks[1]', message: 'expected one of fsbp, cis-3.0, cis-5.0, pci-dss-4.0, nist-800-53-r5, vmaudit, got "cis"; did you mean one of "cis-3.0", "cis-5.0"?' }],
  },
  {
    name: 'bad-port-spec-in-isolation-allow',
    text: lines('isolation:', '  zones: [prod, shared]', '  allow:', '    - from: "*"', '      to: shared', '      ports:', '        - tcp/443', '        - tcp/https'),
    expect: [{ line: 8, path: 'isolation.allow[0].ports[1]', message: /^expected "tcp\/443", .*, got "tcp\/https"$/ }],
  },
  {
    name: 'port-above-65535-in-internet-allow',
    text: lines('isolation:', '  internet:', '    allow: [{ zone: prod, ports: ["tcp/70000"] }]'),
    expect: [{ line: 3, path: 'isolation.internet.allow[0].ports[0]', message: 'expected ports 0-65535, got "tcp/70000"' }],
  },
  {
    name: 'isolation-allow-to-an-undeclared-zone-suggests-the-zone',
    text: lines('isolation:', '  zones: [prod, staging, dev, shared]', '  allow:', '    - { from: "*", to: shraed, ports: ["udp/53"] }'),
    expect: [{ line: 4, path: 'isolation.allow[0].to', message: 'expected a zone from isolation.zones (prod, staging, dev, shared) or "*", got "shraed"; did you mean "shared"?' }],
  },
  {
    name: 'flow-to-an-undeclared-zone-of-the-default-isolation',
    text: lines('flows:', '  - { action: deny, source: 10.0.0.0/8, destination: "zone:prd" }'),
    expect: [{ line: 2, path: 'flows[0].destination', message: /got "prd"; did you mean "prod"\?$/ }],
  },
  {
    name: 'flow-with-a-cidr-that-is-not-one',
    text: lines('flows:', '  - action: allow', '    source: 192.168.1.0/33', '    destination: 192.168.2.0/24'),
    expect: [{ line: 3, path: 'flows[0].source', message: 'expected a CIDR (10.0.1.0/24), zone:<name> or an instance id (i-0abc…), got "192.168.1.0/33"' }],
  },
  {
    name: 'flow-action-outside-allow-deny',
    text: lines('flows:', '  - { action: block, source: 10.0.0.0/8, destination: 10.1.0.0/16 }'),
    expect: [{ line: 2, path: 'flows[0].action', message: 'expected one of allow, deny, got "block"' }],
  },
  {
    name: 'expiry-date-not-on-the-calendar',
    text: lines('exceptions:', '  - rule: ec2-sg-no-public-ssh', '    reason: bastion', '    owner: secops', '    expires: 2027-02-30'),
    expect: [{ line: 5, path: 'exceptions[0].expires', message: 'expected a real date like 2027-03-31, got "2027-02-30" (2027-02 has 28 days)' }],
  },
  {
    name: 'expiry-that-is-not-a-date',
    text: lines('exceptions:', '  - rule: ec2-sg-no-public-ssh', '    reason: bastion', '    owner: secops', '    expires: next year'),
    expect: [{ line: 5, path: 'exceptions[0].expires', message: 'expected a date like 2027-03-31, got "next year"' }],
  },
  {
    name: 'expiry-written-as-a-number',
    text: lines('exceptions:', '  - { rule: ec2-sg-no-public-ssh, reason: bastion, owner: secops, expires: 20270331 }'),
    expect: [{ line: 2, path: 'exceptions[0].expires', message: 'expected a date like 2027-03-31, got 20270331' }],
  },
  {
    name: 'exception-without-owner-points-at-the-exception',
    text: lines('frameworks: [fsbp]', 'exceptions:', '  - rule: ec2-sg-no-public-ssh', '    resource: "sg-0abc*"', '    reason: bastion, ticket SEC-12', '    expires: 2027-03-31'),
    expect: [{ line: 3, path: 'exceptions[0].owner', message: 'expected a string, got nothing (this key is required)' }],
  },
  {
    name: 'exception-for-an-unknown-rule-suggests-the-rule',
    text: lines('exceptions:', '  - { rule: ec2-sg-no-public-shh, reason: r, owner: o, expires: 2027-03-31 }'),
    expect: [{ line: 2, path: 'exceptions[0].rule', message: /got unknown rule "ec2-sg-no-public-shh"; did you mean "ec2-sg-no-public-ssh"\?$/ }],
  },
  {
    name: 'exception-glob-that-matches-no-rule',
    text: lines('exceptions:', '  - { rule: "ct-*", reason: r, owner: o, expires: 2027-03-31 }'),
    expect: [{ line: 2, path: 'exceptions[0].rule', message: 'expected a rule id or a glob that matches at least one rule, got "ct-*", which matches none' }],
  },
  {
    name: 'exception-tag-value-that-is-not-a-string',
    text: lines('exceptions:', '  - rule: "ec2-*"', '    tags:', '      Environment: 5', '    reason: r', '    owner: o', '    expires: 2027-03-31'),
    expect: [{ line: 4, path: 'exceptions[0].tags.Environment', message: 'expected a string, got 5' }],
  },
  {
    name: 'exception-tag-allof-value-that-is-not-a-string',
    text: lines('exceptions:', '  - rule: "ec2-*"', '    tags: { allOf: { Environment: [dev] } }', '    reason: r', '    owner: o', '    expires: 2027-03-31'),
    expect: [{ line: 3, path: 'exceptions[0].tags.allOf.Environment', message: 'expected a string, got a list' }],
  },
  {
    name: 'yaml-syntax-error-gives-line-and-column',
    text: lines('frameworks: [fsbp', 'rules: {}'),
    expect: [{ line: 2, column: 1, path: 'YAML syntax', message: /^Flow sequence in block collection must be sufficiently indented and end with a \]/ }],
  },
  {
    name: 'duplicate-key-names-both-lines',
    text: lines('alerts:', '  minSeverity: high', '  digestSeverity: low', '  minSeverity: critical'),
    expect: [{ line: 4, path: 'alerts.minSeverity', message: 'duplicate key "minSeverity" (first set on line 2); keep one of them' }],
  },
  {
    name: 'duplicate-rule-id',
    text: lines('rules:', '  ec2-sg-no-public-ssh: false', '  ec2-sg-no-public-ssh: true'),
    expect: [{ line: 3, path: 'rules.ec2-sg-no-public-ssh', message: 'duplicate key "ec2-sg-no-public-ssh" (first set on line 2); keep one of them' }],
  },
  {
    name: 'tab-indentation',
    text: 'rules:\n\tec2-sg-no-public-ssh: false\n',
    expect: [{ line: 2, column: 1, path: 'YAML syntax', message: 'Tabs are not allowed as indentation; indent with spaces, not tabs' }],
  },
  {
    name: 'key-indented-less-than-its-siblings',
    text: lines('alerts:', '  minSeverity: high', ' digestSeverity: low'),
    expect: [{ line: 3, column: 1, path: 'YAML syntax', message: /^All mapping items must start at the same column/ }],
  },
  {
    name: 'key-indented-more-than-its-siblings',
    text: lines('alerts:', '  minSeverity: high', '    digestSeverity: low'),
    expect: [{ line: 2, column: 16, path: 'YAML syntax', message: /^Nested mappings are not allowed in compact mappings \(lines 2-3\); a key here is indented further/ }],
  },
  {
    name: 'alias-without-anchor',
    text: lines('frameworks: *packs'),
    expect: [{ line: 0, path: 'YAML syntax', message: /^Unresolved alias/ }],
  },
  {
    name: 'top-level-list-instead-of-map',
    text: lines('- fsbp', '- cis-3.0'),
    expect: [{ line: 1, path: '', message: 'expected a map, got a list' }],
  },
  {
    name: 'unknown-key-inside-a-section-suggests-the-key',
    text: lines('isolation:', '  zoneTag: Environment', '  zone: [prod]'),
    expect: [{ line: 3, path: 'isolation.zone', message: /got unknown key "zone"; did you mean "zones"\?$/ }],
  },
  {
    name: 'version-other-than-1',
    text: lines('version: 2'),
    expect: [{ line: 1, path: 'version', message: 'expected 1, got 2' }],
  },
  {
    name: 'response-threshold-below-one',
    text: lines('response:', '  - event: console-login-failed', '    threshold: { count: 0, withinMinutes: 10 }'),
    expect: [{ line: 3, path: 'response[0].threshold.count', message: 'expected a number ≥ 1, got 0' }],
  },
  {
    name: 'misspelt-response-event-class-suggests-the-class',
    text: lines('response:', '  - { event: console-login-faild, threshold: { count: 5, withinMinutes: 10 } }'),
    expect: [{ line: 2, path: 'response[0].event', message: /^expected a named event class \(.*\) or an API name such as StopLogging .*, got "console-login-faild" \(did you mean "console-login-failed"\?\)$/ }],
  },
  {
    name: 'access-action-that-is-neither-class-nor-action-name',
    text: lines('access:', '  - resource: { tag: Environment=prod }', '    actions: [write, terminate]', '    principals: ["arn:aws:iam::*:role/Admin"]'),
    expect: [{ line: 3, path: 'access[0].actions[1]', message: 'expected read, write or an EC2 action name such as ec2:TerminateInstances, got "terminate"' }],
  },
  {
    name: 'event-problems-are-reported-beside-schema-problems',
    text: lines('response:', '  - { event: root-usag, threshold: { count: 0, withinMinutes: 10 } }'),
    expect: [
      { line: 2, path: 'response[0].threshold.count', message: 'expected a number ≥ 1, got 0' },
      { line: 2, path: 'response[0].event', message: /got "root-usag" \(did you mean "root-usage"\?\)$/ },
    ],
  },
  {
    name: 'access-policy-tag-without-equals-sign',
    text: lines('access:', '  - resource: { tag: Environment }', '    actions: [write]', '    principals: ["arn:aws:iam::*:role/Admin"]'),
    expect: [{ line: 2, path: 'access[0].resource.tag', message: 'expected "Key=Value", got "Environment"' }],
  },
  {
    name: 'empty-frameworks-list',
    text: lines('frameworks: []'),
    expect: [{ line: 1, path: 'frameworks', message: 'expected at least 1 item, got 0 items' }],
  },
  {
    name: 'hostile-long-value-is-bounded-in-the-message',
    text: lines(`alerts: { minSeverity: "${'<script>'.repeat(30)}" }`),
    expect: [{ line: 1, path: 'alerts.minSeverity', message: /got "(<script>){9}<scri…"$/ }],
  },
];

describe('loadPolicy rejects bad policy files with file:line, path and what was expected', () => {
  test.each(BAD)('$name', ({ text, expect: wanted }) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(wanted.length);
    wanted.forEach((w, i) => {
      const p = problems[i];
      expect({ line: p.line ?? 0, path: p.path }).toEqual({ line: w.line, path: w.path });
      if (w.column !== undefined) expect(p.column).toBe(w.column);
      if (typeof w.message === 'string') expect(p.message).toBe(w.message);
      else expect(p.message).toMatch(w.message);
    });
  });

  test('every-problem-is-collected-in-one-error-sorted-by-line', () => {
    const text = lines(
      'frameworks: [fsbp, cis]',
      'rulez: {}',
      'rules:',
      '  ec2-sg-no-public-sh: false',
      '  ec2-sg-authorized-ports: { tcpPorts: [80, https] }',
      'exceptions:',
      '  - { rule: ec2-sg-no-public-ssh, reason: r, expires: 2027-02-30 }',
    );
    const problems = problemsOf(text);
    expect(problems.map((p) => `${p.line} ${p.path}`)).toEqual([
      '1 frameworks[1]',
      '2 rulez',
      '4 rules.ec2-sg-no-public-sh',
      '5 rules.ec2-sg-authorized-ports.tcpPorts[1]',
      '7 exceptions[0].owner',
      '7 exceptions[0].expires',
    ]);
  });

  test('error-message-lines-read-file-line-path-expected-got', () => {
    let message = '';
    try {
      loadPolicy(lines('rules:', '  ec2-sg-authorized-ports:', '    tcpPorts: [80, 443, https]'), 'vmaudit.yaml', FAKE_CATALOGUE);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'PolicyFileError: vmaudit.yaml has 1 problem:\n' +
        '  vmaudit.yaml:3 rules.ec2-sg-authorized-ports.tcpPorts[2]: expected a port 0-65535, got "https"\n' +
        'Fix the policy file and check it with: vmaudit policy validate vmaudit.yaml',
    );
  });

  test('yaml-syntax-error-line-reads-file-line-column', () => {
    expect(() => loadPolicy('rules:\n\tx: 1\n', 'p.yaml', FAKE_CATALOGUE)).toThrow(/\n {2}p\.yaml:2:1 YAML syntax: Tabs are not allowed/);
  });
});

describe('loadPolicy accepts good policy files', () => {
  test.each([
    { name: 'empty-file-means-the-default-policy', text: '' },
    { name: 'comment-only-file-means-the-default-policy', text: '# nothing yet\n' },
    { name: 'whitespace-only-file-means-the-default-policy', text: '\n\n   \n' },
  ])('$name', ({ text }) => {
    const loaded = loadPolicy(text, 'policy.yaml', FAKE_CATALOGUE);
    expect(loaded.policy).toEqual(defaultPolicy(FAKE_CATALOGUE).policy);
    expect(loaded.source).toBe('policy.yaml');
    expect(loaded.warnings).toEqual([]);
  });

  test('design-section-4-example-with-owners-validates', () => {
    const text = lines(
      'frameworks: [fsbp, cis-3.0]',
      'rules:',
      '  ec2-sg-authorized-ports: { tcpPorts: [80, 443] }',
      '  ec2-instance-stopped-too-long: { days: 30 }',
      '  ec2-ami-approved: { owners: ["137112412989"], maxAgeDays: 180 }',
      'isolation:',
      '  zoneTag: Environment',
      '  zones: [prod, staging, dev, shared]',
      '  allow:',
      '    - { from: "*", to: shared, ports: ["tcp/443", "udp/53"] }',
      '  internet: { allow: [{ zone: prod, tag: "Role=web", ports: ["tcp/443"] }] }',
      'flows:',
      '  - { action: deny,  source: 192.168.1.0/24, destination: 192.168.3.0/24 }',
      '  - { action: allow, source: 192.168.1.0/24, destination: 192.168.2.0/24, ports: ["tcp/443"] }',
      'access:',
      '  - { resource: { tag: "Environment=prod" }, actions: [write], principals: ["arn:aws:iam::*:role/Admin"] }',
      'audit:',
      '  - { event: console-login, allow: ["arn:aws:iam::*:role/Admin", "arn:aws:iam::*:user/admin"] }',
      'response:',
      '  - { event: console-login-failed, threshold: { count: 5, withinMinutes: 10 }, action: alert }',
      'exceptions:',
      '  - { rule: ec2-sg-no-public-ssh, resource: "sg-0abc*", reason: "bastion, ticket SEC-12", owner: secops, expires: 2027-03-31 }',
    );
    const { policy, warnings } = loadPolicy(text, 'policy.yaml', FAKE_CATALOGUE);
    expect(policy.frameworks).toEqual(['fsbp', 'cis-3.0']);
    expect(policy.rules['ec2-ami-approved']).toEqual({ owners: ['137112412989'], maxAgeDays: 180 });
    expect(policy.isolation?.allow[0]).toEqual({ from: '*', to: 'shared', ports: ['tcp/443', 'udp/53'] });
    expect(policy.flows[0].ports).toEqual(['all']);
    expect(policy.response[0]).toMatchObject({ event: 'console-login-failed', threshold: { count: 5, withinMinutes: 10 }, action: 'alert' });
    expect(policy.exceptions[0]).toEqual({ rule: 'ec2-sg-no-public-ssh', resource: 'sg-0abc*', reason: 'bastion, ticket SEC-12', owner: 'secops', expires: '2027-03-31T23:59:59.999Z' });
    // frameworks only picks the control ids reports show: ec2-ami-approved (no framework) still runs, no warning.
    expect(warnings).toEqual([]);
  });

  test('exception-rule-may-be-a-glob-that-matches-rules', () => {
    const { policy } = loadPolicy(lines('exceptions:', '  - { rule: "ec2-sg-*", account: "123456789012", reason: r, owner: o, expires: 2027-03-31 }'), 'p.yaml', FAKE_CATALOGUE);
    expect(policy.exceptions[0].rule).toBe('ec2-sg-*');
  });

  test('flow-endpoints-may-be-cidr-address-zone-or-instance', () => {
    const { policy } = loadPolicy(
      lines('flows:', '  - { action: deny, source: "2001:db8::/32", destination: "zone:prod" }', '  - { action: allow, source: 10.0.0.5, destination: i-0123456789abcdef0, ports: [tcp/22] }'),
      'p.yaml',
      FAKE_CATALOGUE,
    );
    expect(policy.flows).toHaveLength(2);
  });
});

describe('warnings: valid settings that will not do what was meant', () => {
  const expiring = lines('exceptions:', '  - { rule: ec2-sg-no-public-ssh, reason: r, owner: o, expires: 2027-03-31 }');

  test.each([
    { name: 'exception-still-valid-on-its-last-day-gives-no-warning', now: '2027-03-31T23:59:59Z', warned: false },
    { name: 'exception-past-its-expiry-is-reported-as-expired', now: '2027-04-01T00:00:00Z', warned: true },
  ])('$name', ({ now, warned }) => {
    const { warnings } = loadPolicy(expiring, 'p.yaml', FAKE_CATALOGUE, { now: new Date(now) });
    expect(warnings).toEqual(warned ? [{ line: 2, path: 'exceptions[0].expires', message: expect.stringMatching(/^expired on 2027-03-31: it no longer suppresses/) }] : []);
  });

  test('without-a-clock-expiry-is-not-judged', () => {
    expect(loadPolicy(expiring, 'p.yaml', FAKE_CATALOGUE).warnings).toEqual([]);
  });

  test('exception-for-a-rule-outside-the-listed-frameworks-applies-without-warning', () => {
    const { warnings } = loadPolicy(lines('frameworks: [cis-3.0]', 'exceptions:', '  - { rule: ec2-instance-stopped-too-long, reason: r, owner: o, expires: 2027-03-31 }'), 'p.yaml', FAKE_CATALOGUE);
    expect(warnings).toEqual([]);
  });

  test('disabling-a-rule-that-checks-an-inherited-section-warns-that-it-goes-unchecked', () => {
    const { warnings } = loadPolicy(lines('rules:', '  net-zone-isolation: false'), 'p.yaml', REAL_CATALOGUE);
    expect(warnings).toEqual([{ line: 2, path: 'rules.net-zone-isolation', message: expect.stringMatching(/^disables net-zone-isolation, so the isolation section inherited from the built-in default is not checked/) }]);
  });
});

describe('a rule that a declared section needs cannot be disabled', () => {
  test.each([
    { name: 'isolation-section-keeps-net-zone-isolation-on', rule: 'net-zone-isolation: false', section: ['isolation:', '  zones: [prod, dev]'], sectionName: 'isolation' },
    { name: 'isolation-section-keeps-net-internet-exposure-on', rule: 'net-internet-exposure: { enabled: false }', section: ['isolation:', '  zones: [prod, dev]'], sectionName: 'isolation' },
    { name: 'flows-keep-net-flow-intent-on', rule: 'net-flow-intent: false', section: ['flows:', '  - { action: deny, source: 10.0.0.0/8, destination: 192.168.0.0/16 }'], sectionName: 'flows' },
    { name: 'access-keeps-evt-access-policy-on', rule: 'evt-access-policy: false', section: ['access:', '  - { resource: { tag: "Environment=prod" }, actions: [write], principals: ["arn:aws:iam::*:role/Admin"] }'], sectionName: 'access' },
    { name: 'audit-keeps-evt-audit-policy-on', rule: 'evt-audit-policy: false', section: ['audit:', '  - { event: console-login, allow: ["arn:aws:iam::*:role/Admin"] }'], sectionName: 'audit' },
    { name: 'response-keeps-evt-response-policy-on', rule: 'evt-response-policy: false', section: ['response:', '  - { event: console-login-failed, threshold: { count: 5, withinMinutes: 10 }, action: alert }'], sectionName: 'response' },
  ])('$name', ({ rule, section, sectionName }) => {
    const text = lines('frameworks: [fsbp, cis-3.0]', 'rules:', `  ${rule}`, ...section);
    const id = rule.split(':')[0];
    let thrown: unknown;
    try {
      loadPolicy(text, 'p.yaml', REAL_CATALOGUE);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PolicyFileError);
    expect((thrown as PolicyFileError).problems).toEqual([{ line: 3, path: `rules.${id}`, message: `expected ${id} to stay enabled: it is the rule that checks the ${sectionName} (line 4) declared in this file; remove this setting, or remove the section` }]);
  });

  test('an-empty-section-lets-its-rule-be-disabled', () => {
    const { policy, warnings } = loadPolicy(lines('rules:', '  evt-response-policy: false', 'response: []'), 'p.yaml', REAL_CATALOGUE);
    expect(policy.rules['evt-response-policy']).toBe(false);
    expect(warnings).toEqual([]);
  });
});
