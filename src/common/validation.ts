import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { Matches } from 'class-validator';

/** Dutch postcode, `1234 AB`; normalised to upper case with one space. */
export const DUTCH_POSTCODE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;

export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, 4)} ${compact.slice(4)}`;
}

/** Validates and normalises a Dutch postcode field. */
export function IsDutchPostcode() {
  return applyDecorators(
    Transform(({ value }) =>
      typeof value === 'string' && DUTCH_POSTCODE.test(value.trim())
        ? normalisePostcode(value.trim())
        : value,
    ),
    Matches(DUTCH_POSTCODE, { message: '$property must be a Dutch postcode such as 1312 AB' }),
  );
}

/** Trims a string field before validation. */
export function Trim() {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}
