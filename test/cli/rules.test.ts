/** `vmaudit rules --framework <id>`: every control of the framework with its title and rules, the ones vmaudit cannot evidence marked so. */
import { runCli } from '../../lib/cli/program';
import { FRAMEWORK_IDS, framework } from '../../lib/frameworks';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await runCli(args, (s) => (err += s)), out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('vmaudit rules --framework', () => {
  it.each(FRAMEWORK_IDS.map((id) => [id]))('%s-json-lists-every-control-with-title-rules-and-whether-evidenced', async (id) => {
    const r = await cli(['rules', '--framework', id, '--json']);
    expect(r.code).toBe(0);
    const fw = framework(id);
    const printed = JSON.parse(r.out) as { id: string; controls: { id: string; title: string; rules: string[]; evidenced: boolean }[] };
    expect(printed.id).toBe(id);
    expect(printed.controls.map((c) => [c.id, c.title, c.rules, c.evidenced])).toEqual(fw.controls.map((c) => [c.id, c.title, [...c.rules], c.rules.length > 0]));
  });

  it('table-shows-ids-whole-and-says-what-cannot-be-evidenced', async () => {
    const r = await cli(['rules', '--framework', 'fsbp']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('AutoScaling.1 ');
    expect(r.out).toContain('not evidenced:');
    expect(r.out).toMatch(/\d+ controls: \d+ evidenced by vmaudit rules, \d+ not evidenced \(reported as such, never counted as passed\)\./);
  });

  it('an-unknown-framework-is-a-usage-error-naming-the-choices', async () => {
    const r = await cli(['rules', '--framework', 'cis']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cis-3.0, cis-5.0');
  });
});
