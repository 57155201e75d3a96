/** The e2e harness itself: a machine without the emulator's packages fails the suite with the fix, it never skips. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmulator } from './support/emulator-process';

describe('e2e harness', () => {
  it('an-emulator-without-its-python-packages-fails-with-the-apt-get-command', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'vmaudit-e2e-missing-'));
    // start.sh checks its interpreter's imports first; /bin/false stands for a python without them.
    const start = startEmulator({ port: await freePort(), stateDir, eventsFile: join(stateDir, 'events.json'), env: { AWS_EMULATOR_PYTHON: '/bin/false' } });
    await expect(start).rejects.toThrow(/did not start[\s\S]*apt-get install -y --no-install-recommends .*python3-boto3/);
  });

  it('a-missing-emulator-folder-fails-naming-where-it-is-expected', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'vmaudit-e2e-missing-'));
    const start = startEmulator({ port: await freePort(), stateDir, eventsFile: join(stateDir, 'events.json'), dir: join(stateDir, 'no-such-emulator') });
    await expect(start).rejects.toThrow(/emulator is missing: .*no-such-emulator\/start\.sh does not exist/);
  });
});
