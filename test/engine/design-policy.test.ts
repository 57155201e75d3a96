import { FULL_CATALOGUE } from '../../lib/catalogue';
import { evaluate } from '../../lib/engine/evaluate';
import { image, snapshot } from '../../lib/model/builders';
import { designPolicy } from '../support/design-policy';
import { NOW } from '../support/run-rule';

describe('the DESIGN §4 policy (frameworks [fsbp, cis-3.0] plus isolation, flows, access, audit, response)', () => {
  const loaded = designPolicy();

  test('loads-without-warnings-and-runs-every-rule-of-the-catalogue', () => {
    expect(loaded.warnings).toEqual([]);
    const { rulesRun } = evaluate(snapshot(), loaded.policy, { rules: FULL_CATALOGUE, now: NOW });
    expect(rulesRun).toEqual(FULL_CATALOGUE.map((r) => r.id));
  });

  test('a-public-ami-is-a-failing-finding', () => {
    const snap = snapshot({ images: [image({ imageId: 'ami-0public', public: true }), image({ imageId: 'ami-0private' })] });
    const { findings } = evaluate(snap, loaded.policy, { rules: FULL_CATALOGUE, now: NOW });
    const ami = findings.filter((f) => f.ruleId === 'ec2-ami-not-public');
    expect(ami.map((f) => [f.resourceId, f.status])).toEqual([['ami-0public', 'FAIL'], ['ami-0private', 'PASS']]);
  });
});
