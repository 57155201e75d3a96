/**
 * `vmaudit permissions`: the minimal IAM policy vmaudit needs, from the collectors' own declarations
 * (the same list the CDK stack grants). Read-only actions, named one by one, sorted.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors';
import { collectorPermissions, scannerPermissions } from '../collect/registry';
import { out as terminalOut } from './terminal';

export interface PermissionsOptions {
  /** Add what the scanning principal needs to read other accounts through this role. */
  roleName?: string;
  org?: boolean;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function permissionsPolicy(o: PermissionsOptions = {}): IamPolicy {
  if (o.org && !o.roleName) throw new UsageError('UsageError: --org needs --role-name: the scanner assumes that role in each member account.');
  const statements: PolicyStatement[] = [{ Sid: 'VmauditReadInventory', Effect: 'Allow', Action: collectorPermissions(), Resource: '*' }];
  const scanner = scannerPermissions({ org: o.org, assumeRole: o.roleName !== undefined });
  if (scanner.includes('organizations:ListAccounts')) statements.push({ Sid: 'VmauditListAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' });
  if (o.roleName) {
    const name = o.roleName.replace(/^\/+/, '');
    statements.push({ Sid: 'VmauditAssumeReadRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${name}` });
  }
  return { Version: '2012-10-17', Statement: statements };
}

export function register(program: Command): void {
  program
    .command('permissions')
    .description('print the minimal read-only IAM policy for the accounts vmaudit reads (and, with --role-name, for the scanner)')
    .option('--role-name <name>', 'also allow the scanner to assume this read role in other accounts')
    .option('--org', 'also allow listing the organization\'s accounts (with --role-name)')
    .addHelpText('after', '\nExamples:\n  vmaudit permissions > vmaudit-read-policy.json\n  vmaudit permissions --org --role-name VmauditRead')
    .action((opts: PermissionsOptions) => {
      terminalOut(`${JSON.stringify(permissionsPolicy(opts), null, 2)}\n`);
    });
}
