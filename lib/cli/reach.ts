/** `vmaudit reach <snapshot> --from … --to …`: one reachability question, answered with the path or the blocking hop. */
import type { Command } from 'commander';
import { AnswerExit, UsageError } from '../errors';
import { InventoryIndex } from '../engine/inventory-index';
import { FULL_CATALOGUE } from '../catalogue';
import { IsolationAnalysis } from '../isolation/analysis';
import { answerReach, formatReachText, type ReachQuery } from '../isolation/query';
import { readSnapshotFile } from '../model/snapshot-file';
import { resolvePolicy } from '../catalogue/load-policy';
import { out } from './terminal';

const PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6'] as const;

/** The answer as the exit code, so a script can branch on it (`if vmaudit reach …; then`); 2 and 3 keep their meaning. */
export const REACH_EXIT = { yes: 0, no: 1, unknown: 4 } as const;

interface Options {
  from: string;
  to: string;
  port?: string;
  protocol: string;
  policy?: string;
  json?: boolean;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text.trim())) throw new UsageError(`UsageError: --port ${JSON.stringify(text)} is not a port: give a number such as 22 or 5432 (for icmp, the ICMP type).`);
  return Number(text);
}

function parseProtocol(text: string): ReachQuery['protocol'] {
  const p = text.trim().toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(p)) throw new UsageError(`UsageError: --protocol ${JSON.stringify(text)} is not one of ${PROTOCOLS.join(', ')}.`);
  return p as ReachQuery['protocol'];
}

export function register(program: Command): void {
  program
    .command('reach')
    .description('Answer "can this reach that?" from a snapshot, with the security-group rule, NACL entries and route on the way, or the hop that blocks it; exit 0 reachable, 1 not reachable, 4 unknown')
    .argument('<snapshot>', 'snapshot file written by `vmaudit scan` (snapshot.json.gz)')
    .requiredOption('--from <source>', 'instance id (i-…), zone name (or zone:<name>), CIDR / address (10.0.1.0/24, 0.0.0.0/0 for the internet), internet, or on-premises (clients over VPN / Direct Connect)')
    .requiredOption('--to <destination>', 'instance id or zone name (or zone:<name>)')
    .option('--port <port>', 'one port (for icmp: the ICMP type); without it, every reachable port range is listed')
    .option('--protocol <protocol>', `protocol of --port: ${PROTOCOLS.join('|')}`, 'tcp')
    .option('-p, --policy <file>', 'policy file: its isolation.zoneTag names the zone tag, and zone-to-zone answers are checked against isolation.allow')
    .option('--json', 'print the answer as JSON')
    .addHelpText('after', `\nExit codes: ${REACH_EXIT.yes} reachable, ${REACH_EXIT.no} not reachable, ${REACH_EXIT.unknown} unknown (a part of the path could not be read), 2 bad input.\n`)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vmaudit reach snapshot.json.gz --from dev --to prod\n' +
        '  vmaudit reach snapshot.json.gz --from i-0a1b2c3d4e5f60718 --to i-0f1e2d3c4b5a69788 --port 5432\n' +
        '  vmaudit reach snapshot.json.gz --from 0.0.0.0/0 --to web --port 22 --json\n',
    )
    .action(async (file: string, o: Options) => {
      const port = parsePort(o.port);
      const protocol = parseProtocol(o.protocol);
      const policy = resolvePolicy(o.policy, FULL_CATALOGUE).policy;
      const snapshot = await readSnapshotFile(file);
      const cidrs = [o.from, o.to].filter((x) => /[./:]/.test(x) && !x.startsWith('zone:'));
      const analysis = new IsolationAnalysis(new InventoryIndex(snapshot), { zoneTag: policy.isolation?.zoneTag, extraCidrs: cidrs.map((c) => (c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`)) });
      const result = answerReach(analysis, { from: o.from, to: o.to, port, protocol }, policy.isolation);
      if (!result.ok) throw new UsageError(`UsageError: ${result.error}`);
      out(o.json ? `${JSON.stringify(result.answer, null, 2)}\n` : formatReachText(result.answer));
      const code = REACH_EXIT[result.answer.reachable];
      if (code !== 0) throw new AnswerExit(code);
    });
}
