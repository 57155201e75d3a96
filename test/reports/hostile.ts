/** Hostile estate strings, and a document that carries them in every field an account controls. */
import type { FindingsDocument } from '../../lib/findings/document';
import { finding, findingsDoc, gap } from '../support/findings';

export const HOSTILE = {
  imgTag: '<img src=x onerror=alert(1)>',
  breakOut: '"><script>window.__xss=1</script>',
  singleQuote: "'><svg onload=window.__xss=2>",
  hyperlink: '=HYPERLINK("http://x","y")',
  cmd: "+cmd|' /C calc'!A0",
  at: '@SUM(1)',
  minus: '-2+3+cmd|" /C calc"!A0',
  tab: '\t=1+1',
  cr: '\r=1+1',
  spaceThenFormula: '   =1+1',
  rtl: 'invoice\u202Etxt.exe',
  newline: 'line one\r\nSubject: injected\nBcc: x@example.com',
  ansi: '\u001b[31mred\u001b[0m\u0007',
  long: 'L'.repeat(10_000),
  url: 'see http://evil.example/login and www.evil.example',
} as const;

export const HOSTILE_VALUES: string[] = Object.values(HOSTILE);

/** One FAIL finding per hostile string, each string in every estate-controlled field. */
export function hostileDoc(): FindingsDocument {
  const findings = Object.entries(HOSTILE).map(([name, s], i) =>
    finding({
      severity: 'critical',
      resourceId: `i-${name}-${s}`,
      resourceArn: `arn:aws:ec2:us-east-1:111111111111:instance/${s}`,
      accountId: i === 0 ? '111111111111' : s,
      region: i === 1 ? 'us-east-1' : s,
      message: `Instance ${s} allows IMDSv1`,
      tags: { Name: s, [s.slice(0, 128)]: s },
      evidence: { name: s, nested: { list: [s, s] } },
    }),
  );
  findings.push(
    finding({
      ruleId: 'ec2-sg-no-public-ssh',
      status: 'SUPPRESSED',
      resourceId: 'sg-hostile',
      suppression: { reason: HOSTILE.imgTag, owner: HOSTILE.breakOut, expires: HOSTILE.hyperlink, exception: 0 },
    }),
  );
  return findingsDoc(findings, {
    id: `run-${HOSTILE.breakOut}`,
    accounts: ['111111111111', HOSTILE.newline, HOSTILE.long],
    regions: ['us-east-1', HOSTILE.rtl, HOSTILE.imgTag],
    source: HOSTILE.imgTag,
    policy: HOSTILE.breakOut,
    coverageGaps: [gap({ message: HOSTILE.imgTag, errorCode: HOSTILE.breakOut, region: HOSTILE.newline })],
  });
}
