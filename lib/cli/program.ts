/**
 * The `vmaudit` command line. Each command lives in its own module and registers itself here;
 * errors the user can fix (VmauditError) print one paragraph and exit 2, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { VmauditError } from '../errors';
import { COMMANDS } from './commands';
import { version } from '../../package.json';

export function buildProgram(): Command {
  const program = new Command('vmaudit')
    .description('Compliance auditor for the virtual machines of an AWS account or organisation')
    .version(version)
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], stderr: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof VmauditError) {
      stderr(`${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    stderr(`vmaudit: unexpected error: ${e?.message ?? String(err)}\nPlease report it with the command you ran. Set VMAUDIT_DEBUG=1 to see the stack.\n`);
    if (process.env.VMAUDIT_DEBUG) stderr(`${e?.stack}\n`);
    return 3;
  }
}
