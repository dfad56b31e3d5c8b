import { HalfDay, halfDaysToNumbers, numbersToHalfDays, WORKING_WEEK } from './half-day';

describe('half-days', () => {
  it('number Monday morning 0 to Sunday afternoon 13, sorted and unique', () => {
    expect(
      halfDaysToNumbers([HalfDay.SUNDAY_AFTERNOON, HalfDay.MONDAY_MORNING, HalfDay.MONDAY_MORNING]),
    ).toEqual([0, 13]);
    expect(numbersToHalfDays([3, 2])).toEqual([HalfDay.TUESDAY_MORNING, HalfDay.TUESDAY_AFTERNOON]);
  });

  it('default to Monday to Friday, both halves', () => {
    expect(halfDaysToNumbers(WORKING_WEEK)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
