/**
 * Whether the event rules saw the whole window: records that could not be parsed and windows cut by
 * the read cap are findings of their own, so they are never dropped silently (the other event rules
 * say UNKNOWN for a capped window and mention unparsed records in their PASS message).
 */
import * as z from 'zod';
import { defineRule, type RuleResult } from '../../engine/rule';
import { accountRef } from '../../rules/resource-refs';
import { eventIndexOf } from '../event-index';
import { LOOKUP_EVENTS, windowOf } from './verdicts';

export default defineRule({
  id: 'evt-event-coverage',
  title: 'Every CloudTrail event of the window was read and understood',
  severity: 'medium',
  category: 'event',
  resourceType: 'AWS::::Account',
  rationale:
    'Event detections are only as good as the events they see. A record that could not be parsed (truncated, or of a shape not understood) or a window cut short by the per-run read cap may hide exactly the StopLogging or console sign-in the rules look for.',
  remediation:
    'For unparsed records: the evidence lists why; look the event ids up in the CloudTrail console and report the shape to the vmaudit maintainers. For a capped window: raise the per-run cap, run more often, or rely on the real-time EventBridge path (deployed by the stack) for busy accounts.',
  params: z.strictObject({}),
  requires: [LOOKUP_EVENTS],
  *evaluate(ctx): Iterable<RuleResult> {
    const idx = eventIndexOf(ctx);
    for (const t of idx.targets) {
      const where = `${t.accountId}/${t.region}`;
      const resource = accountRef(t.accountId, t.region);
      const w = windowOf(t);
      if (!w) {
        yield { status: 'UNKNOWN', resource, message: `No CloudTrail event window was read for ${where}`, evidence: { eventsInSnapshot: t.eventCount } };
        continue;
      }
      const evidence = { window: w, eventsRead: t.eventCount, capped: t.capped, unparsed: t.unparsed, unparsedErrors: t.unparsedErrors, duplicatesDropped: idx.duplicates };
      const problems = [
        t.unparsed ? `${t.unparsed} record${t.unparsed === 1 ? '' : 's'} could not be parsed${t.unparsedErrors.length ? ` (first: ${t.unparsedErrors[0]})` : ''}` : '',
        t.capped ? `the read cap stopped at ${t.eventCount} events before the window was exhausted` : '',
      ].filter(Boolean);
      if (problems.length) yield { status: 'FAIL', resource, message: `CloudTrail window ${w.from} – ${w.to} of ${where}: ${problems.join('; ')}`, evidence };
      else yield { status: 'PASS', resource, message: `All ${t.eventCount} CloudTrail events of ${where} between ${w.from} and ${w.to} were read and parsed`, evidence };
    }
  },
});
