/**
 * Every sentence a renderer prints to say something is absent ("no zone can reach another", "no
 * failing rules", "coverage: complete") appears only when the rule behind it ran and decided
 * everywhere; otherwise the renderer says "not evaluated" with the reason. One table walks them all.
 */
import { renderIsolationSection } from '../../lib/isolation/report';
import { renderConsoleSummary } from '../../lib/reports/console';
import { verdictsOf } from '../../lib/findings/verdict';
import type { FindingsDocument } from '../../lib/findings/document';
import type { Finding, FindingStatus } from '../../lib/findings/finding';
import { finding, findingsDoc } from '../support/findings';

const ZONES = ['prod', 'dev'];
const result = (ruleId: string, status: FindingStatus, o: Partial<Finding> = {}) => finding({ ruleId, status, resourceId: `${ruleId}-r`, resourceType: 'AWS::::Account', message: `${ruleId} ${status}`, lifecycle: undefined, ...o });

interface Sentence {
  renderer: string;
  sentence: string;
  /** The rule whose verdict the sentence states. */
  ruleId: string;
  render(doc: FindingsDocument): string;
}

const isolation = (doc: FindingsDocument) => renderIsolationSection(doc.findings, ZONES, { verdict: verdictsOf(doc), flowsDeclared: true }).html;
const consoleText = (doc: FindingsDocument) => renderConsoleSummary(doc, { rules: RULES });

const SENTENCES: Sentence[] = [
  { renderer: 'report.html isolation section', sentence: 'No zone can reach another beyond what the policy allows.', ruleId: 'net-zone-isolation', render: isolation },
  { renderer: 'report.html isolation section', sentence: 'No instance is reachable from the internet beyond what the policy allows.', ruleId: 'net-internet-exposure', render: isolation },
  { renderer: 'report.html isolation section', sentence: 'Every declared flow holds', ruleId: 'net-flow-intent', render: isolation },
  { renderer: 'text summary', sentence: 'No failing rules.', ruleId: 'evt-unauthorized-api-calls', render: consoleText },
];

const RULES = ['net-zone-isolation', 'net-internet-exposure', 'net-flow-intent', 'evt-unauthorized-api-calls'];

/** Every rule ran and passed; `change` rewrites the one under test. */
function doc(ruleId: string, change: 'passed' | 'not-run' | 'unknown' | 'error'): FindingsDocument {
  const findings = RULES.map((r) => result(r, r === ruleId && change === 'unknown' ? 'UNKNOWN' : r === ruleId && change === 'error' ? 'ERROR' : 'PASS', r === ruleId && change === 'unknown' ? { message: 'denied read-only calls were not read' } : {}));
  const ran = change === 'not-run' ? RULES.filter((r) => r !== ruleId) : RULES;
  return findingsDoc(change === 'not-run' ? findings.filter((f) => f.ruleId !== ruleId) : findings, { rulesRun: ran });
}

describe('no all-clear sentence without a verdict', () => {
  it.each(SENTENCES)('$renderer: "$sentence" is printed when $ruleId ran and passed everywhere', ({ sentence, ruleId, render }) => {
    expect(render(doc(ruleId, 'passed'))).toContain(sentence);
  });

  it.each(SENTENCES.flatMap((s) => (['not-run', 'unknown', 'error'] as const).map((change) => ({ ...s, change }))))('$renderer: "$sentence" is not printed when $ruleId is $change, and the reason is', ({ sentence, ruleId, render, change }) => {
    const out = render(doc(ruleId, change));
    expect(out).not.toContain(sentence);
    expect(out).toMatch(/not evaluated/);
    expect(out).toContain(ruleId);
    if (change === 'not-run') expect(out).toContain('did not run');
    if (change === 'unknown') expect(out).toContain('denied read-only calls were not read');
    if (change === 'error') expect(out).toContain('failed with an error');
  });

  it('an-all-zero-zone-matrix-is-not-shown-for-a-zone-rule-that-did-not-run', () => {
    expect(isolation(doc('net-zone-isolation', 'passed'))).toContain('iso-matrix');
    expect(isolation(doc('net-zone-isolation', 'not-run'))).not.toContain('iso-matrix');
  });

  it('coverage-is-not-called-complete-while-results-are-unknown-for-data-not-read', () => {
    const d = doc('evt-unauthorized-api-calls', 'passed');
    expect(consoleText(d)).toContain('Coverage: complete');
    const unread = findingsDoc([...d.findings, result('evt-root-account-usage', 'UNKNOWN', { resourceId: 'x', evidence: { eventsNotRead: ["the root user's read-only calls were not read"] } })], { rulesRun: [...RULES, 'evt-root-account-usage'] });
    expect(consoleText(unread)).not.toContain('Coverage: complete');
    expect(consoleText(unread)).toContain('could not be decided because data was not read');
  });
});
