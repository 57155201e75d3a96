/**
 * A rule is a value (STYLE §3): metadata plus one pure `evaluate` over the indexed inventory.
 * `defineRule` only fills defaults and freezes; registration is an explicit list in `lib/rules/index.ts`.
 */
import type * as z from 'zod';
import type { InventoryIndex } from './inventory-index';
import type { Severity } from '../model/severity';
import type { PolicyDocument } from '../policy/schema';
import type { EventReadClass, Tags } from '../model/types';
import { frameworksOfRule, VMAUDIT_PACK } from '../frameworks/index';

export type ResultStatus = 'PASS' | 'FAIL' | 'UNKNOWN' | 'NOT_APPLICABLE';

export interface ResourceRef {
  accountId: string;
  region: string;
  /** CloudFormation type name, e.g. AWS::EC2::Instance; AWS::::Account for account-level results. */
  type: string;
  id: string;
  arn: string;
  tags?: Tags;
}

export interface RuleResult {
  status: ResultStatus;
  resource: ResourceRef;
  /** One sentence naming the resource and what is wrong (or right). */
  message: string;
  evidence?: Record<string, unknown>;
  /** Distinguishes several findings of one rule on one resource (e.g. one per port range). Part of the finding id. */
  detailKey?: string;
  /** Overrides the rule's severity for this result (e.g. an exposed database port is critical). */
  severity?: Severity;
}

/** Policy sections a rule enforces: while one is declared the rule must run (`policy validate` refuses to disable it). */
export const POLICY_SECTIONS = ['isolation', 'flows', 'access', 'audit', 'response'] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

export type RuleCategory = 'encryption' | 'instance' | 'image' | 'network' | 'isolation' | 'logging' | 'event';

export interface RuleContext<P> {
  inv: InventoryIndex;
  params: P;
  /** The moment of the audit; rules never read the clock. */
  now: Date;
  policy: PolicyDocument;
  /** Shares one computation between rules of a run (the isolation analysis feeds three rules). */
  memo<T>(key: string, compute: () => T): T;
}

export interface RuleDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  title: string;
  severity: Severity;
  category: RuleCategory;
  resourceType: string;
  rationale: string;
  remediation: string;
  /** Parameter schema with defaults; a z.object whose every field has a default. */
  params: S;
  /**
   * APIs whose data the rule reads, as `service:Action` (ec2:DescribeSecurityGroups). A coverage gap on
   * any of them turns the rule's PASS results for that account/region into UNKNOWN.
   */
  requires: string[];
  /**
   * Classes of CloudTrail events the rule reads (EVENT_READ_CLASSES of lib/model/schema.ts), or a
   * function of the policy when its sections decide (an access policy on `read` actions needs every
   * read-only event). Where a target's event windows did not read one of them to its end, the engine
   * turns the rule's PASS results there into UNKNOWN and names what was not read.
   */
  events?: readonly EventReadClass[] | ((policy: PolicyDocument) => readonly EventReadClass[]);
  /**
   * 'target' rules need only one account/region's slice, so the scheduled pipeline runs them next to
   * the collector of each target; 'estate' rules (cross-account reachability) need the merged
   * inventory and run once in the publish step. Default 'target'.
   */
  scope?: 'target' | 'estate';
  /** Policy sections whose declarations this rule checks; the rule cannot be disabled while one is declared. */
  enforces?: readonly PolicySection[];
  evaluate(ctx: RuleContext<z.output<S>>): Iterable<RuleResult>;
}

export type Rule = Readonly<RuleDefinition>;

export function defineRule<S extends z.ZodType>(def: RuleDefinition<S>): Rule {
  return Object.freeze(def) as unknown as Rule;
}

/**
 * The packs a rule belongs to: the frameworks whose controls it evidences (the registry in
 * lib/frameworks holds the control → rule map), or `vmaudit` when it evidences none. Only for
 * listing (`vmaudit rules --framework`): packs never decide whether a rule runs.
 */
export function rulePacks(rule: Rule): string[] {
  const packs: string[] = frameworksOfRule(rule.id);
  return packs.length ? packs : [VMAUDIT_PACK];
}
