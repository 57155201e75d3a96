/** Every CLI command, in the order `vmaudit --help` lists them. One module per command. */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [];
