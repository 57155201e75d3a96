/**
 * Every rule vmaudit runs, in documentation order: configuration (lib/rules), network isolation
 * (lib/isolation/rules) and CloudTrail event audit (lib/events/rules). The policy loader, the
 * engine, the docs table and the CDK stack all read this one list.
 */
import type { Rule } from '../engine/rule';
import { CATALOGUE as CONFIG_RULES } from '../rules/index';
import { ISOLATION_RULES } from '../isolation/rules/index';
import { EVENT_RULES } from '../events/rules/index';

export const FULL_CATALOGUE: readonly Rule[] = [...CONFIG_RULES, ...ISOLATION_RULES, ...EVENT_RULES];

const byId = new Map(FULL_CATALOGUE.map((r) => [r.id, r]));

export function findAnyRule(id: string): Rule | undefined {
  return byId.get(id);
}
