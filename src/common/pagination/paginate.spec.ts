import { BadUserInputError } from '../errors';
import { decodeCursor, encodeCursor } from './paginate';

describe('cursors', () => {
  it('round-trip the sort key and id', () => {
    const id = '0b6f1a52-1c1e-4c58-9b0c-2f7b0f6f7a11';
    expect(decodeCursor(encodeCursor('de Vries', id))).toEqual(['de Vries', id]);
    expect(decodeCursor(encodeCursor(42, id))).toEqual([42, id]);
  });

  it.each([
    '',
    'bm9wZQ',
    Buffer.from('["a","not-a-uuid"]').toString('base64url'),
    Buffer.from('{}').toString('base64url'),
  ])('reject a cursor this list never returned: %p', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadUserInputError);
  });
});
