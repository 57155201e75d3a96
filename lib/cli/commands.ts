/** Every CLI command, in the order `vmaudit --help` lists them. One module per command. */
import type { Command } from 'commander';
import { register as policy } from './policy';
import { register as report } from './report';
import { register as verify } from './verify';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [policy, report, verify];
