import { closest, didYouMean, editDistance } from '../../lib/policy/suggest';
import { formatPath } from '../../lib/policy/locate';

describe('suggestions', () => {
  test.each([
    { a: 'ssh', b: 'ssh', d: 0 },
    { a: 'ec2-sg-no-public-sh', b: 'ec2-sg-no-public-ssh', d: 1 },
    { a: 'exceptoins', b: 'exceptions', d: 1 },
    { a: 'kitten', b: 'sitting', d: 3 },
    { a: '', b: 'abc', d: 3 },
  ])('editDistance($a, $b) = $d', ({ a, b, d }) => expect(editDistance(a, b)).toBe(d));

  test.each([
    { name: 'one-typo-finds-the-id', word: 'ec2-imdsv2-requird', want: 'ec2-imdsv2-required' },
    { name: 'case-is-ignored', word: 'Rules', want: 'rules' },
    { name: 'unique-prefix-is-suggested', word: 'cis', want: 'cis-3.0' },
    { name: 'far-word-gets-nothing', word: 'frobnicate', want: undefined },
    { name: 'ties-go-to-the-first-candidate', word: 'ab', want: 'aa' },
  ])('closest: $name', ({ word, want }) => {
    expect(closest(word, ['aa', 'ac', 'rules', 'ec2-imdsv2-required', 'cis-3.0', 'fsbp'])).toBe(want);
  });

  test.each([
    { name: 'a-near-word-names-one', word: 'cis-5', want: '; did you mean "cis-5.0"?' },
    { name: 'an-ambiguous-prefix-names-every-match', word: 'cis', want: '; did you mean one of "cis-3.0", "cis-5.0"?' },
    { name: 'a-far-word-names-none', word: 'hipaa', want: '' },
  ])('didYouMean: $name', ({ word, want }) => {
    expect(didYouMean(word, ['fsbp', 'cis-3.0', 'cis-5.0', 'pci-dss-4.0', 'nist-800-53-r5', 'vmaudit'])).toBe(want);
  });

  test.each([
    { path: [], want: '' },
    { path: ['rules', 'ec2-sg-authorized-ports', 'tcpPorts', 2], want: 'rules.ec2-sg-authorized-ports.tcpPorts[2]' },
    { path: ['exceptions', 0, 'tags', 'Role=web'], want: 'exceptions[0].tags["Role=web"]' },
    { path: ['rules', 'a.b'], want: 'rules["a.b"]' },
  ])('formatPath $want', ({ path, want }) => expect(formatPath(path)).toBe(want));
});
