/**
 * The framework registry's meta-test (cdk-nag's Packs.test): pins every framework's control → rule
 * map, so a rule added to or removed from a control changes this file; and sweeps the registry for
 * what reports rely on (known rule ids, unique control ids, titles, reasons for what is not evidenced).
 */
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { rulePacks } from '../../lib/engine/rule';
import { controlsOfRule, findControl, FRAMEWORK_IDS, FRAMEWORKS, normaliseControlIds, type FrameworkId } from '../../lib/frameworks/index';

/** Evidenced controls only; every other control of the framework is listed as not evidenced. */
const PINNED: Record<FrameworkId, Record<string, string[]>> = {
  'fsbp': {
    'CloudTrail.1': ['ct-multi-region-trail', 'ct-trail-enabled'],
    'CloudTrail.2': ['ct-trail-kms-encryption'],
    'CloudTrail.4': ['ct-log-file-validation'],
    'CloudTrail.5': ['ct-cloudwatch-logs'],
    'EC2.1': ['ec2-snapshot-not-public'],
    'EC2.2': ['ec2-sg-default-restricts-all'],
    'EC2.3': ['ec2-volume-encrypted'],
    'EC2.4': ['ec2-instance-stopped-too-long'],
    'EC2.6': ['ec2-vpc-flow-logs-enabled'],
    'EC2.7': ['ec2-ebs-default-encryption'],
    'EC2.8': ['ec2-imdsv2-required'],
    'EC2.9': ['ec2-instance-no-public-ip'],
    'EC2.15': ['ec2-subnet-no-auto-public-ip'],
    'EC2.16': ['ec2-nacl-unused'],
    'EC2.17': ['ec2-instance-single-eni'],
    'EC2.18': ['ec2-sg-authorized-ports'],
    'EC2.19': ['ec2-sg-no-high-risk-ports'],
    'EC2.21': ['ec2-nacl-no-public-admin-ports'],
    'EC2.23': ['ec2-tgw-no-auto-accept'],
    'EC2.24': ['ec2-instance-no-paravirtual'],
    'EC2.25': ['ec2-launch-template-no-public-ip'],
    'EC2.170': ['ec2-launch-template-imdsv2'],
  },
  'cis-3.0': {
    '1.18': ['ec2-instance-profile-attached'],
    '2.2.1': ['ec2-ebs-default-encryption'],
    '3.1': ['ct-multi-region-trail', 'ct-trail-enabled'],
    '3.2': ['ct-log-file-validation'],
    '3.4': ['ct-trail-bucket-access-logging'],
    '3.5': ['ct-trail-kms-encryption'],
    '3.7': ['ec2-vpc-flow-logs-enabled'],
    '4.1': ['evt-unauthorized-api-calls'],
    '4.2': ['evt-console-login-no-mfa'],
    '4.3': ['evt-root-account-usage'],
    '4.4': ['evt-iam-policy-change'],
    '4.5': ['evt-cloudtrail-change'],
    '4.6': ['evt-console-auth-failure'],
    '4.7': ['evt-kms-key-disable-or-delete'],
    '4.8': ['evt-s3-bucket-policy-change'],
    '4.9': ['evt-config-change'],
    '4.10': ['evt-security-group-change'],
    '4.11': ['evt-nacl-change'],
    '4.12': ['evt-network-gateway-change'],
    '4.13': ['evt-route-table-change'],
    '4.14': ['evt-vpc-change'],
    '5.1': ['ec2-nacl-no-public-admin-ports'],
    '5.2': ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp'],
    '5.3': ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp'],
    '5.4': ['ec2-sg-default-restricts-all'],
    '5.6': ['ec2-imdsv2-required'],
  },
  'cis-5.0': {
    '1.17': ['ec2-instance-profile-attached'],
    '3.1': ['ct-multi-region-trail', 'ct-trail-enabled'],
    '3.2': ['ct-log-file-validation'],
    '3.4': ['ct-trail-bucket-access-logging'],
    '3.5': ['ct-trail-kms-encryption'],
    '3.7': ['ec2-vpc-flow-logs-enabled'],
    '4.1': ['evt-unauthorized-api-calls'],
    '4.2': ['evt-console-login-no-mfa'],
    '4.3': ['evt-root-account-usage'],
    '4.4': ['evt-iam-policy-change'],
    '4.5': ['evt-cloudtrail-change'],
    '4.6': ['evt-console-auth-failure'],
    '4.7': ['evt-kms-key-disable-or-delete'],
    '4.8': ['evt-s3-bucket-policy-change'],
    '4.9': ['evt-config-change'],
    '4.10': ['evt-security-group-change'],
    '4.11': ['evt-nacl-change'],
    '4.12': ['evt-network-gateway-change'],
    '4.13': ['evt-route-table-change'],
    '4.14': ['evt-vpc-change'],
    '5.1.1': ['ec2-ebs-default-encryption'],
    '5.1.2': ['ec2-sg-no-high-risk-ports'],
    '5.2': ['ec2-nacl-no-public-admin-ports'],
    '5.3': ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp'],
    '5.4': ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp'],
    '5.5': ['ec2-sg-default-restricts-all'],
    '5.7': ['ec2-imdsv2-required'],
  },
  'pci-dss-4.0': {
    '1.2.5': ['ec2-sg-authorized-ports'],
    '1.2.8': ['ec2-nacl-unused'],
    '1.3.1': ['net-zone-isolation', 'net-flow-intent'],
    '1.3.2': ['net-zone-isolation', 'net-flow-intent'],
    '1.4.1': ['net-internet-exposure', 'ec2-sg-default-restricts-all'],
    '1.4.2': ['net-internet-exposure', 'ec2-sg-no-high-risk-ports', 'ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp', 'ec2-nacl-no-public-admin-ports'],
    '1.4.4': ['ec2-instance-no-public-ip', 'ec2-subnet-no-auto-public-ip', 'ec2-launch-template-no-public-ip'],
    '2.2.1': ['ec2-ami-approved'],
    '2.2.6': ['ec2-imdsv2-required', 'ec2-imds-hop-limit', 'ec2-launch-template-imdsv2', 'ec2-launch-template-hop-limit'],
    '8.2.2': ['evt-root-account-usage'],
    '8.4.2': ['evt-console-login-no-mfa'],
    '10.2.1': ['ct-trail-enabled', 'ct-multi-region-trail', 'ct-trail-bucket-access-logging'],
    '10.2.1.2': ['evt-root-account-usage'],
    '10.2.1.4': ['evt-console-auth-failure', 'evt-unauthorized-api-calls'],
    '10.2.1.5': ['evt-iam-policy-change'],
    '10.2.1.6': ['evt-cloudtrail-change'],
    '10.2.1.7': ['evt-security-group-change', 'evt-nacl-change', 'evt-network-gateway-change', 'evt-route-table-change', 'evt-vpc-change'],
    '10.3.1': ['ct-trail-bucket-not-public'],
    '10.3.2': ['ct-trail-kms-encryption', 'ct-trail-bucket-not-public'],
    '10.3.3': ['ct-cloudwatch-logs'],
    '10.3.4': ['ct-log-file-validation'],
    '10.7.2': ['evt-cloudtrail-change', 'evt-config-change'],
  },
  'nist-800-53-r5': {
    'AC-2(12)': ['evt-unauthorized-api-calls', 'evt-console-login-no-mfa', 'evt-root-account-usage', 'evt-access-policy'],
    'AC-3': ['ec2-imdsv2-required', 'ec2-snapshot-block-public-access', 'ec2-image-block-public-access', 'evt-access-policy'],
    'AC-4': ['net-zone-isolation', 'net-flow-intent', 'ec2-instance-no-public-ip', 'ec2-sg-default-restricts-all'],
    'AC-4(21)': ['net-zone-isolation', 'ec2-tgw-no-auto-accept'],
    'AC-17': ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp', 'ec2-nacl-no-public-admin-ports'],
    'AC-21': ['ec2-snapshot-shared-trusted', 'ec2-ami-shared-trusted'],
    'AU-2': ['ct-trail-enabled', 'ct-multi-region-trail'],
    'AU-3': ['ct-multi-region-trail'],
    'AU-6': ['evt-unauthorized-api-calls', 'evt-console-login-no-mfa', 'evt-root-account-usage', 'evt-iam-policy-change', 'evt-cloudtrail-change', 'evt-console-auth-failure', 'evt-kms-key-disable-or-delete', 'evt-s3-bucket-policy-change', 'evt-config-change', 'evt-security-group-change', 'evt-nacl-change', 'evt-network-gateway-change', 'evt-route-table-change', 'evt-vpc-change', 'evt-access-policy', 'evt-audit-policy', 'evt-response-policy', 'evt-event-coverage'],
    'AU-9': ['ct-trail-kms-encryption', 'ct-log-file-validation', 'ct-trail-bucket-not-public'],
    'AU-10': ['ct-log-file-validation'],
    'AU-12': ['ct-trail-enabled', 'ct-multi-region-trail', 'ct-trail-bucket-access-logging', 'ec2-vpc-flow-logs-enabled'],
    'CM-2': ['ec2-ami-approved'],
    'CM-6': ['ec2-imdsv2-required', 'ec2-imds-hop-limit', 'ec2-launch-template-imdsv2', 'ec2-launch-template-hop-limit', 'ec2-ebs-default-encryption', 'ec2-snapshot-block-public-access', 'ec2-image-block-public-access', 'ec2-subnet-no-auto-public-ip', 'ec2-instance-no-paravirtual'],
    'CM-7': ['ec2-sg-authorized-ports', 'ec2-sg-no-high-risk-ports', 'ec2-instance-single-eni'],
    'CM-8': ['ec2-instance-stopped-too-long', 'ec2-nacl-unused'],
    'SC-7': ['net-internet-exposure', 'ec2-instance-no-public-ip', 'ec2-sg-no-high-risk-ports', 'ec2-nacl-no-public-admin-ports', 'ec2-subnet-no-auto-public-ip', 'ec2-launch-template-no-public-ip'],
    'SC-7(5)': ['ec2-sg-default-restricts-all', 'net-zone-isolation'],
    'SC-7(21)': ['net-zone-isolation'],
    'SC-28': ['ec2-volume-encrypted', 'ec2-volume-all-encrypted', 'ec2-snapshot-encrypted', 'ec2-ebs-default-encryption', 'ct-trail-kms-encryption'],
    'SI-4': ['ec2-vpc-flow-logs-enabled', 'ct-cloudwatch-logs', 'evt-event-coverage'],
    'SI-4(4)': ['ec2-vpc-flow-logs-enabled'],
    'SI-7': ['ct-log-file-validation'],
  },
};

const CONTROL_ID: Record<FrameworkId, RegExp> = {
  fsbp: /^(AutoScaling|CloudTrail|EC2|SSM)\.\d+$/,
  'cis-3.0': /^\d+(\.\d+)+$/,
  'cis-5.0': /^\d+(\.\d+)+$/,
  'pci-dss-4.0': /^(1|2|8|10)(\.\d+)+$/,
  'nist-800-53-r5': /^(AC|AU|CM|SC|SI)-\d+(\(\d+\))?$/,
};

/** Rules that evidence no control of any framework: vmaudit's own pack. */
const VMAUDIT_ONLY = ['ec2-ami-not-public'];

const ruleIds = new Set(FULL_CATALOGUE.map((r) => r.id));

describe.each(FRAMEWORKS.map((fw) => [fw.id, fw] as const))('framework %s', (id, fw) => {
  it('maps exactly the pinned controls to exactly the pinned rules', () => {
    const actual = Object.fromEntries(fw.controls.filter((c) => c.rules.length > 0).map((c) => [c.id, [...c.rules]]));
    expect(actual).toEqual(PINNED[id]);
  });

  it('names only rules of the catalogue', () => {
    for (const c of fw.controls) for (const r of c.rules) expect(ruleIds).toContain(r);
  });

  it('has unique control ids in the standard\'s own format, each with a title and a description', () => {
    expect(new Set(fw.controls.map((c) => c.id)).size).toBe(fw.controls.length);
    for (const c of fw.controls) {
      expect(c.id).toMatch(CONTROL_ID[id]);
      expect(c.title.trim().length).toBeGreaterThan(5);
      expect(c.description.trim().length).toBeGreaterThan(10);
    }
  });

  it('says where its list comes from and how Security Hub spells a requirement', () => {
    expect(fw.source).toMatch(/^https:\/\//);
    expect(fw.requirement('X')).toMatch(/X$/);
    expect(fw.label.length).toBeGreaterThan(5);
  });
});

describe('framework registry', () => {
  it('has one framework per id, in id order', () => {
    expect(FRAMEWORKS.map((f) => f.id)).toEqual([...FRAMEWORK_IDS]);
  });

  it('maps-every-catalogue-rule-to-a-control-except-the-vmaudit-only-ones', () => {
    const unmapped = FULL_CATALOGUE.filter((r) => rulePacks(r).join() === 'vmaudit').map((r) => r.id);
    expect(unmapped).toEqual(VMAUDIT_ONLY);
  });

  it('inverts-the-map-per-rule-for-findings', () => {
    expect(controlsOfRule('ec2-imdsv2-required')).toEqual({ fsbp: ['EC2.8'], 'cis-3.0': ['5.6'], 'cis-5.0': ['5.7'], 'pci-dss-4.0': ['2.2.6'], 'nist-800-53-r5': ['AC-3', 'CM-6'] });
    expect(controlsOfRule('no-such-rule')).toEqual(normaliseControlIds({}));
  });

  it('reads-a-frameworks-object-of-an-older-file-with-every-framework-present', () => {
    expect(normaliseControlIds({ fsbp: ['EC2.8'], 'cis-3.0': ['5.6'], cis: ['5.6'] })).toEqual({ fsbp: ['EC2.8'], 'cis-3.0': ['5.6'], 'cis-5.0': [], 'pci-dss-4.0': [], 'nist-800-53-r5': [] });
  });

  it('finds-a-control-title-by-framework-and-id', () => {
    expect(findControl('cis-5.0', '5.7')?.title).toBe('Ensure that the EC2 Metadata Service only allows IMDSv2');
    expect(findControl('fsbp', 'EC2.53')).toBeUndefined();
  });
});
