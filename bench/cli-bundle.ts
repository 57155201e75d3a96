/**
 * The CLI as one plain-JS file for the end-to-end suites: bundled with esbuild (dependencies stay in
 * node_modules), so the measured process holds neither ts-node nor the TypeScript compiler, as an
 * installed `vmaudit` would not. A preload records the process's own peak RSS (getrusage maxrss) on
 * exit, which a parent cannot read for one child among several.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The bench child runs bundled from elsewhere (so not __dirname) with the repository as its cwd.
const ROOT = process.cwd();
// Per process: node_modules may be shared by several checkouts, whose bundles must not overwrite each other.
let cache: string | undefined;
const cacheDir = () => (cache ??= mkdtempSync(join(tmpdir(), 'vmaudit-cli-bundle-')));

const PRELOAD = `
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.VMAUDIT_BENCH_RUSAGE, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, cpuMicros: process.cpuUsage().user + process.cpuUsage().system }));
});
`;

export function bundleCli(): string {
  const outfile = join(cacheDir(), 'vmaudit.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({ entryPoints: [join(ROOT, 'bin', 'vmaudit.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'error' });
  writeFileSync(join(cacheDir(), 'rusage-preload.js'), PRELOAD);
  return outfile;
}

/** Removes the bundle (call when the suite is done). */
export function removeCliBundle(): void {
  if (cache) rmSync(cache, { recursive: true, force: true });
  cache = undefined;
}

export interface CliRun {
  code: number | null;
  wallMs: number;
  peakRssMiB: number;
  /** User + system CPU time of the CLI process: on a shared machine, wall time includes waiting for a core. */
  cpuMs: number;
  stderr: string;
}

/** Runs the bundled CLI with `args` in a fresh Node process (nice'd like the rest of the bench). */
export function runCli(cli: string, args: readonly string[], nodeArgs: readonly string[] = []): Promise<CliRun> {
  const rusage = join(cacheDir(), `rusage-${Date.now()}.json`);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--require', join(cacheDir(), 'rusage-preload.js'), cli, ...args], {
      cwd: ROOT,
      // The bundle lives outside the repository; its external dependencies resolve from the repository's node_modules.
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), VMAUDIT_BENCH_RUSAGE: rusage, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      let peakRssMiB = NaN;
      let cpuMs = NaN;
      try {
        const u = JSON.parse(readFileSync(rusage, 'utf8')) as { maxRssKiB: number; cpuMicros: number };
        peakRssMiB = u.maxRssKiB / 1024;
        cpuMs = u.cpuMicros / 1000;
      } catch {
        // Killed before exit handlers ran (out of memory): no figure.
      }
      rmSync(rusage, { force: true });
      resolve({ code, wallMs, peakRssMiB, cpuMs, stderr });
    });
  });
}
