/** docs/cli.md's command reference is the one the commander definitions give (run `npm run docs:cli` when this fails). */
import { buildProgram } from '../../lib/cli/program';
import { renderCliReference } from '../../lib/docs/cli-reference';
import { docPage } from '../support/doc-page';

describe('docs/cli.md command reference', () => {
  const page = docPage('cli.md');

  it('is-current-with-the-commander-definitions', () => {
    expect(page).toContain(renderCliReference(buildProgram()));
  });

  it('lists-every-visible-command-and-no-hidden-one', () => {
    for (const c of ['demo', 'evaluate', 'scan', 'reach', 'events', 'policy validate', 'policy show', 'rules', 'permissions', 'report', 'verify', 'import aws-cli', 'completion']) {
      expect(page).toMatch(new RegExp(`^### \`vmaudit ${c}[ \`]`, 'm'));
    }
    expect(page).not.toContain('completion-server');
  });
});
