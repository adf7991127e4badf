import { pgArrayLiteral } from './pg-array-literal.js';

const same = <T>(v: T): T => v;

describe('pgArrayLiteral', () => {
  it('quotes every element, escapes backslashes and quotes, and writes NULL for absent values', () => {
    expect(pgArrayLiteral(['a', 'b c', 'say "hi"', 'C:\\dir', '', null, undefined], same)).toBe(
      '{"a","b c","say \\"hi\\"","C:\\\\dir","",NULL,NULL}',
    );
  });

  it('writes numbers as text and an empty list as {}', () => {
    expect(pgArrayLiteral([1, 1733000000123, null], same)).toBe('{"1","1733000000123",NULL}');
    expect(pgArrayLiteral([], same)).toBe('{}');
  });

  it('reads each element from its item', () => {
    expect(pgArrayLiteral([{ id: '7' }, { id: '8' }], (r) => r.id)).toBe('{"7","8"}');
  });
});
