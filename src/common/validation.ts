import { Transform } from 'class-transformer';
import { applyDecorators, ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { isEmail, Matches, ValidateBy, ValidationError, ValidatorOptions } from 'class-validator';

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
  /**
   * Inputs found valid before, by class and by their JSON after transformation (see
   * {@link InputValidationPipe.validate}).
   */
  private readonly valid = new WeakMap<object, Set<string>>();

  protected override toValidate(metadata: ArgumentMetadata): boolean {
    const type: unknown = metadata.type;
    const fromClient = type === GQL_ARGS || type === 'body' || type === 'query' || type === 'param';
    return fromClient && super.toValidate(metadata);
  }

  /**
   * class-validator's validation, remembered for inputs it found valid: every validator in use
   * is a pure function of the value (class-validator's own and the ones in this file), so an
   * input of the same class with the same JSON (GraphQL coerces arguments and input fields in
   * their declared order, and admits no value JSON cannot tell apart) is valid again. A list
   * asked for again with the same arguments skips the validators (a few per cent of a nested
   * page's CPU in `npm run bench:api`). Invalid inputs are validated each time, so their errors
   * are always class-validator's; small inputs only, at most {@link VALID_INPUTS} per class.
   */
  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    // Only instances made from the input (Nest also validates stand-ins that carry their class
    // as an own `constructor`, with other options, to ask whether a class has rules at all).
    const instance =
      !Object.prototype.hasOwnProperty.call(object, 'constructor') &&
      Object.getPrototypeOf(object) === (object.constructor as { prototype?: unknown }).prototype &&
      validatorOptions?.forbidUnknownValues !== true;
    const key = instance ? jsonOf(object) : undefined;
    if (key === undefined) return super.validate(object, validatorOptions);
    let known = this.valid.get(object.constructor);
    if (known?.has(key)) return [];
    const errors = await super.validate(object, validatorOptions);
    if (errors.length === 0 && key.length <= MAX_REMEMBERED_INPUT) {
      if (!known) {
        known = new Set();
        this.valid.set(object.constructor, known);
      }
      if (known.size < VALID_INPUTS) known.add(key);
    }
    return errors;
  }
}

/** The JSON of an input, or undefined when it has none (a BigInt, say): then no memo. */
function jsonOf(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** Valid inputs remembered per input class. */
const VALID_INPUTS = 1000;
/** Longest input (JSON characters) whose validity is remembered. */
const MAX_REMEMBERED_INPUT = 1000;

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
