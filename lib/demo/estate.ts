/**
 * The embedded demo estate: what `vmaudit demo` audits. A small organisation, Acme, with a workload
 * account (123456789012: prod, staging, dev and shared services in us-east-1, prod and dev in
 * eu-west-1) and a tooling account (210987654321: CI and artifacts in us-east-1).
 *
 * Deterministic: no clock, no randomness beyond a fixed seed; two calls return deep-equal snapshots.
 * Every rule of the catalogue finds both compliant and non-compliant resources here, the isolation
 * analysis finds real cross-zone paths, and the event detections each have something to detect.
 * Two coverage gaps show the UNKNOWN path: LookupEvents throttled in eu-west-1, and the tools
 * account's read role missing ec2:DescribeFlowLogs.
 */
import * as b from '../model/builders';
import type { CoverageGap, EventWindow, Snapshot } from '../model/types';
import { EventWindowSchema } from '../model/schema';
import { demoCompute } from './compute';
import { DEMO_GENERATED_AT, EU, EVENT_WINDOW_FROM, TOOLS, US, WORKLOADS } from './constants';
import { demoEvents } from './events';
import { demoNetwork } from './network';
import { demoSecurityGroups } from './security-groups';
import { demoTemplatesAndSettings } from './templates';
import { demoTrailBuckets, demoTrails } from './trails';

export { DEMO_GENERATED_AT, DEMO_NOW, WORKLOADS as DEMO_ACCOUNT, TOOLS as DEMO_TOOLS_ACCOUNT } from './constants';

/** Where LookupEvents gave up in eu-west-1. */
export const EU_READ_UNTIL = '2026-11-26T07:00:00.000Z';

const TARGETS = [
  { accountId: WORKLOADS, region: US },
  { accountId: WORKLOADS, region: EU },
  { accountId: TOOLS, region: US },
];

function coverageGaps(): CoverageGap[] {
  return [
    b.coverageGap({
      accountId: WORKLOADS,
      region: EU,
      service: 'cloudtrail',
      api: 'LookupEvents',
      errorCode: 'ThrottlingException',
      message: 'Rate exceeded (after 5 adaptive retries); events after 2026-11-26T07:00:00Z in eu-west-1 were not read',
    }),
    b.coverageGap({
      accountId: TOOLS,
      region: US,
      service: 'ec2',
      api: 'DescribeFlowLogs',
      errorCode: 'UnauthorizedOperation',
      message: `You are not authorized to perform this operation. User: arn:aws:sts::${TOOLS}:assumed-role/vmaudit-read/vmaudit-scan is not authorized to perform: ec2:DescribeFlowLogs`,
    }),
  ];
}

/** What a scheduled scan under the default policy reads: sign-ins, writes, and denied and root read-only calls. */
const SCHEDULED_CLASSES = (['console-sign-in', 'write', 'read-only-denied', 'read-only-root'] as const).map((c) => ({ class: c, capped: false }));

function eventWindows(events: Snapshot['events']): EventWindow[] {
  return TARGETS.map((t) => {
    const count = events.filter((e) => e.accountId === t.accountId && e.region === t.region).length;
    // Throttling cut eu-west-1 short: the window ends where reading stopped and the coverage gap
    // says why. `capped` is for the per-run cap, which is not what happened here.
    const throttled = t.accountId === WORKLOADS && t.region === EU;
    // One record of the tools account could not be parsed: the event-coverage rule reports it.
    const unparsed = t.accountId === TOOLS ? { unparsed: 1, unparsedErrors: ['event 5d0e8c1a-77b2-4f0e-9a51-2f4c6f1d9b30: CloudTrailEvent is not valid JSON (Unexpected end of JSON input)'] } : {};
    return EventWindowSchema.parse({ ...t, from: EVENT_WINDOW_FROM, to: throttled ? EU_READ_UNTIL : DEMO_GENERATED_AT, eventCount: count, capped: false, ...unparsed, classes: SCHEDULED_CLASSES });
  });
}

export function demoSnapshot(): Snapshot {
  const network = demoNetwork();
  const compute = demoCompute();
  const events = demoEvents();
  return b.snapshot({
    generatedAt: DEMO_GENERATED_AT,
    source: { kind: 'demo', description: 'Acme demo organisation (embedded in vmaudit): 2 accounts, 2 regions, 4 zones' },
    targets: TARGETS.map((t) => ({ ...t })),
    ...network,
    securityGroups: demoSecurityGroups(),
    ...compute,
    ...demoTemplatesAndSettings(),
    trails: demoTrails(),
    trailBuckets: demoTrailBuckets(),
    events,
    eventWindows: eventWindows(events),
    coverageGaps: coverageGaps(),
  });
}
