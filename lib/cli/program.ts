/**
 * The `vmaudit` command line. Each command lives in its own module and registers itself here.
 * This is the one error path of the CLI: an error the user can fix (a VmauditError, or a file-system
 * or AWS refusal that userErrorOf recognises) prints one paragraph and exits 2, never a stack trace;
 * anything else is a bug (exit 3) and says how to report it.
 */
import { Command, CommanderError } from 'commander';
import { internalErrorMessage, userErrorOf } from '../errors';
import { escapeControls } from '../reports/text';
import { isClosedPipe } from './terminal';
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
  const print = (s: string) => stderr(escapeControls(s, true));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    // The reader of stdout went away (`| head`): a normal end.
    if (isClosedPipe(err)) return 0;
    const known = userErrorOf(err);
    if (known) {
      if (known.message) print(`${known.message}\n`);
      return known.exitCode;
    }
    print(`${internalErrorMessage(err)}\n`);
    if (process.env.VMAUDIT_DEBUG) print(`${(err as Error)?.stack}\n`);
    return 3;
  }
}
