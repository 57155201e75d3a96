import * as z from 'zod';
import { defineRule } from '../../engine/rule';
import { formatPortSpec, parsePortSpec } from '../../policy/ports';
import { explanationEvidence } from '../explain';
import { evaluateFlow } from '../flows';
import { isolationSeverity } from '../severity';
import { flowRef, homeAccount, isolationAnalysis, NETWORK_APIS } from './shared';

export default defineRule({
  id: 'net-flow-intent',
  title: 'Declared flows hold: denied paths are closed, required paths are open',
  severity: 'high',
  category: 'isolation',
  resourceType: 'vmaudit::Isolation::Flow',
  rationale:
    'Flow intents state the network as it should be ("192.168.1.0/24 must never reach 192.168.3.0/24", "the web tier must reach the database on tcp/5432"). ' +
    'A denied path that opens is a segmentation breach; a required path that closes is an outage waiting to be noticed. Both are found before traffic proves them.',
  remediation:
    'For a violated deny flow, close the hop named in the evidence (the security-group rule, NACL entry or route that lets it through). ' +
    'For a broken allow flow, open the hop named as blocking (often a missing ingress rule, a NACL that drops the reply on ephemeral ports 1024-65535, or a peering route on one side only).',
  params: z.strictObject({}),
  enforces: ['flows'],
  requires: NETWORK_APIS,
  scope: 'estate',
  *evaluate(ctx) {
    const flows = ctx.policy.flows;
    if (!flows.length) return;
    const analysis = isolationAnalysis(ctx);
    const seen = new Set<string>();
    for (const flow of flows) {
      const outcome = evaluateFlow(analysis, flow);
      const ports = flow.ports.map((p) => {
        const s = parsePortSpec(p);
        return typeof s === 'string' ? p : formatPortSpec(s);
      });
      const detailKey = `${flow.action}:${ports.join(',')}`;
      if (seen.has(`${outcome.id}\u0000${detailKey}`)) continue;
      seen.add(`${outcome.id}\u0000${detailKey}`);
      const base = { flow: { name: flow.name, action: flow.action, source: flow.source, destination: flow.destination, ports } };
      if (outcome.problem) {
        yield { status: 'UNKNOWN', resource: flowRef(homeAccount(ctx), 'global', outcome.id), detailKey, message: `Flow "${outcome.id}" cannot be judged: ${outcome.problem}`, evidence: { ...base, reason: outcome.problem } };
        continue;
      }
      for (const t of outcome.targets) {
        yield {
          status: t.status,
          resource: flowRef(t.accountId, t.region, outcome.id),
          detailKey,
          severity: t.status === 'FAIL' ? (flow.action === 'deny' ? isolationSeverity(t.services, 'zone') : 'medium') : undefined,
          message: t.message,
          evidence: {
            ...base,
            destinations: t.destinations,
            ...(t.services.isEmpty ? {} : { [flow.action === 'deny' ? 'reachable' : 'missing']: t.services.describe() }),
            ...(t.broken ? { brokenDestinations: t.broken.slice(0, 20), brokenCount: t.broken.length } : {}),
            ...(t.explanation ? explanationEvidence(t.explanation) : {}),
          },
        };
      }
    }
  },
});
