/**
 * Shell completion with @pnpm/tabtab (the completion helper pnpm itself uses): `vmaudit completion
 * bash|zsh|fish` prints the shell's script; that script calls the hidden `vmaudit completion-server`
 * with the line being typed (COMP_LINE, COMP_POINT), which answers from the commander definitions,
 * so a new command or flag completes without anything else to update.
 */
import type { Command, Option } from 'commander';
import tabtab from '@pnpm/tabtab';
import { UsageError } from '../errors';
import { SEVERITIES } from '../model/severity';
import { FINDING_STATUSES } from '../findings/finding';
import { FULL_CATALOGUE } from '../catalogue';
import { out } from './terminal';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof COMPLETION_SHELLS)[number];
/** tabtab's word for "complete a file name here". */
export const COMPLETE_FILES = '__tabtab_complete_files__';

export interface Candidate {
  name: string;
  description?: string;
}

/** Values some flags take, offered after the flag; a flag or argument naming a file or folder gets file completion. */
function valuesFor(option: Option): Candidate[] | 'files' | undefined {
  const long = option.long ?? '';
  if (option.argChoices) return option.argChoices.map((name) => ({ name }));
  if (/^--(fail-on|min-severity|digest-severity|severity)$/.test(long)) return SEVERITIES.map((name) => ({ name }));
  if (long === '--status') return FINDING_STATUSES.map((name) => ({ name }));
  if (long === '--checks' || long === '--excluded-checks') return FULL_CATALOGUE.map((r) => ({ name: r.id, description: r.title }));
  if (long === '--period') return ['daily', 'weekly', 'monthly'].map((name) => ({ name }));
  if (/<(file|dir|snapshot|location|files\.\.\.)>/.test(option.flags)) return 'files';
  return undefined;
}

const visible = (c: Command) => !(c as unknown as { _hidden?: boolean })._hidden;

/**
 * What to offer for `line` (the words typed so far, the last one being completed): the subcommands
 * of the command reached, its flags, the values of the flag before the cursor, or file names.
 */
export function completionCandidates(program: Command, line: string): Candidate[] | 'files' {
  const words = line.split(/\s+/);
  const current = words.pop() ?? '';
  let cmd = program;
  let pending: Option | undefined;
  let positionals = 0;
  for (const w of words.slice(1)) {
    if (pending) {
      pending = undefined;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positionals === 0) {
      cmd = sub;
      continue;
    }
    const opt = cmd.options.find((o) => o.long === w || o.short === w);
    if (opt) {
      if (opt.required || opt.optional) pending = opt;
      continue;
    }
    if (!w.startsWith('-')) positionals++;
  }
  if (pending) return valuesFor(pending) ?? [];
  if (current.startsWith('-')) {
    return cmd.options.filter((o) => o.long && !o.hidden).map((o) => ({ name: o.long!, description: o.description }));
  }
  const subs = cmd.commands.filter(visible).map((c) => ({ name: c.name(), description: c.description() }));
  if (subs.length) return subs;
  return cmd.registeredArguments.length ? 'files' : [];
}

function parseShell(text: string): Shell {
  if (!(COMPLETION_SHELLS as readonly string[]).includes(text)) throw new UsageError(`UsageError: completion ${JSON.stringify(text)}: give one of ${COMPLETION_SHELLS.join(', ')}.`);
  return text as Shell;
}

export function register(program: Command): void {
  program
    .command('completion')
    .description(`print the shell completion script (${COMPLETION_SHELLS.join(', ')}); load it from your shell's start-up file`)
    .argument('<shell>', COMPLETION_SHELLS.join(' | '))
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vmaudit completion bash >> ~/.bashrc\n' +
        '  vmaudit completion zsh > "${fpath[1]}/_vmaudit"   # or: source <(vmaudit completion zsh)\n' +
        '  vmaudit completion fish > ~/.config/fish/completions/vmaudit.fish\n',
    )
    .action(async (text: string) => {
      const shell = parseShell(text);
      out(await tabtab.getCompletionScript({ name: 'vmaudit', completer: 'vmaudit', shell }));
    });

  program
    .command('completion-server', { hidden: true })
    .description('answers the completion script (reads COMP_LINE and COMP_POINT)')
    .allowUnknownOption()
    .argument('[words...]')
    .action(() => {
      const env = tabtab.parseEnv(process.env);
      const shell = tabtab.getShellFromEnv(process.env) as Shell;
      const found = completionCandidates(program, env.partial);
      if (found === 'files') out(`${COMPLETE_FILES}\n`);
      else tabtab.log(found, shell, (s: string) => out(`${s}\n`));
    });
}
