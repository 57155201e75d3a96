/**
 * Parameter schemas shared by rules, with messages in the policy file's voice ("expected a port
 * 0-65535, got \"https\""): a rule's `params` built from these reads well in PolicyFileError lines.
 */
import { z } from 'zod';

const PORT = 'expected a port 0-65535';

export const portNumber = () => z.number({ error: PORT }).int({ error: PORT }).min(0, { error: PORT }).max(65535, { error: PORT });

export const portList = () => z.array(portNumber());

export const positiveDays = () =>
  z.number({ error: 'expected a number of days' }).int({ error: 'expected a whole number of days' }).min(1, { error: 'expected at least 1 day' });

/** A 12-digit AWS account id, written in quotes so YAML keeps leading zeros. */
export const accountId = () => z.string({ error: 'expected a 12-digit account id in quotes' }).regex(/^\d{12}$/, { error: 'expected a 12-digit account id in quotes' });
