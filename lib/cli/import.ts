/**
 * `vmaudit import aws-cli <dir>`: a snapshot from saved `aws ec2 describe-*` output, so an auditor
 * handed the files (or a Batfish user with an aws_configs folder) audits without any access.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { UsageError } from '../errors';
import { ImportError, importAwsCli } from '../collect/aws-cli/import';
import { writeSnapshotFile } from '../model/snapshot-file';
import { bounded } from '../reports/text';
import { parseAt } from './options';
import { DEFAULT_OUT, SHORT } from './conventions';

const MAX_LISTED = 200;

export function register(program: Command): void {
  const imp = program.command('import').description('Make a snapshot from data saved by other tools');
  imp
    .command('aws-cli')
    .description('Read a folder of `aws ec2 describe-*` JSON output (one file per call, or Batfish aws_configs) and write a snapshot')
    .argument('<dir>', 'folder of JSON files; accounts/<account>/<region>/ sub-folders are separate targets')
    .option('--account <id>', 'account of files whose folder and data do not name one')
    .option('--region <region>', 'region of files whose folder is not named after one')
    .option(`${SHORT.out}, --out <file>`, 'snapshot file to write', join(DEFAULT_OUT, 'snapshot.json.gz'))
    .option('--at <time>', 'the snapshot time (ISO); default: now')
    .addHelpText(
      'after',
      '\nMake the folder (read-only calls; one file per call):\n' +
        '  for c in describe-instances describe-network-interfaces describe-security-groups describe-network-acls \\\n' +
        '           describe-subnets describe-route-tables describe-vpcs describe-vpc-peering-connections describe-flow-logs \\\n' +
        '           describe-transit-gateways describe-transit-gateway-attachments describe-transit-gateway-vpc-attachments \\\n' +
        '           describe-transit-gateway-peering-attachments describe-transit-gateway-route-tables; do\n' +
        '    aws ec2 $c --region us-east-1 --output json > dump/$c.json; done\n' +
        '  (per TGW route table: get-transit-gateway-route-table-propagations.<id>.json, search-transit-gateway-routes.<id>.json; see docs/import.md)\n' +
        '\nExample:\n  vmaudit import aws-cli dump --account 123456789012 --out snap.json.gz && vmaudit evaluate snap.json.gz\n',
    )
    .action(async (dir: string, o: { account?: string; region?: string; out: string; at?: string }) => {
      const now = parseAt(o.at) ?? new Date();
      let r;
      try {
        r = importAwsCli(dir, { accountId: o.account, region: o.region }, now);
      } catch (err) {
        if (err instanceof ImportError) throw new UsageError(`UsageError: ${err.message}`);
        throw err;
      }
      await writeSnapshotFile(o.out, r.snapshot);
      const s = r.snapshot;
      const lines = [
        `Read ${r.read.reduce((n, x) => n + x.files.length, 0)} files in ${r.read.length} folder${r.read.length === 1 ? '' : 's'}: ${s.targets.length} target${s.targets.length === 1 ? '' : 's'} (${s.targets.map((t) => `${t.accountId}/${t.region}`).join(', ')}).`,
        `Resources: ${s.instances.length} instances, ${s.networkInterfaces.length} network interfaces, ${s.securityGroups.length} security groups, ${s.networkAcls.length} NACLs, ${s.subnets.length} subnets, ${s.routeTables.length} route tables, ${s.vpcs.length} VPCs, ${s.peeringConnections.length} peerings, ${s.transitGateways.length} transit gateways, ${s.transitGatewayAttachments.length} TGW attachments, ${s.transitGatewayRouteTables.length} TGW route tables.`,
      ];
      if (r.unmapped.length) {
        lines.push(`Not mapped (${r.unmapped.length}):`, ...r.unmapped.slice(0, MAX_LISTED).map((u) => `  ${bounded(u, 300)}`));
        if (r.unmapped.length > MAX_LISTED) lines.push(`  … and ${r.unmapped.length - MAX_LISTED} more`);
      }
      const gaps = s.coverageGaps;
      if (gaps.length) lines.push(`Coverage gaps (${gaps.length}): the rules that need these answer UNKNOWN:`, ...gaps.slice(0, MAX_LISTED).map((g) => `  ${g.accountId}/${g.region} ec2:${g.api}: ${bounded(g.message, 300)}`));
      lines.push(`Snapshot: ${o.out} (vmaudit evaluate ${o.out}; vmaudit reach ${o.out} --from … --to …)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
