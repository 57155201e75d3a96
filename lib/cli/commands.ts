/** Every CLI command, in the order `vmaudit --help` lists them. One module per command. */
import type { Command } from 'commander';
import { register as policy } from './policy';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [policy];
