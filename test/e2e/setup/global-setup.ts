/**
 * e2e global setup: builds the CLI as a user would (`npm run build` → dist/bin/vmaudit.js, skipped when
 * dist/ is newer than every source), then starts the AWS emulator on a free port.
 * The test files read where it is from the environment (support/emulator.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../support/build-cli';
import { freePort, REPO_ROOT, startEmulator } from '../support/emulator-process';
import { E2E_ENV } from '../support/env-names';

export default async function globalSetup(): Promise<void> {
  buildCli(REPO_ROOT);
  const stateDir = mkdtempSync(join(tmpdir(), 'vmaudit-e2e-emulator-'));
  const eventsFile = join(stateDir, 'events.json');
  writeFileSync(eventsFile, '{}');
  const emulator = await startEmulator({ port: await freePort(), stateDir, eventsFile });
  process.env[E2E_ENV.endpoint] = emulator.endpoint;
  process.env[E2E_ENV.port] = String(emulator.port);
  process.env[E2E_ENV.stateDir] = stateDir;
  process.env[E2E_ENV.eventsFile] = eventsFile;
}
