import { jsonPairs, Projection, rowFieldsFor, selectList } from './projection';

type Key = 'id' | 'name' | 'city' | 'ownerId';
const sut: Projection<Key> = {
  columns: { id: 'c.id', name: 'c.name', city: 'c.city', ownerId: 'c.owner_id AS "ownerId"' },
  reads: { __typename: [], id: ['id'], name: ['name'], city: ['city'], owner: ['ownerId'] },
  always: ['id'],
};

describe('projection', () => {
  it('reads the columns of the selected fields and of their resolvers, plus the ones always read', () => {
    expect(rowFieldsFor(sut, new Set(['name']))).toEqual(['id', 'name']);
    expect(rowFieldsFor(sut, new Set(['owner', '__typename']))).toEqual(['id', 'ownerId']);
    expect(rowFieldsFor(sut, new Set())).toEqual(['id']);
  });

  it('reads every column for a field it does not know, or when the selection is unknown', () => {
    const all = ['id', 'name', 'city', 'ownerId'];
    expect(rowFieldsFor(sut, new Set(['name', 'addedElsewhere']))).toEqual(all);
    expect(rowFieldsFor(sut, undefined)).toEqual(all);
  });

  it('gives one text per selection, in its own column order, as a select list or JSON pairs', () => {
    expect(selectList(sut, new Set(['owner', 'name']))).toBe(
      'c.id, c.name, c.owner_id AS "ownerId"',
    );
    expect(selectList(sut, new Set(['name', 'owner']))).toBe(
      selectList(sut, new Set(['owner', 'name'])),
    );
    expect(jsonPairs(sut, new Set(['city']))).toBe("'id', c.id, 'city', c.city");
  });
});
