/**
 * EC2 API actions classified read / write for the `access` policy. The rule of thumb of the IAM
 * "access level" column: Describe*, Get* and List* only read; every other action changes something
 * (Create, Delete, Modify, Run, Start, Stop, Terminate, Reboot, Attach, Associate, Authorize, …).
 */
export type AccessClass = 'read' | 'write';

export const EC2_SOURCE = 'ec2.amazonaws.com';

const READ_PREFIXES = ['Describe', 'Get', 'List'] as const;

export function ec2ActionClass(eventName: string): AccessClass {
  for (const p of READ_PREFIXES) if (eventName.startsWith(p)) return 'read';
  return 'write';
}

/** The IAM-style action name of an event: ec2:StopInstances. */
export function iamActionName(eventSource: string, eventName: string): string {
  const dot = eventSource.indexOf('.');
  return `${dot > 0 ? eventSource.slice(0, dot) : eventSource}:${eventName}`;
}
