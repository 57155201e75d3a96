import { closest, editDistance } from '../../lib/policy/suggest';
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
    { path: [], want: '' },
    { path: ['rules', 'ec2-sg-authorized-ports', 'tcpPorts', 2], want: 'rules.ec2-sg-authorized-ports.tcpPorts[2]' },
    { path: ['exceptions', 0, 'tags', 'Role=web'], want: 'exceptions[0].tags["Role=web"]' },
    { path: ['rules', 'a.b'], want: 'rules["a.b"]' },
  ])('formatPath $want', ({ path, want }) => expect(formatPath(path)).toBe(want));
});
