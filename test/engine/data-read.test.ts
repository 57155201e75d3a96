/**
 * The engine turns PASS into UNKNOWN where the data a rule declares was not read: an event class the
 * windows did not read or a cap cut short, an inventory call the snapshot records as not read. Old
 * snapshots (no record) are read under the contract they were written with.
 */
import { FULL_CATALOGUE, findAnyRule } from '../../lib/catalogue';
import { auditEvent, image, instance, snapshot } from '../../lib/model/builders';
import type { AuditEvent } from '../../lib/model/types';
import { EVENT_READ_CLASSES, type EventReadClass } from '../../lib/model/schema';
import { needsReadOnlyEvents } from '../../lib/engine/data-read';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { eventSnapshot } from '../events/support';
import { runRule } from '../support/run-rule';
import { docPage } from '../support/doc-page';
import { READ_ONLY_PAGES } from '../../lib/collect/cloudtrail/events';
import { PAGE_SIZE } from '../../lib/collect/page-sizes';

const ROLE = 'arn:aws:iam::111111111111:role/app-instance';
/** The reconnaissance burst of the issue: 12 denied read-only calls by one instance role within 5 minutes. */
function deniedReads(n = 12): AuditEvent[] {
  return Array.from({ length: n }, (_, i) =>
    auditEvent({
      eventId: `deny-${i}`,
      time: new Date(Date.parse('2026-11-26T10:00:00.000Z') + i * 20_000).toISOString(),
      name: i % 2 ? 'DescribeInstances' : 'DescribeSecurityGroups',
      readOnly: true,
      errorCode: 'Client.UnauthorizedOperation',
      principal: { type: 'AssumedRole', arn: `${ROLE.replace(':role/', ':assumed-role/').replace('iam', 'sts')}/i-0abc`, accountId: '111111111111', sessionIssuerArn: ROLE },
    }),
  );
}
const rule = (id: string) => findAnyRule(id)!;
const statuses = (id: string, snap: ReturnType<typeof snapshot>) => runRule(rule(id), snap).map((f) => [f.status, f.message]);
const SCHEDULED_WITHOUT_READ_ONLY: EventReadClass[] = ['console-sign-in', 'write'];

describe('event classes the rule needs', () => {
  it('unauthorized-calls-is-unknown-not-pass-when-read-only-calls-were-not-read', () => {
    const r = statuses('evt-unauthorized-api-calls', eventSnapshot([auditEvent({ name: 'RunInstances' })], { classes: SCHEDULED_WITHOUT_READ_ONLY }));
    expect(r).toEqual([['UNKNOWN', expect.stringMatching(/^No bursts of unauthorized API calls .* — but not all data could be read: denied read-only calls were not read in the CloudTrail window /)]]);
  });

  it('the-read-only-denied-burst-is-a-failure-when-those-calls-were-read', () => {
    const r = runRule(rule('evt-unauthorized-api-calls'), eventSnapshot(deniedReads(), { classes: ['console-sign-in', 'write', 'read-only-denied', 'read-only-root'] }));
    expect(r.map((f) => f.status)).toEqual(['FAIL']);
    expect(r[0].message).toMatch(/12 unauthorized API calls/);
  });

  it('a-capped-read-only-budget-keeps-the-burst-found-and-says-the-rest-is-unknown', () => {
    const snap = eventSnapshot(deniedReads(), { classes: ['console-sign-in', 'write', 'read-only-denied', 'read-only-root'] });
    snap.eventWindows[0].classes = snap.eventWindows[0].classes!.map((c) => ({ ...c, capped: c.class.startsWith('read-only') }));
    const r = runRule(rule('evt-unauthorized-api-calls'), snap);
    expect(r.map((f) => f.status).sort()).toEqual(['FAIL', 'UNKNOWN']);
    expect(r.find((f) => f.status === 'UNKNOWN')!.message).toMatch(/the read of denied read-only calls in the CloudTrail window .* stopped at its cap/);
  });

  it('a-cap-on-write-events-leaves-sign-in-rules-passing', () => {
    const snap = eventSnapshot([auditEvent({ name: 'RunInstances' })], { classes: SCHEDULED_WITHOUT_READ_ONLY });
    snap.eventWindows[0].classes = [{ class: 'console-sign-in', capped: false }, { class: 'write', capped: true }];
    expect(statuses('evt-console-login-no-mfa', snap).map((s) => s[0])).toEqual(['PASS']);
    expect(statuses('evt-security-group-change', snap).map((s) => s[0])).toEqual(['UNKNOWN']);
  });

  it('an-old-snapshot-window-is-read-as-sign-ins-and-writes-only', () => {
    const old = eventSnapshot([auditEvent({ name: 'RunInstances' })], { classes: null });
    expect(old.eventWindows[0].classes).toBeUndefined();
    expect(statuses('evt-security-group-change', old).map((s) => s[0])).toEqual(['PASS']);
    expect(statuses('evt-unauthorized-api-calls', old)).toEqual([['UNKNOWN', expect.stringContaining('the snapshot does not record which events it read')]]);
  });

  it('an-access-policy-on-read-actions-needs-every-read-only-event', () => {
    const access = [{ resource: { tag: 'Environment=prod' }, actions: ['read'], principals: ['arn:aws:iam::*:role/Admin'] }];
    const snap = eventSnapshot([auditEvent({ name: 'RunInstances' })], { classes: ['console-sign-in', 'write', 'read-only-denied', 'read-only-root'] });
    const r = runRule(rule('evt-access-policy'), snap, {}, { access: access as never });
    expect(r.map((f) => [f.status, f.message])).toEqual([['UNKNOWN', expect.stringContaining('read-only events were not read')]]);
    const all = eventSnapshot([auditEvent({ name: 'RunInstances' })], { classes: EVENT_READ_CLASSES });
    expect(runRule(rule('evt-access-policy'), all, {}, { access: access as never }).map((f) => f.status)).toEqual(['PASS']);
  });

  it('every-rule-that-reads-events-declares-the-classes-it-needs', () => {
    const undeclared = FULL_CATALOGUE.filter((r) => r.requires.includes('cloudtrail:LookupEvents') && r.id !== 'evt-event-coverage' && r.events === undefined).map((r) => r.id);
    expect(undeclared).toEqual([]);
  });

  it('the-scheduled-path-reads-read-only-calls-only-when-a-rule-that-needs-them-runs', () => {
    const policy = defaultPolicy(FULL_CATALOGUE).policy;
    expect(needsReadOnlyEvents(policy, FULL_CATALOGUE)).toBe(true);
    const off = { ...policy, rules: { 'evt-unauthorized-api-calls': false, 'evt-root-account-usage': false } };
    expect(needsReadOnlyEvents(off, FULL_CATALOGUE)).toBe(false);
  });
});

describe('inventory calls the snapshot records', () => {
  const target = { accountId: '111111111111', region: 'us-east-1' };

  it('a-required-call-recorded-as-not-read-makes-the-target-unknown-not-pass', () => {
    const snap = snapshot({ instances: [instance()], images: [], inventoryReads: [{ ...target, apis: ['ec2:DescribeInstances'] }] });
    const r = runRule(rule('ec2-ami-not-public'), snap);
    expect(r.map((f) => [f.status, f.resourceType, f.message])).toEqual([['UNKNOWN', 'AWS::::Account', 'Could not evaluate ec2-ami-not-public in 111111111111/us-east-1: ec2:DescribeImages was not read']]);
    expect(runRule(rule('ec2-imdsv2-required'), snap).map((f) => f.status)).toEqual(['PASS']);
  });

  it('a-pass-over-data-not-read-becomes-unknown-with-the-reason', () => {
    const snap = snapshot({ images: [image()], inventoryReads: [{ ...target, apis: ['ec2:DescribeInstances'] }] });
    const r = runRule(rule('ec2-ami-not-public'), snap).filter((f) => f.resourceId === 'ami-1');
    expect(r.map((f) => [f.status, f.evidence.notRead])).toEqual([['UNKNOWN', ['ec2:DescribeImages']]]);
  });

  it('a-snapshot-without-the-record-is-read-as-before-every-call-without-a-gap-was-read', () => {
    const snap = snapshot({ images: [image()] });
    expect(snap.inventoryReads).toEqual([]);
    expect(runRule(rule('ec2-ami-not-public'), snap).map((f) => f.status)).toEqual(['PASS']);
  });
});

describe('docs/events.md: what each rule needs to have read', () => {
  const doc = docPage('events.md');
  const rows = [...doc.matchAll(/^\| `([a-z-]+)`(?:, `([a-z-]+)`)? \| (.*) \| (.*) \|$/gm)].filter((r) => (EVENT_READ_CLASSES as readonly string[]).includes(r[1]));

  it('states-the-read-only-budget-the-collector-uses', () => {
    const row = rows.find((r) => r[1] === 'read-only-denied')!;
    expect(row[3]).toContain(`at most ${READ_ONLY_PAGES} pages (${(READ_ONLY_PAGES * PAGE_SIZE.LookupEvents).toLocaleString('en-US')} read-only events)`);
    expect(row[3]).toContain(`at most ${READ_ONLY_PAGES} s per region`);
  });

  it('every-rule-named-for-a-class-declares-it', () => {
    expect(rows.map((r) => r[1])).toEqual(['console-sign-in', 'write', 'read-only-denied', 'read-only']);
    for (const r of rows) {
      const classes = [r[1], r[2]].filter(Boolean) as EventReadClass[];
      for (const m of r[4].matchAll(/`(evt-[a-z-]+)`(?! on)/g)) {
        const declared = rule(m[1]).events;
        // A row of two classes names rules that need one of them (CIS 4.1 the denied calls, 4.3 the root user's).
        if (typeof declared !== 'function') expect([m[1], classes.some((c) => declared!.includes(c))]).toEqual([m[1], true]);
      }
    }
  });
});
