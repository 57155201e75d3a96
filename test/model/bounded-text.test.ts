import { boundStrings, truncate } from '../../lib/model/bounded-text';

describe('truncate: a cut always shows', () => {
  it.each([
    ['short-text-is-unchanged', 'abc', 10, 'abc'],
    ['small-budget-ends-with-an-ellipsis', 'abcdefghij', 5, 'abcd…'],
    ['large-budget-states-the-size-of-the-whole-value', 'x'.repeat(1000), 200, `${'x'.repeat(200 - '…(truncated, 1000 bytes)'.length)}…(truncated, 1000 bytes)`],
    ['size-is-counted-in-utf8-bytes', 'é'.repeat(500), 150, `${'é'.repeat(150 - '…(truncated, 1000 bytes)'.length)}…(truncated, 1000 bytes)`],
  ])('%s', (_name, s, max, expected) => {
    expect(truncate(s, max)).toBe(expected);
    expect(truncate(s, max).length).toBeLessThanOrEqual(max);
  });

  it('never-splits-a-surrogate-pair', () => {
    const cut = truncate('😀'.repeat(100), 150);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(cut).toMatch(/…\(truncated, 400 bytes\)$/);
  });
});

describe('boundStrings: every nested string within the budget', () => {
  it('returns-the-same-object-when-nothing-is-over', () => {
    const v = { a: 'x', b: ['y', { c: 'z' }], n: 3, t: true, nil: null };
    expect(boundStrings(v, 200)).toBe(v);
  });

  it('cuts-nested-strings-and-leaves-the-input-untouched', () => {
    const long = 'x'.repeat(5000);
    const v = { tags: { Name: long }, list: ['ok', long], n: 1 };
    const b = boundStrings(v, 200);
    expect(b.tags.Name).toMatch(/…\(truncated, 5000 bytes\)$/);
    expect(b.tags.Name.length).toBe(200);
    expect(b.list).toEqual(['ok', expect.stringMatching(/…\(truncated, 5000 bytes\)$/)]);
    expect(b.n).toBe(1);
    expect(v.tags.Name).toBe(long);
  });
});
