/**
 * Which construct a logical id of a synthesized template belongs to, so a violation names the
 * construct path the developer wrote (`PeeredStack/ProdDbSg`), not only the logical id.
 */
import { basename } from 'node:path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export class ConstructPaths {
  private readonly byTemplate = new Map<string, Map<string, string>>();

  constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (!Stack.isStack(c)) continue;
      const ids = new Map<string, string>();
      for (const el of c.node.findAll()) {
        if (el instanceof CfnElement && Stack.of(el) === c) ids.set(String(c.resolve(c.getLogicalId(el))), el.node.path);
      }
      this.byTemplate.set(c.templateFile, ids);
    }
  }

  /** The construct path of `logicalId` in the template file (absolute or bare name), if known. */
  of(templateFile: string, logicalId: string): string | undefined {
    return this.byTemplate.get(basename(templateFile))?.get(logicalId);
  }
}
