/**
 * Configuration checked at synth: every bad setting is named with what AWS would accept; context
 * strings parse into props; schedule expressions are judged as AWS judges them; a bad policy file
 * fails synth with the loader's file:line message; the app prints one clear message and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { ConfigError, PolicyFileError } from '../../lib/errors';
import { DEFAULTS, propsFromContext, resolveConfig, type VmAuditorProps } from '../../lib/stack/config';
import { deadManWindowMinutes } from '../../lib/stack/health-alarms';
import { parseSchedule } from '../../lib/stack/schedule-expression';
import { VmAuditor } from '../../lib/stack/vm-auditor';

function problemsOf(props: VmAuditorProps): string {
  try {
    resolveConfig(props);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('defaults-describe-an-hourly-single-account-audit-with-a-daily-report', () => {
    const c = resolveConfig({});
    expect(c).toMatchObject({
      alertEmails: [],
      schedule: { kind: 'rate', expression: 'rate(1 hour)', maxGapMinutes: 60 },
      reportSchedules: [{ period: 'daily', schedule: { expression: 'cron(0 6 * * ? *)' } }],
      timeZone: 'UTC',
      regions: [],
      accounts: [],
      organization: false,
      memberRoleName: DEFAULTS.memberRoleName,
      collectorRoleName: DEFAULTS.collectorRoleName,
      retentionDays: 365,
      inventoryRetentionDays: 30,
      logRetentionDays: 90,
      maxConcurrency: 10,
      distributedMap: false,
      realtime: true,
      lambdaCode: 'bundle',
    });
  });

  it('organization-mode-defaults-to-a-distributed-map-with-more-concurrency', () => {
    expect(resolveConfig({ organization: true })).toMatchObject({ distributedMap: true, maxConcurrency: 40 });
  });

  const bad: [string, VmAuditorProps, RegExp][] = [
    ['malformed-email', { alertEmails: ['secops@example.com', 'bob@'] }, /alertEmails\[1\]: expected an e-mail address like secops@example.com, got "bob@"/],
    ['email-with-a-space', { alertEmails: ['sec ops@example.com'] }, /alertEmails\[0\]: expected an e-mail address/],
    ['duplicate-email', { alertEmails: ['a@example.com', 'a@example.com'] }, /alertEmails: lists "a@example.com" more than once/],
    ['unknown-region', { regions: ['eu-west-1', 'eu-wset-1'] }, /regions\[1\]: expected an AWS region name like us-east-1, got "eu-wset-1"; did you mean "eu-west-1"\?/],
    ['region-shaped-but-not-a-region', { regions: ['us-east-9'] }, /regions\[0\]: expected an AWS region name like us-east-1, got "us-east-9"/],
    ['plural-unit-with-one', { scheduleExpression: 'rate(1 hours)' }, /scheduleExpression: "rate\(1 hours\)": AWS wants the singular unit with 1: rate\(1 hour\)/],
    ['singular-unit-with-many', { scheduleExpression: 'rate(5 minute)' }, /AWS wants the plural unit with 5: rate\(5 minutes\)/],
    ['zero-rate', { scheduleExpression: 'rate(0 hours)' }, /the rate value must be a whole number of at least 1/],
    ['five-field-cron', { scheduleExpression: 'cron(0 6 * * *)' }, /a cron expression has 6 fields .*got 5/],
    ['cron-with-both-day-fields', { scheduleExpression: 'cron(0 6 * * MON *)' }, /exactly one of day-of-month and day-of-week must be "\?" \(here both are set\)/],
    ['cron-hour-out-of-range', { scheduleExpression: 'cron(0 24 * * ? *)' }, /hours "24": values must be 0-23/],
    ['not-an-expression', { scheduleExpression: 'hourly' }, /expected rate\(<value> <unit>\) like rate\(1 hour\), or cron/],
    ['unknown-report-period', { reportSchedules: [{ period: 'yearly' as never }] }, /reportSchedule\[0\]\.period: expected daily, weekly, monthly, got "yearly"/],
    ['bad-report-cron', { reportSchedules: [{ period: 'weekly', expression: 'cron(0 7 ? * FUNDAY *)' }] }, /reportSchedule\[0\]\.expression: .*day-of-week "FUNDAY"/],
    ['same-period-twice', { reportSchedules: [{ period: 'daily' }, { period: 'daily', expression: 'cron(0 8 * * ? *)' }] }, /schedules the daily report twice/],
    ['unknown-time-zone', { scheduleTimeZone: 'Europe/Pariss' }, /scheduleTimeZone: expected an IANA time zone like UTC or Europe\/Paris, got "Europe\/Pariss"; did you mean "Europe\/Paris"\?/],
    ['bad-severity', { minAlertSeverity: 'hgih' as never }, /minAlertSeverity: expected one of critical, high, medium, low, info, got "hgih"; did you mean "high"\?/],
    ['bad-filter-severity', { alertFilterSeverities: ['critical', 'severe' as never] }, /alertFilterSeverities\[1\]: expected one of critical, high/],
    ['unknown-output-format', { outputFormats: ['csv', 'pdf' as never] }, /outputFormats\[1\]: expected one of json, csv, html, asff, ocsf, got "pdf"/],
    ['short-account-id', { accounts: ['12345'] }, /accounts\[0\]: expected a 12-digit AWS account id, got "12345"/],
    ['accounts-and-organization', { accounts: ['111111111111'], organization: true }, /organization and accounts exclude each other/],
    ['bad-organization-id', { organizationId: 'org-1' }, /organizationId: expected an AWS Organizations id like o-a1b2c3d4e5/],
    ['bad-member-role-name', { memberRoleName: 'read role' }, /memberRoleName: expected an IAM role name/],
    ['bad-external-id', { externalId: 'x' }, /externalId: expected 2 to 1224 characters/],
    ['retention-below-a-month', { retentionDays: 7 }, /retentionDays: expected a whole number of days from 31 to 36500, got 7/],
    ['object-lock-longer-than-retention', { retentionDays: 90, objectLockDays: 400 }, /objectLockDays: locks objects for 400 days, longer than retentionDays \(90\)/],
    ['log-retention-cloudwatch-does-not-offer', { logRetentionDays: 100 }, /logRetentionDays: expected a CloudWatch Logs retention \(1, 3, 5/],
    ['concurrency-zero', { maxConcurrency: 0 }, /maxConcurrency: expected a whole number of targets from 1 to 1000, got 0/],
  ];
  it.each(bad)('%s-fails-synth-with-one-clear-message', (_name, props, message) => {
    const text = problemsOf(props);
    expect(text).toMatch(/^ConfigError: VmAuditor props has 1 problem:\n/);
    expect(text).toMatch(message);
  });

  it('several-problems-are-listed-together', () => {
    expect(problemsOf({ alertEmails: ['x'], regions: ['mars-1'], scheduleExpression: 'rate(1 hours)' })).toMatch(/has 3 problems:\n  alertEmails\[0\]: .*\n  scheduleExpression: .*\n  regions\[0\]: /);
  });
});

describe('propsFromContext', () => {
  const ctx = (c: Record<string, unknown>) => propsFromContext((k) => c[k], Object.keys(c));

  it('comma-separated-strings-and-numbers-from-the-command-line-become-props', () => {
    expect(
      ctx({ alertEmails: 'a@example.com, b@example.com', regions: 'us-east-1,eu-west-1', retentionDays: '400', organization: 'true', alertFilterSeverities: 'critical,high', realtime: 'false' }),
    ).toEqual({ alertEmails: ['a@example.com', 'b@example.com'], regions: ['us-east-1', 'eu-west-1'], retentionDays: 400, organization: true, alertFilterSeverities: ['critical', 'high'], realtime: false });
  });

  it('json-arrays-from-cdk-json-are-kept', () => {
    expect(ctx({ accounts: ['111111111111', '222222222222'], retentionDays: 90 })).toEqual({ accounts: ['111111111111', '222222222222'], retentionDays: 90 });
  });

  it('report-schedules-read-periods-and-cron-expressions-with-commas', () => {
    expect(ctx({ reportSchedule: 'weekly=cron(0 7 ? * MON,THU *),monthly' }).reportSchedules).toEqual([{ period: 'weekly', expression: 'cron(0 7 ? * MON,THU *)' }, { period: 'monthly' }]);
    expect(ctx({ reportSchedule: '[{"period":"daily","expression":"cron(30 5 * * ? *)"}]' }).reportSchedules).toEqual([{ period: 'daily', expression: 'cron(30 5 * * ? *)' }]);
  });

  const badContext: [string, Record<string, unknown>, RegExp][] = [
    ['number-that-is-not', { retentionDays: 'a year' }, /retentionDays: expected a number, got "a year"/],
    ['boolean-that-is-not', { organization: 'yes' }, /organization: expected true or false, got "yes"/],
    ['broken-json-array', { regions: '[us-east-1' }, /regions: starts like a JSON array but is not one/],
    ['misspelt-key', { alertEmail: 'a@example.com' }, /alertEmail: is not a vmaudit context key; did you mean "alertEmails"\?/],
  ];
  it.each(badContext)('%s-is-a-context-error', (_n, c, message) => {
    expect(() => ctx(c)).toThrow(ConfigError);
    expect(() => ctx(c)).toThrow(message);
  });

  it('cdk-feature-flags-are-not-mistaken-for-typos', () => {
    expect(ctx({ '@aws-cdk/core:checkSecretUsage': true, 'aws:cdk:enable-path-metadata': true })).toEqual({});
  });
});

describe('schedule expressions', () => {
  const gaps: [string, number | undefined][] = [
    ['rate(1 hour)', 60],
    ['rate(15 minutes)', 15],
    ['rate(2 days)', 2880],
    ['cron(0 6 * * ? *)', 1440],
    ['cron(0/15 * * * ? *)', 15],
    ['cron(0 6 ? * MON-FRI *)', 3 * 1440],
    ['cron(0 6 ? * MON *)', 7 * 1440],
    ['cron(0 6 1 * ? *)', 31 * 1440],
    ['cron(0 6 L * ? *)', 31 * 1440],
    ['cron(0 6 ? * 2#1 *)', 35 * 1440],
    ['cron(0 6 1 1 ? 2026)', undefined],
  ];
  it.each(gaps)('%s-runs-at-least-every-%s-minutes', (expr, gap) => {
    const s = parseSchedule(expr);
    expect(typeof s).toBe('object');
    expect((s as { maxGapMinutes?: number }).maxGapMinutes).toBe(gap);
  });

  it('dead-man-window-is-two-periods-at-least-an-hour-and-at-most-seven-days', () => {
    expect(deadManWindowMinutes(60)).toBe(120);
    expect(deadManWindowMinutes(15)).toBe(60);
    expect(deadManWindowMinutes(3.5 * 1440)).toBe(7 * 1440);
    expect(deadManWindowMinutes(7 * 1440)).toBeUndefined();
    expect(deadManWindowMinutes(undefined)).toBeUndefined();
  });
});

describe('policy at synth', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-stack-policy-'));

  it('bad-policy-file-fails-synth-with-the-file-and-line', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'frameworks: [fsbp]\nrules:\n  ec2-sg-authorized-ports: { tcpPorts: [80, "https"] }\n');
    const build = () => new VmAuditor(new Stack(new App(), 'S'), 'A', { policyFile: file, lambdaCode: 'stub' });
    expect(build).toThrow(PolicyFileError);
    expect(build).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3 rules\\.ec2-sg-authorized-ports\\.tcpPorts\\[1\\]: `));
  });

  it('missing-policy-file-fails-synth-naming-it', () => {
    expect(() => new VmAuditor(new Stack(new App(), 'S'), 'A', { policyFile: join(dir, 'nope.yaml'), lambdaCode: 'stub' })).toThrow(/nope\.yaml .*no such file/);
  });

  it('min-alert-severity-overrides-the-policy', () => {
    const a = new VmAuditor(new Stack(new App(), 'S'), 'A', { minAlertSeverity: 'critical', lambdaCode: 'stub' });
    expect(a.policy.policy.alerts.minSeverity).toBe('critical');
    expect(JSON.parse(a.policy.json).alerts.minSeverity).toBe('critical');
  });
});

describe('cdk app', () => {
  it('bad-context-exits-1-with-the-message-and-no-stack-trace', () => {
    const out = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'bin/app.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ alertEmails: 'secops@example', scheduleExpression: 'rate(1 hours)' }), CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'vmaudit-cdk-out-')) },
      encoding: 'utf8',
    });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('ConfigError: vmaudit context (cdk.json "context" or -c key=value) has 2 problems:');
    expect(out.stderr).toContain('alertEmails[0]: expected an e-mail address like secops@example.com, got "secops@example"');
    expect(out.stderr).toContain('scheduleExpression: "rate(1 hours)": AWS wants the singular unit with 1: rate(1 hour)');
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });
});
