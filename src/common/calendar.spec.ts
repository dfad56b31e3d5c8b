import { startOfDayIn, TIME_ZONE } from '../common/calendar';

describe('startOfDayIn', () => {
  it('puts a winter day at 23:00 UTC the evening before (CET, UTC+1)', () => {
    expect(startOfDayIn('2026-01-15', TIME_ZONE).toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });

  it('puts a summer day at 22:00 UTC the evening before (CEST, UTC+2)', () => {
    expect(startOfDayIn('2026-07-01', TIME_ZONE).toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('uses the offset of midnight itself on the days daylight saving time starts and ends', () => {
    // Clocks go forward on 29 March 2026 and back on 25 October 2026, both at night after midnight.
    expect(startOfDayIn('2026-03-29', TIME_ZONE).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayIn('2026-03-30', TIME_ZONE).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDayIn('2026-10-25', TIME_ZONE).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDayIn('2026-10-26', TIME_ZONE).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('is plain UTC midnight in UTC', () => {
    expect(startOfDayIn('2026-02-28', 'UTC').toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
