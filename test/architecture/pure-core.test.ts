/**
 * STYLE §2: rules, analysis, diffing and rendering are pure. This sweep fails when a pure module
 * imports the AWS SDK or reads the environment or the clock, so the boundary cannot erode quietly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** Edges: the only places allowed to touch the SDK, the environment, the file system or the clock. */
// lib/cdk runs inside a user's `cdk synth`: it reads the synthesized templates and the clock.
const EDGE_DIRS = ['lib/collect', 'lib/aws', 'lib/storage', 'lib/publish', 'lib/cli', 'lib/pipeline', 'lib/stack', 'lib/cdk'];
const EDGE_FILES = [/\.edge\.ts$/, /write-.*\.ts$/, /snapshot-file\.ts$/];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const pureFiles = walk(join(ROOT, 'lib'))
  .map((p) => relative(ROOT, p).split('\\').join('/'))
  .filter((p) => !EDGE_DIRS.some((d) => p.startsWith(d + '/')) && !EDGE_FILES.some((re) => re.test(p)));

const FORBIDDEN: { what: string; re: RegExp }[] = [
  { what: 'an AWS SDK import', re: /from ['"]@aws-sdk\// },
  { what: 'process.env', re: /process\.env/ },
  { what: 'the clock (Date.now())', re: /Date\.now\(\)/ },
  { what: 'the clock (new Date() without argument)', re: /new Date\(\)/ },
];

describe('pure core', () => {
  it('has pure modules to check', () => {
    expect(pureFiles.length).toBeGreaterThan(5);
  });
  it.each(pureFiles)('%s reads no SDK, environment or clock', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('*') && !line.trim().startsWith('//'))
      .join('\n');
    const found = FORBIDDEN.filter((f) => f.re.test(text)).map((f) => f.what);
    expect(found).toEqual([]);
  });
});
