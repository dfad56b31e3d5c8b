import { Random } from './random';

/** `YYYY-MM-DD` of an instant, in UTC. */
export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The ISO date `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** The Monday on or before `instant` (UTC), as an ISO date. */
export function mondayOf(instant: Date): string {
  return addDays(isoDate(instant), -((instant.getUTCDay() + 6) % 7));
}

/** Mondays counted from an anchor Monday, cached: generators ask for the same few hundred. */
export class WeekCalendar {
  private readonly mondays = new Map<number, string>();

  constructor(readonly anchor: string) {}

  /** The Monday `week` weeks after the anchor. */
  monday(week: number): string {
    let date = this.mondays.get(week);
    if (date === undefined) {
      date = addDays(this.anchor, 7 * week);
      this.mondays.set(week, date);
    }
    return date;
  }
}

/** A weekly availability pattern of people who can be lent, with how common it is. */
interface WeekPattern {
  halfDays: readonly number[];
  weight: number;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Half-days are 0 = Monday morning ... 13 = Sunday afternoon; day d has 2d and 2d + 1. */
const AVAILABILITY_PATTERNS: readonly WeekPattern[] = [
  { halfDays: range(0, 9), weight: 45 }, // full time
  { halfDays: range(0, 7), weight: 12 }, // four days, Monday to Thursday
  { halfDays: range(2, 9), weight: 6 }, // four days, Tuesday to Friday
  { halfDays: range(0, 5), weight: 8 }, // Monday to Wednesday
  { halfDays: range(4, 9), weight: 5 }, // Wednesday to Friday
  { halfDays: [2, 3, 6, 7], weight: 6 }, // Tuesday and Thursday
  { halfDays: [0, 2, 4, 6, 8], weight: 5 }, // mornings
  { halfDays: [1, 3, 5, 7, 9], weight: 2 }, // afternoons
  { halfDays: range(0, 10), weight: 4 }, // full time and Saturday morning
  { halfDays: [8, 9], weight: 3 }, // Fridays
  { halfDays: [0, 1], weight: 2 }, // Mondays
];

/** Window lengths in weeks and how common they are: mostly a few weeks, sometimes a quarter. */
const WINDOW_WEEKS: readonly { weeks: number; weight: number }[] = [
  { weeks: 1, weight: 10 },
  { weeks: 2, weight: 16 },
  { weeks: 3, weight: 14 },
  { weeks: 4, weight: 14 },
  { weeks: 5, weight: 8 },
  { weeks: 6, weight: 9 },
  { weeks: 7, weight: 4 },
  { weeks: 8, weight: 7 },
  { weeks: 9, weight: 3 },
  { weeks: 10, weight: 4 },
  { weeks: 11, weight: 2 },
  { weeks: 12, weight: 4 },
];

/** How often a person's availability runs in one, two or three tracks of half-days. */
const trackWeight = (tracks: number) => [0, 40, 45, 15][tracks];

/** Hours a half-day of work counts for. */
export const HOURS_PER_HALF_DAY = 4;

/** One availability window: [from, until) on the given half-days. */
export interface PlannedWindow {
  from: string;
  until: string;
  halfDays: number[];
  hoursPerWeek: number;
}

/**
 * `count` availability windows of one person that never share a half-day in overlapping periods
 * (the exclusion constraint on availability_window), so they may go to any of the firm's pools.
 *
 * The person has a weekly pattern (full time, four days, two days, mornings...). Its days are
 * split into one to `maxTracks` (at most three) "tracks" with disjoint half-days
 * (Monday-Wednesday and Thursday-Friday, say); each track is a row of consecutive windows of
 * 1-12 weeks with gaps of own work between them, each on the track's half-days or part of them.
 */
export function planWindows(
  random: Random,
  count: number,
  calendar: WeekCalendar,
  options: { firstWeek: readonly [number, number]; maxTracks: number },
): PlannedWindow[] {
  if (count <= 0) return [];
  const pattern = random.weighted(AVAILABILITY_PATTERNS, (p) => p.weight).halfDays;
  const wanted = Math.min(count, options.maxTracks, random.weighted([1, 2, 3], trackWeight));
  const units = splitIntoUnits(pattern, wanted);
  const tracks = partition(units, Math.min(wanted, units.length));

  const windows: PlannedWindow[] = [];
  for (let t = 0; t < tracks.length; t++) {
    const n = Math.floor(count / tracks.length) + (t < count % tracks.length ? 1 : 0);
    // Many windows in a row are short ones, so that availability stays within about 7 months.
    const maxWeeks = Math.max(1, Math.min(12, Math.floor(30 / n)));
    const lengths = WINDOW_WEEKS.filter((w) => w.weeks <= maxWeeks);
    let week = random.int(options.firstWeek[0], options.firstWeek[1]);
    for (let i = 0; i < n; i++) {
      const weeks = random.weighted(lengths, (w) => w.weight).weeks;
      const halfDays = random.chance(0.15) ? part(random, tracks[t]) : tracks[t];
      windows.push({
        from: calendar.monday(week),
        until: calendar.monday(week + weeks),
        halfDays,
        hoursPerWeek: halfDays.length * HOURS_PER_HALF_DAY,
      });
      week += weeks + (random.chance(0.5) ? 0 : random.int(1, 3));
    }
  }
  return windows;
}

/** Half-days grouped by day; days split into single half-days while fewer than `wanted`. */
function splitIntoUnits(halfDays: readonly number[], wanted: number): number[][] {
  const byDay = new Map<number, number[]>();
  for (const h of halfDays) {
    const day = Math.floor(h / 2);
    byDay.set(day, [...(byDay.get(day) ?? []), h]);
  }
  const units = [...byDay.values()];
  for (let i = 0; units.length < wanted && i < units.length; i++) {
    if (units[i].length > 1) units.splice(i, 1, [units[i][0]], [units[i][1]]);
  }
  return units;
}

/** Consecutive units in `groups` groups of nearly equal size, each flattened. */
function partition(units: readonly number[][], groups: number): number[][] {
  const out: number[][] = [];
  let next = 0;
  for (let g = 0; g < groups; g++) {
    const size = Math.ceil((units.length - next) / (groups - g));
    out.push(units.slice(next, next + size).flat());
    next += size;
  }
  return out;
}

/** Part of a track: its mornings only, or all but its last day. Never empty. */
function part(random: Random, halfDays: readonly number[]): number[] {
  const mornings = halfDays.filter((h) => h % 2 === 0);
  if (random.chance(0.5) && mornings.length > 0 && mornings.length < halfDays.length)
    return mornings;
  const lastDay = Math.floor(halfDays[halfDays.length - 1] / 2);
  const rest = halfDays.filter((h) => Math.floor(h / 2) !== lastDay);
  return rest.length > 0 ? rest : [...halfDays];
}
