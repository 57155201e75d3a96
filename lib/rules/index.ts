/**
 * The rule catalogue: an explicit list (no registration by import side effect). The order here is
 * the order rules run and are documented; `test/rules/catalogue.test.ts` pins it.
 */
import type { Rule } from '../engine/rule';
import ec2Imdsv2Required from './ec2-imdsv2-required';

export const CATALOGUE: readonly Rule[] = [ec2Imdsv2Required];

const byId = new Map(CATALOGUE.map((r) => [r.id, r]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}
