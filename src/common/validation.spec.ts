import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsNumber, Min, validateSync } from 'class-validator';
import { InputValidationPipe, IsEmailAddress, MaxDecimals } from './validation';

class Page {
  @IsInt()
  @Min(1)
  first!: number;
}

describe('InputValidationPipe', () => {
  const pipe = new InputValidationPipe({ transform: true });
  const invalid = () => Object.assign(new Page(), { first: -1 });

  it('validates GraphQL arguments', async () => {
    await expect(pipe.transform(invalid(), { type: 3 as never, metatype: Page })).rejects.toThrow(
      BadRequestException,
    );
  });

  it('validates HTTP bodies', async () => {
    await expect(pipe.transform(invalid(), { type: 'body', metatype: Page })).rejects.toThrow(
      BadRequestException,
    );
  });

  it('hands a resolver its parent object as it is, without validating or copying it', async () => {
    const parent = invalid();
    await expect(pipe.transform(parent, { type: 0 as never, metatype: Page })).resolves.toBe(
      parent,
    );
  });
});

class Hours {
  @IsNumber()
  @MaxDecimals(2)
  hours!: number;
}

const problems = (hours: unknown) =>
  validateSync(plainToInstance(Hours, { hours })).flatMap((e) => Object.keys(e.constraints ?? {}));

describe('MaxDecimals', () => {
  it('accepts numbers with at most the given decimals', () => {
    for (const ok of [8, 7.25, 0.01, 12.5, 1e3]) expect(problems(ok)).toEqual([]);
  });

  it('refuses more decimals, and numbers in exponent notation without throwing (found by the input fuzz)', () => {
    for (const bad of [7.255, 9e-323, 5e-324, 1.000001])
      expect(problems(bad)).toContain('maxDecimals');
    expect(problems(Infinity)).toContain('maxDecimals');
    expect(problems('7.25')).toContain('maxDecimals');
  });
});

class Contact {
  @IsEmailAddress()
  email!: string;
}

const emailProblems = (email: unknown) =>
  validateSync(plainToInstance(Contact, { email })).flatMap((e) =>
    Object.keys(e.constraints ?? {}),
  );

describe('IsEmailAddress', () => {
  it('accepts addresses, including non-ASCII ones', () => {
    for (const ok of ['a@b.nl', 'sanne.devries@vandermeer.demo', 'jörg@müller.de'])
      expect(emailProblems(ok)).toEqual([]);
  });

  it('refuses non-addresses and an unpaired surrogate without throwing (found by the input fuzz)', () => {
    for (const bad of ['\ud800', 'a\udc00@b.nl', 'not an email', '', 42, null])
      expect(emailProblems(bad)).toEqual(['isEmail']);
  });
});

describe('InputValidationPipe memo of valid inputs', () => {
  class Filter {
    @IsInt()
    @Min(1)
    first!: number;
  }
  const args = { type: 3 as never, metatype: Filter };

  it('validates an input once while it stays valid, and an invalid one every time', async () => {
    const pipe = new InputValidationPipe({ transform: true });
    // class-validator, as the stock pipe calls it.
    const validator = jest.spyOn(
      ValidationPipe.prototype as unknown as { validate: (o: object) => Promise<unknown[]> },
      'validate',
    );
    const calls = () => validator.mock.calls.length;
    await expect(pipe.transform({ first: 5 }, args)).resolves.toEqual({ first: 5 });
    await expect(pipe.transform({ first: 5 }, args)).resolves.toBeInstanceOf(Filter);
    expect(calls()).toBe(1);
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ first: 0 }, args)).rejects.toThrow(BadRequestException);
      await expect(pipe.transform({ first: '5' }, args)).rejects.toThrow(BadRequestException);
    }
    expect(calls()).toBe(5);
    validator.mockRestore();
  });

  it('answers exactly as class-validator for any input, before and after it was remembered', async () => {
    const pipe = new InputValidationPipe({ transform: true });
    const fresh = (value: unknown) =>
      new InputValidationPipe({ transform: true }).transform(value, args).then(
        () => 'valid',
        () => 'invalid',
      );
    const inputs = [{ first: 1 }, { first: 0 }, { first: 2.5 }, { first: null }, {}, { first: 7 }];
    for (const input of [...inputs, ...inputs]) {
      const outcome = await pipe.transform(input, args).then(
        () => 'valid',
        () => 'invalid',
      );
      expect({ input, outcome }).toEqual({ input, outcome: await fresh(input) });
    }
  });
});
