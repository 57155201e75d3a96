/** A parsed CloudFormation template and where its properties sit in the file. */
import type { PathSegment } from '../policy/locate';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: unknown;
  Metadata?: unknown;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown; AllowedValues?: unknown[] }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface TemplateSource {
  /** As shown in findings: relative to the working folder. */
  file: string;
  stackName: string;
  template: CfnTemplate;
  /** 1-based line of the key at `path` (or of its deepest existing ancestor). */
  lineOf(path: readonly PathSegment[]): number | undefined;
}
