/** Instances the instance rules judge: terminated (and terminating) ones are gone and are skipped. */
import type { Instance } from '../../model/types';
import { label, nameTag } from './labels';

export function* liveInstances(instances: readonly Instance[]): Iterable<Instance> {
  for (const i of instances) if (i.state !== 'terminated' && i.state !== 'shutting-down') yield i;
}

/** `i-0abc (web-1)` from the Name tag. */
export const instanceLabel = (i: Instance): string => label(i.instanceId, nameTag(i.tags));
