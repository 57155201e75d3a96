/**
 * The demo hides nothing: it writes its snapshot and the policy it used beside its runs, and
 * `vmaudit evaluate` on them (the command the demo prints) gives the demo's findings exactly.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { reproduceCommand } from '../../lib/cli/demo';

let dir: string;
let demoOut: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    const code = await runCli(args, (s) => (err += s));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

interface Doc {
  summary: unknown;
  findings: { id: string; ruleId: string; status: string; severity: string; resourceId: string; message: string; evidence: unknown }[];
}
const findingsOf = async (folder: string): Promise<Doc> => JSON.parse(await readFile(join(folder, 'latest', 'findings.json'), 'utf8')) as Doc;
const comparable = (d: Doc) => d.findings.map((f) => [f.id, f.ruleId, f.status, f.severity, f.resourceId, f.message, JSON.stringify(f.evidence)].join('\t'));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vmaudit-reproduce-'));
  demoOut = join(dir, 'demo');
  const r = await cli(['demo', '--out', demoOut]);
  expect(r.code).toBe(0);
  demoStdout = r.out;
}, 120_000);
let demoStdout = '';

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the demo, reproduced with vmaudit evaluate', () => {
  it('prints-the-command-that-reproduces-it', () => {
    expect(demoStdout).toContain(reproduceCommand(demoOut));
    expect(reproduceCommand(demoOut)).toMatch(/^vmaudit evaluate \S+snapshot\.json\.gz --policy \S+demo-policy\.yaml --at \S+Z$/);
  });

  it('evaluate-on-the-written-snapshot-and-policy-gives-the-same-findings', async () => {
    const again = join(dir, 'again');
    const [, , snapshot, , policy, , at] = reproduceCommand(demoOut).split(' ');
    const r = await cli(['evaluate', snapshot, '--policy', policy, '--at', at, '--out', again, '-q']);
    expect(r.code).toBe(0);
    const [a, b] = [await findingsOf(demoOut), await findingsOf(again)];
    expect(b.summary).toEqual(a.summary);
    expect(comparable(b)).toEqual(comparable(a));
  }, 120_000);

  it('a-findings-file-given-as-a-snapshot-is-named-as-such-exit-2', async () => {
    const r = await cli(['evaluate', join(demoOut, 'latest', 'findings.json'), '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/findings\.json is not a valid vmaudit snapshot[^\n]*\n {2}\$: this is a findings file \(findings\.json: the results of a run\), not an inventory snapshot/);
    expect(r.err).toContain('snapshot.json.gz');
    const reach = await cli(['reach', join(demoOut, 'latest', 'findings.json'), '--from', 'dev', '--to', 'prod']);
    expect(reach.code).toBe(2);
    expect(reach.err).toContain('this is a findings file');
  });
});
