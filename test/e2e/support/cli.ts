/**
 * Runs the built CLI (dist/bin/vmaudit.js, what `npm run build` makes and package.json's bin points
 * at) in a child process, as a user runs it, with only the environment a test gives it (no profile
 * or credentials of the machine leak in).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './emulator-process';
import { TEST_CREDENTIALS } from './emulator';

export const CLI = join(REPO_ROOT, 'dist', 'bin', 'vmaudit.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** The environment of a user pointing the CLI at an endpoint (AWS_ENDPOINT_URL), with test credentials. */
export function awsEnv(endpoint: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'vmaudit-e2e-home-')),
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

/**
 * `killAfterMs` is a safety net so that a hang fails the test with what was printed instead of
 * blocking the suite; the tests wait for the process to end, never for a time.
 */
export function runCli(args: string[], o: { env: NodeJS.ProcessEnv; cwd?: string; killAfterMs?: number }): Promise<CliResult> {
  const started = Date.now();
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: o.env, cwd: o.cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const guard = setTimeout(() => child.kill('SIGKILL'), o.killAfterMs ?? 240_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      ok({ code, signal, stdout, stderr, wallMs: Date.now() - started });
    });
  });
}
