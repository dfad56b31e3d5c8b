import { SqlParams, sqlList } from './sql';

describe('SqlParams.anyOf', () => {
  it('compares with a scalar for one id, so that a prepared statement can keep a generic plan', () => {
    const params = new SqlParams();
    params.add('first');
    expect(params.anyOf('d.id', ['a'])).toBe('d.id = CAST($2 AS uuid)');
    expect(params.values).toEqual(['first', 'a']);
  });

  it('compares with an array for several ids', () => {
    const params = new SqlParams();
    expect(params.anyOf('c.id', ['a', 'b'])).toBe('c.id = ANY(CAST($1 AS uuid[]))');
    expect(params.values).toEqual([['a', 'b']]);
  });
});

describe('sqlList', () => {
  it('writes constant values as a quoted SQL list, doubling any quote', () => {
    expect(sqlList(['PLANNED', 'ACTIVE'])).toBe(`('PLANNED', 'ACTIVE')`);
    expect(sqlList(["O'Neil"])).toBe(`('O''Neil')`);
  });
});
