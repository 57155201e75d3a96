/**
 * Where each model object of a template came from: the stack, logical id, CloudFormation type and
 * JSON/YAML path, the properties that could not be resolved, and the paths of the properties a rule
 * would tell the user to change. Findings are located and their honesty checked through this table.
 */
import type { PathSegment } from '../policy/locate';

export interface UnresolvedProperty {
  path: PathSegment[];
  reason: string;
  /** Set for a tag whose value is unresolved (its key is known): only the zone tag decides reachability. */
  tagKey?: string;
}

export interface Origin {
  /** The id the model and the findings use for it (the logical id, `Stack/LogicalId` with several stacks). */
  modelId: string;
  logicalId: string;
  cfnType: string;
  file: string;
  stackName: string;
  /** `['Resources', logicalId]`. */
  path: PathSegment[];
  unresolved: UnresolvedProperty[];
  /** Set when the resource exists only if a condition holds that could not be resolved. */
  conditional?: string;
  /** Paths a finding points at, by what they set: `HttpTokens`, `MapPublicIpOnLaunch`, `nacl:ingress:100`, … */
  properties: Map<string, PathSegment[]>;
}

export class OriginTable {
  private readonly byId = new Map<string, Origin>();

  add(o: Omit<Origin, 'unresolved' | 'properties'>): Origin {
    const full: Origin = { ...o, unresolved: [], properties: new Map() };
    this.byId.set(o.modelId, full);
    return full;
  }

  get(modelId: string): Origin | undefined {
    return this.byId.get(modelId);
  }

  all(): Origin[] {
    return [...this.byId.values()];
  }
}
