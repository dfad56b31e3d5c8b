import { chunked, zOrder } from './candidate-search';

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

describe('zOrder', () => {
  it('gives places in one ~10 km cell the same position', () => {
    expect(zOrder(52.371, 4.891)).toBe(zOrder(52.379, 4.899));
  });

  it('never puts a place before one south-west of it', () => {
    const places = [
      [50.85, 5.69], // Maastricht
      [51.44, 5.47], // Eindhoven
      [52.09, 5.12], // Utrecht
      [52.37, 4.89], // Amsterdam
      [53.22, 6.57], // Groningen
    ];
    for (const [lat, lon] of places)
      for (const [lat2, lon2] of places)
        if (lat <= lat2 && lon <= lon2)
          expect(zOrder(lat, lon)).toBeLessThanOrEqual(zOrder(lat2, lon2));
  });

  it('keeps the four cells of a 2 x 2 block next to each other', () => {
    // Cells whose row and column differ only in the lowest bit are consecutive on the curve.
    const [lat, lon] = [52.05, 5.15]; // row 1420, column 1296: both even
    const block = [
      zOrder(lat, lon),
      zOrder(lat, lon + 1 / 7),
      zOrder(lat + 0.1, lon),
      zOrder(lat + 0.1, lon + 1 / 7),
    ];
    expect(Math.max(...block) - Math.min(...block)).toBe(3);
  });
});
