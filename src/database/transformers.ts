import { ValueTransformer } from 'typeorm';

/** PostgreSQL `numeric` arrives as a string; the domain wants a number. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};

/** An inclusive range of calendar dates, stored as a canonical `daterange` `[start, end+1)`. */
export interface DateRange {
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  end: string;
}

/** Adds `days` to an ISO date (`YYYY-MM-DD`), in UTC so no time zone shifts the day. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Maps {@link DateRange} to and from PostgreSQL's canonical `daterange` text. */
export const dateRangeTransformer: ValueTransformer = {
  to: (value: DateRange | null | undefined) =>
    value ? `[${value.start},${addDays(value.end, 1)})` : value,
  from: (value: string | null): DateRange | null => {
    if (!value) return null;
    const match = /^([[(])(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})([\])])$/.exec(value);
    if (!match) throw new Error(`Unexpected daterange ${value}`);
    const start = match[1] === '[' ? match[2] : addDays(match[2], 1);
    const end = match[4] === ')' ? addDays(match[3], -1) : match[3];
    return { start, end };
  },
};
