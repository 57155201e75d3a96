/** e2e global teardown: stops the emulator global-setup.ts started (by its recorded pid) and removes its folder. */
import { rmSync } from 'node:fs';
import { stopEmulator } from '../support/emulator-process';
import { E2E_ENV } from '../support/env-names';

export default async function globalTeardown(): Promise<void> {
  const port = process.env[E2E_ENV.port];
  const stateDir = process.env[E2E_ENV.stateDir];
  if (!port || !stateDir) return;
  await stopEmulator({ port: Number(port), stateDir, eventsFile: process.env[E2E_ENV.eventsFile] ?? '' });
  rmSync(stateDir, { recursive: true, force: true });
}
