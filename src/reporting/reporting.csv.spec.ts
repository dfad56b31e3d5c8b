import { csvCell, toCsv } from './reporting.csv';

describe('CSV cells', () => {
  it('writes numbers plainly and null as an empty cell', () => {
    expect(csvCell(1234.5)).toBe('1234.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-13.5)).toBe('-13.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('Bakker, Las & Zonen')).toBe('"Bakker, Las & Zonen"');
    expect(csvCell('De "Echte" Smid')).toBe('"De ""Echte"" Smid"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Gewoon BV')).toBe('Gewoon BV');
  });

  it('keeps text that starts like a formula from being run by a spreadsheet', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+31 firm')).toBe("'+31 firm");
    expect(csvCell('-minus')).toBe("'-minus");
    expect(csvCell('@sum')).toBe("'@sum");
  });

  it('writes a header row and CRLF line ends', () => {
    const csv = toCsv(
      [
        { name: 'name', value: (r: { n: string; h: number }) => r.n },
        { name: 'hours', value: (r: { n: string; h: number }) => r.h },
      ],
      [
        { n: 'A', h: 1.25 },
        { n: 'B, C', h: 2 },
      ],
    );
    expect(csv).toBe('name,hours\r\nA,1.25\r\n"B, C",2\r\n');
  });
});
