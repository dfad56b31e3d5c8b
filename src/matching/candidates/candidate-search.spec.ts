import { chunked } from './candidate-search';

describe('chunked', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);
  const sizes = (n: number) => chunked(ids(n)).map((c) => c.length);

  it('cuts long lists into chunks of at most 250 demands, in order', () => {
    expect(sizes(1001)).toEqual([250, 250, 250, 250, 1]);
    expect(chunked(ids(1001)).flat()).toEqual(ids(1001));
  });

  it('gives a short list one chunk per connection, so that both work', () => {
    expect(sizes(248)).toEqual([124, 124]);
    expect(sizes(3)).toEqual([2, 1]);
    expect(sizes(1)).toEqual([1]);
    expect(sizes(0)).toEqual([]);
  });
});
