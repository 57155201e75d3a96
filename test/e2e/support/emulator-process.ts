/**
 * Starting and stopping the AWS emulator of ../shared/aws-emulator (moto as a local server) for the
 * e2e suite. It lives beside the repository, never inside it; a machine without it (or without its
 * Debian packages) fails the suite with the command that installs them, it never skips.
 */
import { sharedPath } from '../../support/shared-folder';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const EMULATOR_DIR = sharedPath('aws-emulator');

export interface EmulatorProcess {
  endpoint: string;
  port: number;
  /** Where start.sh keeps its pid and server.log. */
  stateDir: string;
  /** The file served as cloudtrail:LookupEvents (re-read by the emulator on every call). */
  eventsFile: string;
}

/** A port nothing listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile('bash', [script], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      ok({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function emulatorEnv(port: number, stateDir: string, eventsFile: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, AWS_EMULATOR_PORT: String(port), AWS_EMULATOR_STATE: stateDir, AWS_EMULATOR_EVENTS: eventsFile, ...extra };
}

/** Starts the emulator; throws with start.sh's own explanation (the apt-get line when packages are missing). */
export async function startEmulator(o: { port: number; stateDir: string; eventsFile: string; env?: NodeJS.ProcessEnv; dir?: string }): Promise<EmulatorProcess> {
  const dir = o.dir ?? EMULATOR_DIR;
  const script = resolve(dir, 'start.sh');
  if (!existsSync(script)) {
    throw new Error(`e2e: the AWS emulator is missing: ${script} does not exist. The e2e suite runs against ../shared/aws-emulator beside the repository (a checkout of the shared folder); put it there, or point VMAUDIT_SHARED at that folder, and run npm test again.`);
  }
  const r = await run(script, emulatorEnv(o.port, o.stateDir, o.eventsFile, o.env ?? {}));
  if (r.code !== 0) {
    throw new Error(`e2e: the AWS emulator did not start (${script} exited ${r.code}):\n${r.stderr.trim() || r.stdout.trim()}`);
  }
  return { endpoint: r.stdout.trim().split('\n').pop() as string, port: o.port, stateDir: o.stateDir, eventsFile: o.eventsFile };
}

export async function stopEmulator(e: Pick<EmulatorProcess, 'port' | 'stateDir' | 'eventsFile'>, dir = EMULATOR_DIR): Promise<void> {
  await run(resolve(dir, 'stop.sh'), emulatorEnv(e.port, e.stateDir, e.eventsFile, {}));
}
