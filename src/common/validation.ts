import { Transform } from 'class-transformer';
import { applyDecorators, ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { isEmail, Matches, ValidateBy } from 'class-validator';

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

/**
 * The global ValidationPipe, limited to what clients send: GraphQL arguments (and HTTP bodies,
 * queries and route params). Nest hands every parameter of every resolver to the global pipes,
 * so the stock pipe also ran class-transformer and class-validator over each `@Parent()` entity
 * on each field of each row of a list (most of the per-field cost in `npm run bench:api`).
 */
/**
 * `GqlParamtype.ARGS` of @nestjs/graphql: the kind Nest tags `@Args()` parameters with. The enum is
 * not exported by the package (its `exports` map hides dist/), so its value is repeated here.
 */
const GQL_ARGS = 3;

export class InputValidationPipe extends ValidationPipe {
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    const type: unknown = metadata.type;
    const fromClient = type === GQL_ARGS || type === 'body' || type === 'query' || type === 'param';
    return fromClient && super.toValidate(metadata);
  }
}

/**
 * A finite number with at most `places` decimals (7.25 for two). Replaces class-validator's
 * `IsNumber({ maxDecimalPlaces })`, which throws a TypeError on numbers that print in exponent
 * notation (`9e-323`), turning bad input into an internal error.
 */
export function MaxDecimals(places: number) {
  return ValidateBy({
    name: 'maxDecimals',
    validator: {
      // Rounding to `places` decimals gives the same number back only when it has no more.
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        Number(value.toFixed(places)) === value,
      defaultMessage: () => `$property must be a number with at most ${places} decimals`,
    },
  });
}

/** An unpaired UTF-16 surrogate: text that is not valid Unicode. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * An email address. Replaces class-validator's `IsEmail`, whose validator.js implementation
 * throws `URIError: URI malformed` on text with an unpaired surrogate (`"\ud800"`), turning bad
 * input into an internal error (found by the input fuzz).
 */
export function IsEmailAddress() {
  return ValidateBy({
    name: 'isEmail',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && !LONE_SURROGATE.test(value) && isEmail(value),
      defaultMessage: () => '$property must be an email',
    },
  });
}
