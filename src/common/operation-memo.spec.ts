import { parse } from 'graphql';
import { OperationMemo } from './operation-memo';

describe('OperationMemo', () => {
  const document = parse('query A { a } query B { b }');

  it('makes a value once per operation of a document', () => {
    const memo = new OperationMemo<{ n: number }>();
    let made = 0;
    const create = () => ({ n: ++made });
    expect(memo.get(document, 'A', create)).toEqual({ n: 1 });
    expect(memo.get(document, 'A', create)).toEqual({ n: 1 });
    expect(memo.get(document, 'B', create)).toEqual({ n: 2 });
    expect(memo.get(parse('query A { a }'), 'A', create)).toEqual({ n: 3 });
    expect(made).toBe(3);
  });

  it('does not keep an undefined result', () => {
    const memo = new OperationMemo<number>();
    let asked = 0;
    expect(memo.get(document, undefined, () => (asked++, undefined))).toBeUndefined();
    expect(memo.get(document, undefined, () => (asked++, 7))).toBe(7);
    expect(memo.get(document, null, () => (asked++, 8))).toBe(7);
    expect(asked).toBe(2);
  });
});
