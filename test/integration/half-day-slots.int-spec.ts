import fc from 'fast-check';
import { Client } from 'pg';
import { connectTestDatabase } from '../support/database';

/** Slots by walking the calendar day by day: the definition the SQL arithmetic must agree with. */
function slotsByWalking(first: Date, days: number, halfDays: number[]): number {
  let count = 0;
  for (let i = 0; i < days; i++) {
    const weekday = (new Date(first.getTime() + i * 86_400_000).getUTCDay() + 6) % 7; // Monday = 0
    count += halfDays.filter((h) => Math.floor(h / 2) === weekday).length;
  }
  return count;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('half_day_slots (integration, real SQL)', () => {
  let client: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close } = await connectTestDatabase());
  });
  afterAll(() => close());

  it('counts the same slots as walking the calendar, for any period and half-days', async () => {
    const cases = fc.sample(
      fc.record({
        first: fc.date({
          min: new Date('1990-01-01'),
          max: new Date('2060-12-31'),
          noInvalidDate: true,
        }),
        days: fc.integer({ min: 0, max: 800 }),
        halfDays: fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { maxLength: 14 }),
      }),
      { numRuns: 3000, seed: 20261123 },
    );
    const firsts = cases.map((c) =>
      iso(
        new Date(Date.UTC(c.first.getUTCFullYear(), c.first.getUTCMonth(), c.first.getUTCDate())),
      ),
    );
    const { rows } = await client.query<{ fast: number; range: number; mask: number }>(
      `SELECT half_day_slots(f, f + n, half_day_mask(ARRAY(SELECT json_array_elements_text(hd::json)::int))) AS fast,
              half_day_slots(daterange(f, f + n), ARRAY(SELECT json_array_elements_text(hd::json)::int)) AS range,
              half_day_mask(ARRAY(SELECT json_array_elements_text(hd::json)::int)) AS mask
       FROM unnest($1::date[], $2::int[], $3::text[]) WITH ORDINALITY AS c(f, n, hd, i) ORDER BY i`,
      [firsts, cases.map((c) => c.days), cases.map((c) => JSON.stringify(c.halfDays))],
    );
    cases.forEach((c, i) => {
      const expected = slotsByWalking(new Date(`${firsts[i]}T00:00:00Z`), c.days, c.halfDays);
      expect({ i, fast: rows[i].fast, range: rows[i].range }).toEqual({
        i,
        fast: expected,
        range: expected,
      });
      expect(rows[i].mask).toBe(c.halfDays.reduce((m, h) => m | (1 << h), 0));
    });
  });

  it('counts nothing for an empty period or an empty half-day set', async () => {
    const { rows } = await client.query(
      `SELECT half_day_slots(DATE '2026-11-23', DATE '2026-11-23', 16383) AS empty_period,
              half_day_slots(DATE '2026-11-23', DATE '2027-11-23', 0) AS no_half_days,
              half_day_slots('empty'::daterange, ARRAY[0, 1]) AS empty_range`,
    );
    expect(rows[0]).toEqual({ empty_period: 0, no_half_days: 0, empty_range: 0 });
  });
});
