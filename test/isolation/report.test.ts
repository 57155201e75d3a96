/** The isolation section of report.html: the zone matrix, the violations, the exposure list; every estate string escaped. */
import { evaluate } from '../../lib/engine/evaluate';
import { ISOLATION_RULES } from '../../lib/isolation/rules';
import { renderIsolationSection } from '../../lib/isolation/report';
import { PolicySchema, type PolicyInput } from '../../lib/policy/schema';
import { NOW } from '../support/run-rule';
import { allEgress, b, estate, tcpFrom, vm } from './support/estate';

const EVIL = '<img src=x onerror=alert(1)>';

function findings(policy: PolicyInput) {
  const snap = estate({
    securityGroups: [
      b.securityGroup({ groupId: 'sg-dev', egress: [allEgress()] }),
      b.securityGroup({ groupId: 'sg-prod', egress: [allEgress()], ingress: [tcpFrom(22, '10.0.1.0/24'), tcpFrom(5432, '10.0.1.0/24'), tcpFrom(3389, '0.0.0.0/0')] }),
    ],
    instances: [
      vm('i-dev', { zone: 'dev', ip: '10.0.1.10', sgs: ['sg-dev'] }),
      vm('i-evil', { zone: EVIL, ip: '10.0.1.11', sgs: ['sg-dev'] }),
      vm('i-prod', { zone: 'prod', subnet: 'subnet-2', ip: '10.0.2.20', sgs: ['sg-prod'], publicIp: '54.1.2.3', name: `db ${EVIL}` }),
    ],
  });
  return evaluate(snap, PolicySchema.parse({ frameworks: ['vmaudit'], ...policy }), { rules: ISOLATION_RULES, now: NOW }).findings;
}

describe('renderIsolationSection', () => {
  const fs = findings({ isolation: { zones: ['prod', 'dev', 'staging'] }, flows: [{ action: 'deny', source: 'zone:dev', destination: 'zone:prod' }] });
  const s = renderIsolationSection(fs, ['prod', 'dev', 'staging']);

  it('is-a-valid-section', () => {
    expect([s.id, s.title]).toEqual(['isolation', 'Isolation']);
  });

  it('matrix-cell-counts-violations-and-links-to-the-first-finding', () => {
    const f = fs.find((x) => x.ruleId === 'net-zone-isolation' && x.status === 'FAIL' && x.resourceId === 'dev -> prod' && x.detailKey === 'tcp/22')!;
    expect(s.html).toContain(`<a href="#finding-${f.id}"><strong>3</strong></a>`);
  });

  it('isolated-pairs-show-zero-and-the-diagonal-is-blank', () => {
    expect(s.html).toMatch(/<tr><th scope="row">prod<\/th><td class="iso-self"[^>]*>—<\/td><td class="iso-ok num"[^>]*>0<\/td>/);
  });

  it('zones-seen-only-in-findings-are-appended-escaped', () => {
    expect(s.html).toContain('<th scope="col">&lt;img src=x onerror=alert(1)&gt;</th>');
    expect(s.html).not.toContain(EVIL);
  });

  it('violations-are-listed-per-zone-pair-with-severity', () => {
    expect(s.html).toMatch(/<li><strong>dev → prod<\/strong>: <a href="#finding-[0-9a-f]+">tcp\/22<\/a> <span class="sev sev-high">HIGH<\/span>/);
  });

  it('declared-zones-without-instances-are-named', () => {
    expect(s.html).toContain('Declared zones with no instance: staging.');
  });

  it('exposure-list-names-instance-address-and-ports', () => {
    expect(s.html).toContain('1 instance reachable from the internet on 1 port range');
    expect(s.html).toMatch(/<span class="sev sev-critical">CRITICAL<\/span><\/td><td><a href="#finding-[0-9a-f]+">i-prod<\/a> <span class="muted">db &lt;img src=x onerror=alert\(1\)&gt;<\/span>/);
    expect(s.html).toContain('<td class="mono">54.1.2.3</td><td class="mono">tcp/3389</td>');
  });

  it('violated-flow-is-listed', () => {
    expect(s.html).toMatch(/<a href="#finding-[0-9a-f]+">deny zone:dev -&gt; zone:prod<\/a>: Flow/);
  });

  it('without-isolation-section-says-zone-isolation-was-not-checked', () => {
    const x = renderIsolationSection(findings({}), []);
    expect(x.html).toContain('zone isolation was not checked');
    expect(x.html).toContain('1 instance reachable from the internet');
    expect(x.html).toContain('The policy declares no flow intents.');
  });
});
