/** Every CLI command, in the order `vmaudit --help` lists them. One module per command. */
import type { Command } from 'commander';
import { register as evaluate } from './evaluate';
import { register as demo } from './demo';
import { register as rules } from './rules';
import { register as policy } from './policy';
import { register as scan } from './scan';
import { register as permissions } from './permissions';
import { register as report } from './report';
import { register as verify } from './verify';
import { register as events } from './events';
import { register as reach } from './reach';
import { register as importData } from './import';
import { register as completion } from './completion';
import { register as template } from './template';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [evaluate, demo, rules, policy, scan, permissions, report, verify, events, reach, importData, completion, template];
