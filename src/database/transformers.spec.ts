import { addDays, dateRangeTransformer } from './transformers';

describe('dateRangeTransformer', () => {
  it('stores an inclusive range as the canonical half-open daterange', () => {
    expect(dateRangeTransformer.to({ start: '2026-12-28', end: '2026-12-31' })).toBe(
      '[2026-12-28,2027-01-01)',
    );
  });

  it('reads canonical and closed ranges back as inclusive dates', () => {
    expect(dateRangeTransformer.from('[2026-12-28,2027-01-01)')).toEqual({
      start: '2026-12-28',
      end: '2026-12-31',
    });
    expect(dateRangeTransformer.from('(2026-02-27,2026-03-01]')).toEqual({
      start: '2026-02-28',
      end: '2026-03-01',
    });
  });

  it('adds days across month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});
