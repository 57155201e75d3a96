/**
 * `npm run build` before the e2e suite, unless dist/ is already newer than every input of the build
 * (the sources under bin/, lib/, lambdas/, the tsconfig files, package-lock.json): a fresh clone
 * always builds, a developer re-running the suite does not pay a minute of tsc for nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUT_DIRS = ['bin', 'lib', 'lambdas'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
/** Written by every build (tsconfig.build.json's tsBuildInfoFile). */
const BUILD_STAMP = join('dist', '.tsbuildinfo');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts') || e.name.endsWith('.json') || e.name.endsWith('.yaml')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export function buildIsCurrent(root: string): boolean {
  const stamp = join(root, BUILD_STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'bin', 'vmaudit.js'))) return false;
  const inputs = Math.max(...INPUT_DIRS.map((d) => newestMtime(join(root, d))), ...INPUT_FILES.map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)));
  return statSync(stamp).mtimeMs > inputs;
}

export function buildCli(root: string): void {
  if (buildIsCurrent(root)) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
