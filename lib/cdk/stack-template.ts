/**
 * The CloudFormation template a stack will synthesize, read from its constructs before synthesis
 * (what an Aspect sees), with the construct of each logical id.
 */
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { CfnTemplate } from '../template/source';

/** `_toCloudFormation()` is how the stack itself renders each element; it is internal to aws-cdk-lib, so typed here. */
interface Renderable {
  _toCloudFormation(): Record<string, Record<string, unknown>>;
}

export interface StackTemplate {
  template: CfnTemplate;
  constructs: Map<string, IConstruct>;
}

export function stackTemplate(stack: Stack): StackTemplate {
  const sections: Record<string, Record<string, unknown>> = { Resources: {} };
  const constructs = new Map<string, IConstruct>();
  for (const el of stack.node.findAll()) {
    if (!(el instanceof CfnElement) || Stack.of(el) !== stack) continue;
    const fragment = stack.resolve((el as unknown as Renderable)._toCloudFormation()) as Record<string, Record<string, unknown>>;
    for (const [section, entries] of Object.entries(fragment)) {
      if (!entries || typeof entries !== 'object') continue;
      sections[section] = { ...(sections[section] ?? {}), ...entries };
      for (const id of Object.keys(entries)) if (section === 'Resources') constructs.set(id, el);
    }
  }
  return { template: sections as unknown as CfnTemplate, constructs };
}
