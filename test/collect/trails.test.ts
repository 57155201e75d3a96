/** Trails: each collected once per account (home region, or the first scanned region), with status and selectors. */
import { mockClient } from 'aws-sdk-client-mock';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { collectTarget } from '../../lib/collect/collect-target';
import { isCollectedHere, trailsCollector } from '../../lib/collect/cloudtrail/trails';
import { awsError, fakeClock, fixture, newClients, NOW } from './fake-aws';

const ct = mockClient(CloudTrailClient);
mockClient(EC2Client).onAnyCommand().resolves({});

beforeEach(() => {
  ct.reset();
  ct.on(DescribeTrailsCommand).resolves(fixture('cloudtrail/describe-trails'));
  ct.on(GetTrailStatusCommand).resolves(fixture('cloudtrail/get-trail-status'));
  ct.on(GetEventSelectorsCommand, { TrailName: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail' }).resolves(fixture('cloudtrail/get-event-selectors-basic'));
  ct.on(GetEventSelectorsCommand, { TrailName: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/eu-audit' }).resolves(fixture('cloudtrail/get-event-selectors-advanced'));
});

const collectIn = (region: string, scannedRegions: string[]) =>
  collectTarget({ accountId: '111111111111', region }, newClients(region), { now: NOW, clock: fakeClock(), scannedRegions, events: { enabled: false } }, [trailsCollector]);

describe('which region collects a trail', () => {
  it.each([
    ['home-region-scanned-collects-it-there', 'us-east-1', 'us-east-1', ['us-east-1', 'eu-west-1'], true],
    ['shadow-copy-elsewhere-is-skipped', 'us-east-1', 'eu-west-1', ['us-east-1', 'eu-west-1'], false],
    ['home-not-scanned-first-scanned-region-collects', 'us-east-1', 'ap-south-1', ['eu-west-1', 'ap-south-1'], true],
    ['home-not-scanned-other-regions-skip', 'us-east-1', 'eu-west-1', ['eu-west-1', 'ap-south-1'], false],
    ['no-scan-list-keeps-what-this-region-sees', 'us-east-1', 'eu-west-1', [], true],
  ])('%s', (_n, home, region, scanned, expected) => {
    expect(isCollectedHere(home, region, scanned)).toBe(expected);
  });
});

describe('trailsCollector', () => {
  it('each-trail-once-across-the-scanned-regions-with-advanced-selectors', async () => {
    const [use1, euw1] = await Promise.all([collectIn('us-east-1', ['us-east-1', 'eu-west-1']), collectIn('eu-west-1', ['us-east-1', 'eu-west-1'])]);
    expect(use1.slice.trails.map((t) => t.name)).toEqual(['org-trail']);
    expect(euw1.slice.trails.map((t) => t.name)).toEqual(['eu-audit']);
    expect(euw1.slice.trails[0]).toMatchObject({
      region: 'eu-west-1',
      homeRegion: 'eu-west-1',
      isMultiRegion: false,
      includeGlobalServiceEvents: false,
      kmsKeyId: undefined,
      selectors: { advanced: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['false'] }] }] },
    });
    // Two calls per trail, no more.
    expect(use1.calls).toEqual({ 'cloudtrail:DescribeTrails': 1, 'cloudtrail:GetEventSelectors': 1, 'cloudtrail:GetTrailStatus': 1 });
    expect(ct.commandCalls(DescribeTrailsCommand)[0].args[0].input).toEqual({ includeShadowTrails: true });
  });

  it('status-denied-leaves-status-null-and-a-gap-selectors-still-read', async () => {
    ct.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: cloudtrail:GetTrailStatus'));
    const r = await collectIn('us-east-1', ['us-east-1', 'eu-west-1']);
    expect(r.slice.trails[0].status).toBeNull();
    expect(r.slice.trails[0].selectors?.basic).toHaveLength(1);
    expect(r.slice.coverageGaps.map((g) => [g.service, g.api, g.errorCode])).toEqual([['cloudtrail', 'GetTrailStatus', 'AccessDeniedException']]);
  });

  it('a-trail-not-logging-with-a-delivery-error', async () => {
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: false, LatestDeliveryError: 'AccessDenied' });
    const r = await collectIn('us-east-1', ['us-east-1']);
    expect(r.slice.trails[0].status).toEqual({ isLogging: false, latestDeliveryError: 'AccessDenied', latestDeliveryTime: undefined });
  });

  it('no-trails-is-an-empty-list-not-a-gap', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const r = await collectIn('us-east-1', ['us-east-1']);
    expect(r.slice.trails).toEqual([]);
    expect(r.slice.coverageGaps).toEqual([]);
  });
});
