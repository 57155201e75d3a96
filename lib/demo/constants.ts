/** The demo organisation: who, where and when. */

/** The workload account: prod, staging, dev and shared services. */
export const WORKLOADS = '123456789012';
/** A second member account (shared tooling: CI, artifacts), to show organisation mode. */
export const TOOLS = '210987654321';

export const US = 'us-east-1';
export const EU = 'eu-west-1';

/** The moment the demo snapshot was taken; the demo audit runs "now" = this instant. */
export const DEMO_GENERATED_AT = '2026-11-26T12:00:00.000Z';
export const DEMO_NOW = new Date(DEMO_GENERATED_AT);
/** The CloudTrail window the snapshot read: the 24 hours before it was taken. */
export const EVENT_WINDOW_FROM = '2026-11-25T12:00:00.000Z';

export const HOSTILE_HTML = '<img src=x onerror=alert(1)>';
export const HOSTILE_FORMULA = '=HYPERLINK("http://evil","click")';

/** Days before DEMO_NOW, as an ISO time (no clock: computed from the fixed instant). */
export function daysAgo(days: number, hours = 0): string {
  return new Date(DEMO_NOW.getTime() - (days * 24 + hours) * 3_600_000).toISOString();
}

export const AMAZON_OWNER = '137112412989';
export const AMAZON_WINDOWS_OWNER = '801119661308';
export const CANONICAL_OWNER = '099720109477';
/** An unknown community publisher. */
export const COMMUNITY_OWNER = '979382823631';
/** Accounts outside Acme that demo snapshots and AMIs were shared with, none of them trusted by the demo policy. */
export const REPORTING_VENDOR = '444455556666';
export const FORMER_CONTRACTOR = '777788889999';
