import rule from '../../lib/rules/ct-multi-region-trail';
import { coverageGap, snapshot, trail } from '../../lib/model/builders';
import type { Trail } from '../../lib/model/types';
import { runRule } from '../support/run-rule';
import { resultFor, resultsOf } from './helpers';

type TrailIn = Parameters<typeof trail>[0];
type Selectors = NonNullable<Trail['selectors']>;
const ACCOUNT = '111111111111';
const mgmt = (extra: { field: string; equals?: string[]; notEquals?: string[]; startsWith?: string[] }[] = []) => ({ fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, ...extra] });

describe('ct-multi-region-trail', () => {
  const cases: { name: string; trails: TrailIn[]; expected: string }[] = [
    { name: 'multi-region-trail-logging-all-management-events-passes', trails: [{}], expected: 'PASS' },
    { name: 'no-trail-fails', trails: [], expected: 'FAIL' },
    { name: 'single-region-trail-only-fails', trails: [{ isMultiRegion: false }], expected: 'FAIL' },
    { name: 'stopped-multi-region-trail-fails', trails: [{ status: { isLogging: false } }], expected: 'FAIL' },
    { name: 'write-only-selector-fails', trails: [{ selectors: { basic: [{ readWriteType: 'WriteOnly' }] } }], expected: 'FAIL' },
    { name: 'read-only-selector-fails', trails: [{ selectors: { basic: [{ readWriteType: 'ReadOnly' }] } }], expected: 'FAIL' },
    { name: 'management-events-off-fails', trails: [{ selectors: { basic: [{ includeManagementEvents: false }] } }], expected: 'FAIL' },
    { name: 'excluded-kms-source-fails', trails: [{ selectors: { basic: [{ excludeManagementEventSources: ['kms.amazonaws.com'] }] } }], expected: 'FAIL' },
    { name: 'no-selectors-at-all-fails', trails: [{ selectors: { basic: [] } }], expected: 'FAIL' },
    { name: 'read-and-write-in-two-selectors-passes', trails: [{ selectors: { basic: [{ readWriteType: 'ReadOnly' }, { readWriteType: 'WriteOnly' }] } }], expected: 'PASS' },
    {
      name: 'exclusion-covered-by-a-second-selector-passes',
      trails: [{ selectors: { basic: [{ excludeManagementEventSources: ['kms.amazonaws.com'] }, { readWriteType: 'All' }] } }],
      expected: 'PASS',
    },
    { name: 'advanced-management-selector-passes', trails: [{ selectors: { advanced: [mgmt()] } }], expected: 'PASS' },
    { name: 'advanced-write-only-fails', trails: [{ selectors: { advanced: [mgmt([{ field: 'readOnly', equals: ['false'] }])] } }], expected: 'FAIL' },
    {
      name: 'advanced-read-and-write-selectors-pass',
      trails: [{ selectors: { advanced: [mgmt([{ field: 'readOnly', equals: ['false'] }]), mgmt([{ field: 'readOnly', equals: ['true'] }])] } }],
      expected: 'PASS',
    },
    { name: 'advanced-excluding-kms-fails', trails: [{ selectors: { advanced: [mgmt([{ field: 'eventSource', notEquals: ['kms.amazonaws.com'] }])] } }], expected: 'FAIL' },
    { name: 'advanced-source-allow-list-fails', trails: [{ selectors: { advanced: [mgmt([{ field: 'eventSource', equals: ['ec2.amazonaws.com'] }])] } }], expected: 'FAIL' },
    { name: 'advanced-data-events-only-fails', trails: [{ selectors: { advanced: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] }] } }], expected: 'FAIL' },
    { name: 'status-not-read-is-unknown', trails: [{ status: null }], expected: 'UNKNOWN' },
    { name: 'selectors-not-read-is-unknown', trails: [{ selectors: null }], expected: 'UNKNOWN' },
    { name: 'unknown-trail-beats-a-failing-one', trails: [{ name: 'a', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/a', status: { isLogging: false } }, { name: 'b', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/b', status: null }], expected: 'UNKNOWN' },
    { name: 'known-failure-is-not-hidden-by-missing-selectors', trails: [{ status: { isLogging: false }, selectors: null }], expected: 'FAIL' },
    { name: 'one-good-trail-among-bad-ones-passes', trails: [{ name: 'a', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/a', isMultiRegion: false }, { name: 'b', arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/b' }], expected: 'PASS' },
    {
      name: 'organization-trail-seen-in-member-account-passes',
      trails: [{ name: 'org', arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org', isOrganizationTrail: true }],
      expected: 'PASS',
    },
  ];
  it.each(cases)('$name', ({ trails, expected }) => {
    const snap = snapshot({ targets: [{ accountId: ACCOUNT, region: 'us-east-1' }], trails: trails.map((t) => trail(t)) });
    const f = resultFor(runRule(rule, snap), ACCOUNT);
    expect(f.status).toBe(expected);
    expect(f.region).toBe('global');
  });

  it('shadow-copies-from-other-regions-count-once-and-merge-status', () => {
    // The home copy lost GetTrailStatus; the copy read in eu-west-1 has it.
    const snap = snapshot({
      targets: [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: ACCOUNT, region: 'eu-west-1' }],
      trails: [trail({ status: null }), trail({ region: 'eu-west-1', status: { isLogging: true }, selectors: null })],
    });
    const results = resultsOf(runRule(rule, snap));
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('PASS');
  });

  it('describe-trails-failing-everywhere-is-unknown-not-fail', () => {
    const snap = snapshot({ targets: [{ accountId: ACCOUNT, region: 'us-east-1' }], coverageGaps: [coverageGap({ service: 'cloudtrail', api: 'DescribeTrails' })] });
    expect(resultFor(runRule(rule, snap), ACCOUNT).status).toBe('UNKNOWN');
  });

  it('describe-trails-failing-in-one-region-still-fails-without-multi-region-trail', () => {
    const snap = snapshot({
      targets: [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: ACCOUNT, region: 'eu-west-1' }],
      coverageGaps: [coverageGap({ service: 'cloudtrail', api: 'DescribeTrails', region: 'eu-west-1' })],
    });
    expect(resultFor(runRule(rule, snap), ACCOUNT).status).toBe('FAIL');
  });

  it('get-event-selectors-gap-anywhere-in-the-account-turns-pass-into-unknown', () => {
    const snap = snapshot({
      targets: [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: ACCOUNT, region: 'eu-west-1' }],
      trails: [trail()],
      coverageGaps: [coverageGap({ service: 'cloudtrail', api: 'GetEventSelectors', region: 'eu-west-1' })],
    });
    expect(resultFor(runRule(rule, snap), ACCOUNT).status).toBe('UNKNOWN');
  });

  it('one-result-per-account', () => {
    const snap = snapshot({
      targets: [{ accountId: ACCOUNT, region: 'us-east-1' }, { accountId: '222222222222', region: 'us-east-1' }],
      trails: [trail()],
    });
    const findings = runRule(rule, snap);
    expect(resultFor(findings, ACCOUNT).status).toBe('PASS');
    expect(resultFor(findings, '222222222222').status).toBe('FAIL');
  });

  it('fail-message-says-why-each-trail-falls-short', () => {
    const selectors: Selectors = { basic: [{ readWriteType: 'WriteOnly', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'] }] };
    const snap = snapshot({ targets: [{ accountId: ACCOUNT, region: 'us-east-1' }], trails: [trail({ name: 'main', status: { isLogging: false }, selectors })] });
    const f = resultFor(runRule(rule, snap), ACCOUNT);
    expect(f.message).toBe(
      'Account 111111111111 has no multi-region trail that qualifies: main is not logging, read management events are not logged and write management events from kms.amazonaws.com are excluded',
    );
    expect(f.evidence.trails).toEqual([expect.objectContaining({ arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail', isLogging: false })]);
  });
});
