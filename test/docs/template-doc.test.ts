/**
 * docs/template.md shows what `vmaudit template` prints for the three done-when templates: each
 * `console` block's command is run here and every line the page shows must be printed, in order
 * ("…" stands for lines left out). The baseline snapshot the third case uses is the test estate.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/program';
import { encodeSnapshot } from '../../lib/model/snapshot-file';
import { docPage } from '../support/doc-page';
import { devProdBaseline } from '../template/estate';

const page = docPage('template.md');
const blocks = [...page.matchAll(/```console\n\$ vmaudit (template [^\n]+)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, lines: m[2]!.trimEnd().split('\n') }));

async function run(args: string[], out: string): Promise<{ code: number; text: string }> {
  let text = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((text += String(s)), true));
  try {
    const code = await runCli([...args, '-o', out, '--at', '2026-12-01T00:00:00Z', '--no-color'], (s) => (text += s));
    return { code, text: text.split(out).join('vmaudit-out') };
  } finally {
    o.mockRestore();
  }
}

describe('docs/template.md', () => {
  it('shows-the-three-done-when-cases', () => {
    expect(blocks.map((b) => b.command.split(' ')[1])).toEqual(['test/fixtures/templates/ssh-open.yaml', 'test/fixtures/templates/peered-dev-prod.yaml', 'test/fixtures/templates/sg-rule-change.yaml']);
  });

  it('the-baseline-file-the-page-uses-is-the-test-estate', () => {
    expect(readFileSync(join(__dirname, '..', 'fixtures', 'templates', 'dev-prod-baseline.json'))).toEqual(encodeSnapshot(devProdBaseline()));
  });

  it.each(blocks.map((b) => [b.command, b]))('%s', async (_c, b) => {
    const r = await run(b.command.split(' '), mkdtempSync(join(tmpdir(), 'vmaudit-doc-')));
    expect(r.code).toBe(1);
    const printed = r.text.split('\n');
    let at = 0;
    for (const line of b.lines) {
      if (line.trim() === '…') continue;
      const found = printed.indexOf(line, at);
      expect({ line, found: found >= 0 }).toEqual({ line, found: true });
      at = found + 1;
    }
  });
});
