import { registerEnumType } from '@nestjs/graphql';

/**
 * The 14 half-days of a week, by which work is booked. Stored as integers 0..13 (Monday morning
 * is 0, Sunday afternoon 13) in `int[]` columns so that intarray's `&&` can guard overlaps.
 */
export enum HalfDay {
  MONDAY_MORNING = 'MONDAY_MORNING',
  MONDAY_AFTERNOON = 'MONDAY_AFTERNOON',
  TUESDAY_MORNING = 'TUESDAY_MORNING',
  TUESDAY_AFTERNOON = 'TUESDAY_AFTERNOON',
  WEDNESDAY_MORNING = 'WEDNESDAY_MORNING',
  WEDNESDAY_AFTERNOON = 'WEDNESDAY_AFTERNOON',
  THURSDAY_MORNING = 'THURSDAY_MORNING',
  THURSDAY_AFTERNOON = 'THURSDAY_AFTERNOON',
  FRIDAY_MORNING = 'FRIDAY_MORNING',
  FRIDAY_AFTERNOON = 'FRIDAY_AFTERNOON',
  SATURDAY_MORNING = 'SATURDAY_MORNING',
  SATURDAY_AFTERNOON = 'SATURDAY_AFTERNOON',
  SUNDAY_MORNING = 'SUNDAY_MORNING',
  SUNDAY_AFTERNOON = 'SUNDAY_AFTERNOON',
}

registerEnumType(HalfDay, {
  name: 'HalfDay',
  description:
    'A half-day of the week (morning or afternoon); windows, demand and loans cover a set of them.',
});

export const HALF_DAYS: readonly HalfDay[] = Object.values(HalfDay);

/** Monday to Friday, both halves: the default when no half-days are given. */
export const WORKING_WEEK: readonly HalfDay[] = HALF_DAYS.slice(0, 10);

/** Half-days to their stored numbers, sorted and without duplicates. */
export function halfDaysToNumbers(days: readonly HalfDay[]): number[] {
  return [...new Set(days.map((d) => HALF_DAYS.indexOf(d)))].sort((a, b) => a - b);
}

/** Stored numbers back to half-days. */
export function numbersToHalfDays(numbers: readonly number[]): HalfDay[] {
  return [...numbers].sort((a, b) => a - b).map((n) => HALF_DAYS[n]);
}
