/**
 * The running emulator, as the e2e test files see it: its endpoint, a reset between files, SDK client
 * settings for seeding, and the CloudTrail events file it serves as LookupEvents.
 */
import { writeFileSync } from 'node:fs';
import { E2E_ENV } from './env-names';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`e2e: ${name} is not set: run the e2e files through jest (npx jest test/e2e), whose global setup starts the emulator.`);
  return v;
}

export const emulatorEndpoint = (): string => required(E2E_ENV.endpoint);

/** Any key works with the emulator; these are AWS's documented example credentials. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/**
 * What the emulator answers with a bare HTTP 500 because moto does not implement it (its README,
 * "Known differences"); AWS answers every one of them. A scan meets these as coverage gaps.
 */
export const EMULATOR_NOT_IMPLEMENTED: readonly string[] = [
  'ec2:GetEbsDefaultKmsKeyId',
  'ec2:GetSerialConsoleAccessStatus',
  'ec2:GetSnapshotBlockPublicAccessState',
  'ec2:GetImageBlockPublicAccessState',
  'ec2:GetInstanceMetadataDefaults',
  'cloudtrail:ListEventDataStores',
];

/** The account the emulator's own credentials act in. */
export const CALLER_ACCOUNT = '123456789012';

/** Wipes every service's state (moto's reset API), so each test file starts from an empty AWS. */
export async function resetEmulator(): Promise<void> {
  const r = await fetch(`${emulatorEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!r.ok) throw new Error(`e2e: emulator reset answered HTTP ${r.status}`);
}

/** SDK v3 client settings for seeding a scenario (path-style S3, as the emulator needs). */
export function seedConfig(region: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = TEST_CREDENTIALS) {
  return { region, endpoint: emulatorEndpoint(), credentials, forcePathStyle: true, maxAttempts: 1 };
}

/** LookupEvents events per region, as the emulator serves them (re-read on every call). */
export function serveEvents(byRegion: Record<string, unknown[]>): void {
  writeFileSync(required(E2E_ENV.eventsFile), JSON.stringify(byRegion));
}
